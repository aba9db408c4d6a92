import {
  builtInRules,
  catalogue,
  commands,
  defaultPolicy,
  deciders,
  type CommandDefinition,
  type ComplianceRule,
  type DecidedStreamKind,
  type Decision,
  type Jurisdiction,
  type LedgerEvent,
  type LoadedStream,
  type RecordedEvent,
  type RulePolicy,
  type StreamStates,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { breachRegister, type BreachRegisterState } from './breach-register'
import { byString, lookup, sortedEntries, type Dict } from './dict'
import { dsrTracker, type DsrTrackerState } from './dsr-tracker'
import type { Projection } from './projection'
import type { RegisterState } from './register'
import { retentionDueList, type RetentionState } from './retention-due-list'
import { evolveStream } from './stream-state'
import { transferRegister } from './transfer-register'

/**
 * Findings: one list of everything out of order, each with its rule and article, judged by
 * the rules' own functions (no rule written twice).
 *
 * The fold keeps the decider state of every stream a decision reads (rights, activities,
 * requests, disclosures, processors, adequacy; never the high-volume processing streams) and
 * re-runs the ledger's compliance rules, with the same `Decision` the gate would have built,
 * on every event no gate judged as it stands in the log:
 * - an imported fact (the import path never refuses: here it is judged);
 * - a gate record without the versions it was decided on (written around the ledger);
 * - a gate record decided on a stream that had moved on before it was stored (its `decidedOn`
 *   version is behind): a withdrawal, objection or restriction that landed meanwhile with an
 *   earlier `occurredAt` is caught this way.
 * Late breach notifications, overdue requests, overdue retention and transfers without a
 * mechanism need `now`: `findings` adds them from the other projections' states.
 */

/** Why an event was judged. */
export type JudgedReason = 'imported-fact' | 'ungated-record' | 'stale-decision'

/** Where in the log a finding was seen. */
export interface Occurrence {
  /** The global position, as a decimal string (state is JSON). */
  readonly position: string
  readonly eventId: string
  readonly occurredAt: string
}

/** One rule broken by events of one type in one stream, counted. */
export interface JudgedFinding {
  readonly reason: JudgedReason
  readonly rule: string
  readonly article: string
  /** The first occurrence's explanation (names categories and ids, never personal data). */
  readonly explanation: string
  readonly controllerId: string
  readonly streamId: string
  readonly eventType: string
  readonly subjectId?: string
  count: number
  readonly first: Occurrence
  last: Occurrence
}

interface StreamSnapshot {
  readonly kind: DecidedStreamKind
  readonly version: number
  readonly state: unknown
}

export interface FindingsState {
  /** The decider state of every stream decisions read, by stream id. */
  readonly streams: Dict<StreamSnapshot>
  /** By reason, rule, stream and event type. */
  readonly findings: Dict<JudgedFinding>
}

export interface FindingsOptions {
  readonly jurisdiction: Jurisdiction
  /** Default the operator-neutral `defaultPolicy`. */
  readonly policy?: RulePolicy
  /** The ledger's own rules, run after core's `builtInRules` as the ledger runs them. */
  readonly rules?: readonly ComplianceRule[]
  /** The checkpoint name (default `findings`): change it when the rules or profile change. */
  readonly name?: string
}

const definitionOf: ReadonlyMap<string, CommandDefinition> = new Map(
  Object.values(commands).map((definition) => [
    definition.eventType,
    definition as CommandDefinition,
  ]),
)

const loaded = (
  state: FindingsState,
  kind: DecidedStreamKind,
  streamId: string,
): LoadedStream<unknown> => {
  const snapshot = lookup(state.streams, streamId)
  return {
    streamId,
    version: snapshot?.version ?? 0,
    state: snapshot?.state ?? deciders[kind].initialState(),
  }
}

/** Why `event` must be judged now, or `undefined` when a gate already judged it as it stands. */
const reasonToJudge = (
  state: FindingsState,
  event: RecordedEvent,
  definition: CommandDefinition,
): JudgedReason | undefined => {
  if (event.metadata.imported === true) return 'imported-fact'
  if (definition.kind !== 'gate') return undefined
  const decidedOn = event.metadata.decidedOn
  if (decidedOn === undefined) return 'ungated-record'
  for (const streamId in decidedOn) {
    const version = decidedOn[streamId] ?? 0
    if ((lookup(state.streams, streamId)?.version ?? 0) > version) return 'stale-decision'
  }
  return undefined
}

/**
 * The findings projection, judging with `options.rules` under `options.jurisdiction`.
 *
 * @example
 * ```ts
 * import { jurisdictions } from '@gdpr-ledger/core'
 * import { findings, findingsProjection, replay } from '@gdpr-ledger/projections'
 *
 * // Judged as a ledger created with `{ jurisdiction: jurisdictions.SE }` would judge.
 *
 * const projection = findingsProjection({ jurisdiction: jurisdictions.SE })
 * const built = await replay(store, [projection])
 * // findings({ findings: built.right.states[0] }, { now, jurisdiction: jurisdictions.SE })
 * ```
 */
export const findingsProjection = (options: FindingsOptions): Projection<FindingsState> => {
  const rules = [...builtInRules, ...(options.rules ?? [])]
  const policy = options.policy ?? defaultPolicy
  const judge = (state: FindingsState, event: RecordedEvent, definition: CommandDefinition) => {
    const reason = reasonToJudge(state, event, definition)
    if (reason === undefined) return
    const targetKind = catalogue[event.type].stream
    const streams: Record<string, LoadedStream<unknown>> = {}
    // The processing stream is appended to, never read, by a decision.
    if (targetKind !== 'processing' && targetKind !== 'checkpoint')
      streams[targetKind] = loaded(state, targetKind, event.streamId)
    for (const [kind, streamId] of Object.entries(
      definition.reads(event.controllerId, event.data as never),
    )) {
      if (kind !== 'checkpoint' && kind !== 'processing')
        streams[kind] = loaded(state, kind as DecidedStreamKind, streamId)
    }
    const decision: Decision = {
      command: {
        streamId: event.streamId,
        controllerId: event.controllerId,
        occurredAt: event.occurredAt,
        event: { type: event.type, data: event.data } as LedgerEvent,
      },
      kind: definition.kind,
      streams: streams,
      now: event.occurredAt,
      jurisdiction: options.jurisdiction,
      policy,
    }
    const occurrence: Occurrence = {
      position: event.position.toString(),
      eventId: event.id,
      occurredAt: event.occurredAt,
    }
    const subjectId =
      'subjectId' in event.data && typeof event.data.subjectId === 'string'
        ? event.data.subjectId
        : undefined
    for (const rule of rules) {
      const verdict = rule(decision)
      if (E.isRight(verdict)) continue
      const v = verdict.left
      const key = [reason, v.rule, event.streamId, event.type].join('\u0000')
      const known = lookup(state.findings, key)
      if (known === undefined) {
        state.findings[key] = {
          reason,
          rule: v.rule,
          article: v.article,
          explanation: v.explanation,
          controllerId: event.controllerId,
          streamId: event.streamId,
          eventType: event.type,
          ...(subjectId === undefined ? {} : { subjectId }),
          count: 1,
          first: occurrence,
          last: occurrence,
        }
      } else {
        known.count += 1
        known.last = occurrence
      }
    }
  }
  return {
    name: options.name ?? 'findings',
    // 2: disclosure streams keep every assessment, so disclosures are judged by the one in force.
    version: 2,
    eventTypes: Object.keys(catalogue).filter(
      (type) => type !== 'ChainCheckpoint',
    ) as (keyof typeof catalogue)[],
    init: () => ({ streams: {}, findings: {} }),
    apply: (state, event) => {
      const definition = definitionOf.get(event.type)
      if (definition === undefined) return state
      judge(state, event, definition)
      const kind = catalogue[event.type].stream
      if (kind !== 'processing' && kind !== 'checkpoint') {
        const previous = lookup(state.streams, event.streamId)
        state.streams[event.streamId] = {
          kind,
          version: event.streamVersion,
          state: evolveStream(
            kind,
            previous?.state as StreamStates[typeof kind] | undefined,
            event,
          ),
        }
      }
      return state
    },
  }
}

/** Where a finding comes from. */
export type FindingSource =
  | JudgedReason
  | 'late-breach-notification'
  | 'late-request'
  | 'recipients-not-notified'
  | 'retention-overdue'
  | 'transfer-without-mechanism'

/** One thing out of order. */
export interface Finding {
  readonly source: FindingSource
  readonly rule: string
  readonly article: string
  readonly explanation: string
  readonly controllerId: string
  readonly subjectId?: string
  /** The stream, request, breach or entry the finding is about. */
  readonly reference: string
  /** When it happened, or fell due. */
  readonly at: string
  /** How many events it covers (judged findings count repeats; others are one each). */
  readonly count: number
  readonly firstPosition?: bigint
  readonly lastPosition?: bigint
}

/** The states findings are gathered from; leave out what you do not run. */
export interface FindingsSources {
  readonly findings?: FindingsState
  readonly dsrs?: DsrTrackerState
  readonly breaches?: BreachRegisterState
  readonly retention?: RetentionState
  readonly register?: RegisterState
}

export interface FindingsQuery {
  /** Judge deadlines and clocks at this instant. */
  readonly now: string
  readonly jurisdiction: Jurisdiction
  readonly policy?: RulePolicy
  readonly controllerId?: string
}

/**
 * Everything out of order at `now`, in one list by time: judged events (imported facts a gate
 * would have refused, decisions taken on a state that had moved on), late breach
 * notifications, late or overdue requests, recipients not told of a rectification or erasure
 * (Art. 19), retention overdue, and transfers outside the EEA without a valid mechanism.
 *
 * @example
 * ```ts
 * const [findingsState, dsrs, breaches, retention, register] = runner.states()
 * for (const f of findings({ findings: findingsState, dsrs, breaches, retention, register }, { now, jurisdiction: jurisdictions.SE }))
 *   console.log(f.at, f.rule, f.article, f.explanation)
 * ```
 */
export const findings = (sources: FindingsSources, query: FindingsQuery): Finding[] => {
  const wanted = (controllerId: string) =>
    query.controllerId === undefined || controllerId === query.controllerId
  const out: Finding[] = []
  for (const [, f] of sortedEntries(sources.findings?.findings ?? {})) {
    if (!wanted(f.controllerId)) continue
    out.push({
      source: f.reason,
      rule: f.rule,
      article: f.article,
      explanation: f.explanation,
      controllerId: f.controllerId,
      ...(f.subjectId === undefined ? {} : { subjectId: f.subjectId }),
      reference: f.streamId,
      at: f.first.occurredAt,
      count: f.count,
      firstPosition: BigInt(f.first.position),
      lastPosition: BigInt(f.last.position),
    })
  }
  const scope = {
    now: query.now,
    jurisdiction: query.jurisdiction,
    ...(query.controllerId === undefined ? {} : { controllerId: query.controllerId }),
  }
  if (sources.breaches !== undefined) {
    for (const breach of breachRegister(sources.breaches, scope)) {
      for (const clock of breach.clocks) {
        if (clock.status !== 'late' && clock.status !== 'late-with-reasons') continue
        out.push({
          source: 'late-breach-notification',
          rule: `breach.${clock.obligation}`,
          article: clock.article,
          explanation:
            clock.doneAt === undefined
              ? `due by ${clock.dueAt ?? 'without undue delay'}, not done by ${query.now}`
              : `due by ${clock.dueAt ?? 'without undue delay'}, done at ${clock.doneAt}${clock.status === 'late-with-reasons' ? ' with reasons for the delay' : ''}`,
          controllerId: breach.controllerId,
          reference: breach.breachId,
          at: clock.dueAt ?? clock.startedAt ?? breach.awareAt,
          count: 1,
        })
      }
    }
  }
  if (sources.dsrs !== undefined) {
    for (const request of dsrTracker(sources.dsrs, scope)) {
      if (request.timeliness !== 'late') continue
      out.push({
        source: 'late-request',
        rule: 'dsr.deadline',
        article: 'GDPR Art. 12(3)',
        explanation: request.overdue
          ? `the ${request.kind} request was due on ${request.dueDate} and is still open`
          : `the ${request.kind} request was due on ${request.dueDate} and was closed at ${request.closedAt ?? ''}`,
        controllerId: request.controllerId,
        subjectId: request.subjectId,
        reference: request.requestId,
        at: request.dueEndsAt,
        count: 1,
      })
    }
  }
  if (sources.dsrs !== undefined) {
    for (const request of dsrTracker(sources.dsrs, scope)) {
      if (request.outstandingRecipients.length === 0) continue
      out.push({
        source: 'recipients-not-notified',
        rule: 'dsr.recipient-notification',
        article: 'GDPR Art. 19',
        explanation: `the ${request.kind} was not passed on to recipient(s) ${request.outstandingRecipients.join(', ')}, nor an exemption recorded`,
        controllerId: request.controllerId,
        subjectId: request.subjectId,
        reference: request.requestId,
        at: request.closedAt ?? request.receivedAt,
        count: request.outstandingRecipients.length,
      })
    }
  }
  if (sources.retention !== undefined) {
    for (const item of retentionDueList(sources.retention, {
      ...scope,
      policy: query.policy ?? defaultPolicy,
    })) {
      if (item.status !== 'overdue') continue
      out.push({
        source: 'retention-overdue',
        rule: `retention.${item.kind}-data-overdue`,
        article: item.article,
        explanation: `${item.kind} data of category ${item.dataCategory} held since ${item.heldSince} fell due at ${item.dueAt ?? ''} (${item.reason})`,
        controllerId: item.controllerId,
        subjectId: item.subjectId,
        reference: `${item.subjectId}/${item.dataCategory}`,
        at: item.dueAt ?? item.heldSince,
        count: 1,
      })
    }
  }
  if (sources.register !== undefined) {
    for (const row of transferRegister(sources.register, {
      at: query.now,
      ...(query.controllerId === undefined ? {} : { controllerId: query.controllerId }),
    })) {
      if (row.flag === undefined) continue
      out.push({
        source: 'transfer-without-mechanism',
        rule: row.flag.rule,
        article: row.flag.article,
        explanation: `${row.kind} ${row.name}: ${row.flag.explanation}`,
        controllerId: row.controllerId,
        reference:
          row.subProcessorId ??
          row.processorId ??
          `${row.activityId ?? ''}/${row.recipientId ?? ''}`,
        at: row.since,
        count: 1,
      })
    }
  }
  return out.sort(byString((f) => `${f.at}\u0000${f.rule}\u0000${f.reference}`))
}

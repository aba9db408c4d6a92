import * as E from 'fp-ts/lib/Either.js'
import { catalogue, type EventType, type LedgerEvent } from '../catalogue'
import { decode } from '../codec/decode'
import {
  commands,
  splitCommand,
  type CommandDefinition,
  type CommandEventOf,
  type CommandName,
} from '../commands/table'
import type { CommandEnvelope } from '../commands/envelope'
import type { DomainEvent, RecordCommand } from '../deciders/decider'
import { deciders, type DecidedStreamKind, type StreamStates } from '../deciders'
import type {
  EventMetadata,
  EventToAppend,
  RecordedEvent,
  StoredEvent,
  Upcasters,
} from '../envelope'
import { idempotencyConflict, invalidInput, type InvalidInput, type LedgerError } from '../errors'
import { markBuiltByLedger } from '../store/append-rules'
import type { EventStore } from '../store/event-store'
import type { Jurisdiction } from '../jurisdiction/jurisdiction'
import type { RulePolicy } from '../rules/policy'
import { streamIdOf } from '../stream-id'
import { toMillis, type Clock } from '../time'
import type { ComplianceRule, Decision, DecisionStreams, LoadedStream } from './decision'
import { eventIdFor } from './event-ids'
import { loadStream, type StreamStateCache } from './load-stream'

/** What a handled command returns. */
export interface CommandResult<T extends EventType = EventType> {
  readonly streamId: string
  /** The stream's version after the command's events. */
  readonly streamVersion: number
  readonly events: readonly RecordedEvent<T>[]
  /** The command id was seen before: nothing new was appended; these are the first result's events. */
  readonly duplicate: boolean
}

export interface HandlerConfig {
  readonly store: EventStore
  readonly clock: Clock
  readonly maxSkewMs: number
  /** Every rule run on a command, built-in ones first. */
  readonly rules: readonly ComplianceRule[]
  readonly jurisdiction: Jurisdiction
  readonly policy: RulePolicy
  readonly upcasters: Upcasters
  readonly conflictRetries: number
  readonly stateCache?: StreamStateCache
}

type AnyDefinition = CommandDefinition

/** The longest wait before a command is re-decided after a lost race (`conflictBackoffMs`). */
const MAX_CONFLICT_BACKOFF_MS = 100

/**
 * How long a command that lost a race for its stream waits before it is re-decided: a random
 * time below 4 ms, then below 8, 16, … up to `MAX_CONFLICT_BACKOFF_MS` ("full jitter").
 * Commands that raced each other for one stream (a preferences form sending every consent at
 * once) thereby spread out and take turns; re-decided at once, they met again in lockstep and
 * only one of them won each round.
 */
export const conflictBackoffMs = (attempt: number, random: () => number = Math.random): number =>
  random() * Math.min(MAX_CONFLICT_BACKOFF_MS, 4 * 2 ** attempt)

/** When a command happened: gates happen now (within `maxSkew`), no fact lies in the future. */
export const resolveOccurredAt = (
  kind: 'gate' | 'fact',
  occurredAt: string | undefined,
  now: string,
  maxSkewMs: number,
): E.Either<InvalidInput, string> => {
  if (occurredAt === undefined) return E.right(now)
  // Canonical instants order as strings: most facts are settled without parsing a date.
  if (kind === 'fact' && occurredAt <= now) return E.right(occurredAt)
  const offset = toMillis(occurredAt) - toMillis(now)
  if (offset > maxSkewMs) {
    return E.left(
      invalidInput([{ path: 'occurredAt', expected: 'an instant not after now + maxSkew' }]),
    )
  }
  if (kind === 'gate' && offset < -maxSkewMs) {
    return E.left(
      invalidInput([
        {
          path: 'occurredAt',
          expected:
            'now, or at most maxSkew earlier: a gate happens now; record older facts through import',
        },
      ]),
    )
  }
  return E.right(occurredAt)
}

/** Metadata as stored: fixed field order, absent fields left out, so retries produce the same bytes. */
export const serialiseMetadata = (metadata: EventMetadata): string =>
  JSON.stringify({
    schemaVersion: metadata.schemaVersion,
    actor: metadata.actor,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    commandId: metadata.commandId,
    decidedOn: metadata.decidedOn,
    imported: metadata.imported,
  })

const metadataFor = (
  type: keyof typeof catalogue,
  envelope: CommandEnvelope,
  decidedOn: Record<string, number> | undefined,
): EventMetadata => {
  const metadata: { -readonly [K in keyof EventMetadata]: EventMetadata[K] } = {
    schemaVersion: catalogue[type].schemaVersion,
    actor: envelope.actor,
  }
  if (envelope.correlationId !== undefined) metadata.correlationId = envelope.correlationId
  if (envelope.causationId !== undefined) metadata.causationId = envelope.causationId
  if (envelope.commandId !== undefined) metadata.commandId = envelope.commandId
  if (decidedOn !== undefined) metadata.decidedOn = decidedOn
  return metadata
}

/** The version of every stream a gate was decided on (DESIGN.md, "Races made visible"). */
const decidedOnOf = (streams: DecisionStreams): Record<string, number> => {
  // Keyed by stream ids, a new name for nearly every subject: a plain object would grow a new
  // hidden class per name, a prototype-less one is a dictionary from the start.
  const versions = Object.create(null) as Record<string, number>
  for (const stream of Object.values(streams)) versions[stream.streamId] = stream.version
  return versions
}

const recorded = (stored: StoredEvent, data: unknown, metadata: EventMetadata): RecordedEvent =>
  ({ ...stored, data, metadata }) as RecordedEvent

/**
 * A retried command: the events its command id derives are already stored. Same command: the
 * first result. Another command under the same id: an `IdempotencyConflict`.
 */
const priorResult = async (
  store: EventStore,
  command: RecordCommand,
  commandId: string,
  occurredAtGiven: boolean,
): Promise<E.Either<LedgerError, CommandResult | undefined>> => {
  const found: StoredEvent[] = []
  for (let index = 0; ; index++) {
    const id = eventIdFor(command.controllerId, command.streamId, commandId, index)
    const event = await store.findEvent(command.streamId, id)
    if (E.isLeft(event)) return event
    if (event.right === undefined) break
    found.push(event.right)
  }
  const first = found[0]
  if (first === undefined) return E.right(undefined)
  const same =
    first.type === command.event.type &&
    first.data === JSON.stringify(command.event.data) &&
    (!occurredAtGiven || first.occurredAt === command.occurredAt)
  if (!same) {
    return E.left(
      idempotencyConflict(
        command.streamId,
        first.id,
        'this command id was already used for a different command',
      ),
    )
  }
  const events = found.map((stored) =>
    recorded(stored, JSON.parse(stored.data), JSON.parse(stored.metadata) as EventMetadata),
  )
  const last = found[found.length - 1] as StoredEvent
  return E.right({
    streamId: command.streamId,
    streamVersion: last.streamVersion,
    events,
    duplicate: true,
  })
}

const loadDecisionStreams = async (
  config: HandlerConfig,
  targetKind: DecidedStreamKind,
  command: RecordCommand,
  definition: AnyDefinition,
): Promise<E.Either<LedgerError, DecisionStreams>> => {
  const wanted: [DecidedStreamKind, string][] = []
  // The processing stream is appended with `any` and never folded (DESIGN.md, "Why two streams per subject").
  if (targetKind !== 'processing') wanted.push([targetKind, command.streamId])
  const reads = definition.reads(command.controllerId, command.event.data as never)
  for (const [kind, streamId] of Object.entries(reads)) {
    if (kind !== 'checkpoint') wanted.push([kind as DecidedStreamKind, streamId])
  }
  const streams: Partial<Record<DecidedStreamKind, LoadedStream<StreamStates[DecidedStreamKind]>>> =
    {}
  for (const [kind, streamId] of wanted) {
    const loaded = await loadStream(
      config.store,
      kind,
      streamId,
      config.upcasters,
      config.stateCache,
    )
    if (E.isLeft(loaded)) return loaded
    streams[kind] = loaded.right
  }
  return E.right(streams as DecisionStreams)
}

/**
 * The data flow of DESIGN.md for one command: decode, load the streams it reads, decide
 * (stream state, then compliance rules), append; retried on a concurrent write.
 */
export const handleCommand = async <N extends CommandName>(
  config: HandlerConfig,
  name: N,
  input: unknown,
): Promise<E.Either<LedgerError, CommandResult<CommandEventOf<N>>>> => {
  const definition = commands[name] as unknown as AnyDefinition
  const decoded = decode(definition.codec)(input)
  if (E.isLeft(decoded)) return decoded
  const { envelope, data } = splitCommand(decoded.right as Record<string, unknown>)
  const type = definition.eventType
  // One reading of the clock per command: the gate's time, the decision's `now` and the
  // recording time are the same instant. A command re-decided after a lost race (and its
  // back-off) is recorded when it is appended, so never before the event it lost to.
  const now = config.clock().toISOString()
  const occurredAt = resolveOccurredAt(definition.kind, envelope.occurredAt, now, config.maxSkewMs)
  if (E.isLeft(occurredAt)) return occurredAt
  const streamId = streamIdOf(type, envelope.controllerId, data)
  const command: RecordCommand = {
    streamId,
    controllerId: envelope.controllerId,
    occurredAt: occurredAt.right,
    event: { type, data } as LedgerEvent,
  }
  type Result = E.Either<LedgerError, CommandResult<CommandEventOf<N>>>

  if (envelope.commandId !== undefined) {
    const prior = await priorResult(
      config.store,
      command,
      envelope.commandId,
      envelope.occurredAt !== undefined,
    )
    if (E.isLeft(prior) || prior.right !== undefined) return prior as Result
  }

  const targetKind = catalogue[type].stream
  for (let attempt = 0; ; attempt++) {
    const streams = await loadDecisionStreams(config, targetKind, command, definition)
    if (E.isLeft(streams)) return streams
    const target = streams.right[targetKind]
    const decider = deciders[targetKind] as unknown as {
      decide: (c: RecordCommand, s: unknown) => E.Either<LedgerError, readonly DomainEvent[]>
      initialState: () => unknown
    }
    const events = decider.decide(command, target?.state ?? decider.initialState())
    if (E.isLeft(events)) return events
    const decision: Decision = {
      command,
      kind: definition.kind,
      streams: streams.right,
      now,
      jurisdiction: config.jurisdiction,
      policy: config.policy,
    }
    for (const rule of config.rules) {
      const verdict = rule(decision)
      if (E.isLeft(verdict)) return verdict
    }

    const decidedOn = definition.kind === 'gate' ? decidedOnOf(streams.right) : undefined
    const recordedAt = attempt === 0 ? now : config.clock().toISOString()
    const metadata = metadataFor(type, envelope, decidedOn)
    const metadataText = serialiseMetadata(metadata)
    const toAppend: EventToAppend[] = events.right.map((event, index) =>
      markBuiltByLedger({
        id: eventIdFor(command.controllerId, streamId, envelope.commandId, index),
        type: event.type,
        controllerId: event.controllerId,
        occurredAt: event.occurredAt,
        recordedAt,
        data: JSON.stringify(event.data),
        metadata: metadataText,
      }),
    )
    const appended = await config.store.append(streamId, toAppend, {
      expectedVersion: targetKind === 'processing' ? 'any' : (target?.version ?? 0),
    })
    if (E.isLeft(appended)) {
      const error = appended.left
      if (error._tag === 'WrongExpectedVersion' && attempt < config.conflictRetries) {
        await new Promise((resolve) => setTimeout(resolve, conflictBackoffMs(attempt)))
        continue
      }
      if (error._tag === 'IdempotencyConflict' && envelope.commandId !== undefined) {
        // A concurrent retry won the race: judge ours against what it stored.
        const prior = await priorResult(
          config.store,
          command,
          envelope.commandId,
          envelope.occurredAt !== undefined,
        )
        if (E.isRight(prior) && prior.right === undefined) return appended
        return prior as Result
      }
      return appended
    }
    const result = appended.right
    return E.right({
      streamId,
      streamVersion: result.streamVersion,
      duplicate: result.duplicate,
      events: result.events.map((stored, i) =>
        result.duplicate
          ? recorded(stored, JSON.parse(stored.data), JSON.parse(stored.metadata) as EventMetadata)
          : recorded(stored, events.right[i]?.data, metadata),
      ),
    }) as Result
  }
}

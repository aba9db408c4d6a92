import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { catalogue, eventTypes, type EventType } from '../catalogue'
import { toIssues } from '../codec/decode'
import {
  ControllerId,
  Instant,
  PseudonymousId,
  Uuid,
  oneOf,
  strictRecord,
} from '../codec/primitives'
import type { EventToAppend, StoredEvent } from '../envelope'
import { idempotencyConflict, invalidInput, type InputIssue, type LedgerError } from '../errors'
import { MAX_BATCH, classifyRetry, markBuiltByLedger } from '../store/append-rules'
import type { EventStore } from '../store/event-store'
import { streamIdOf } from '../stream-id'
import type { Clock } from '../time'
import { resolveOccurredAt, serialiseMetadata } from './command-handler'

const importableTypes = eventTypes.filter((type) => type !== 'ChainCheckpoint') as [
  EventType,
  ...EventType[],
]

/**
 * A fact that already happened, from a backend's history or a system that cannot be gated.
 * It carries its own id (re-imports are idempotent) and its own `occurredAt`.
 */
export const ImportedFact = strictRecord(
  'ImportedFact',
  {
    id: Uuid,
    type: oneOf('EventType', importableTypes),
    controllerId: ControllerId,
    occurredAt: Instant,
    actor: PseudonymousId,
    data: t.unknown,
  },
  { correlationId: PseudonymousId, causationId: PseudonymousId },
)
export type ImportedFact = t.OutputOf<typeof ImportedFact>

/** The most facts one `import` call takes; split larger histories. */
export const MAX_IMPORT = 100_000

export interface ImportResult {
  /** Facts appended by this call. */
  readonly imported: number
  /** Facts whose id was already stored with the same content (a re-import). */
  readonly alreadyPresent: number
  readonly streams: number
}

interface ImportConfig {
  readonly store: EventStore
  readonly clock: Clock
  readonly maxSkewMs: number
}

/**
 * The import path: decode every fact (any bad one refuses the whole call, nothing written),
 * then chain them stream by stream with expected version `any`. No decider and no rule runs:
 * a well-formed fact is never refused (DESIGN.md, "Gate and record"); the findings projection
 * judges it later with the same rule functions. Each stream's batch is atomic; the call as a
 * whole is not, and is safe to repeat.
 */
export const importFacts = async (
  config: ImportConfig,
  input: unknown,
): Promise<E.Either<LedgerError, ImportResult>> => {
  if (!Array.isArray(input))
    return E.left(invalidInput([{ path: '', expected: 'an array of facts' }]))
  if (input.length > MAX_IMPORT)
    return E.left(invalidInput([{ path: '', expected: `at most ${MAX_IMPORT} facts` }]))
  const recordedAt = config.clock().toISOString()
  const issues: InputIssue[] = []
  const at = (i: number, path: string) => [String(i), path].filter((p) => p !== '').join('.')
  const byStream = new Map<string, EventToAppend[]>()
  // A history comes in runs of facts with the same metadata (one actor, one schema): the
  // text is built once per run, not once per fact.
  let last:
    | { readonly fact: ImportedFact; readonly schemaVersion: number; readonly text: string }
    | undefined
  const metadataOf = (fact: ImportedFact): string => {
    const schemaVersion = catalogue[fact.type].schemaVersion
    if (
      last?.schemaVersion === schemaVersion &&
      last.fact.actor === fact.actor &&
      last.fact.correlationId === fact.correlationId &&
      last.fact.causationId === fact.causationId
    )
      return last.text
    const text = serialiseMetadata({
      schemaVersion,
      actor: fact.actor,
      ...(fact.correlationId === undefined ? {} : { correlationId: fact.correlationId }),
      ...(fact.causationId === undefined ? {} : { causationId: fact.causationId }),
      imported: true,
    })
    last = { fact, schemaVersion, text }
    return text
  }
  input.forEach((candidate: unknown, i) => {
    const decoded = ImportedFact.decode(candidate)
    if (E.isLeft(decoded)) {
      for (const issue of toIssues(decoded.left))
        issues.push({ path: at(i, issue.path), expected: issue.expected })
      return
    }
    const fact = decoded.right
    const data = catalogue[fact.type].data.decode(fact.data)
    if (E.isLeft(data)) {
      for (const issue of toIssues(data.left))
        issues.push({
          path: at(i, `data.${issue.path}`).replace(/\.$/, ''),
          expected: issue.expected,
        })
      return
    }
    const when = resolveOccurredAt('fact', fact.occurredAt, recordedAt, config.maxSkewMs)
    if (E.isLeft(when)) {
      issues.push({ path: at(i, 'occurredAt'), expected: 'an instant not after now + maxSkew' })
      return
    }
    const streamId = streamIdOf(fact.type, fact.controllerId, data.right as never)
    const event: EventToAppend = markBuiltByLedger({
      id: fact.id,
      type: fact.type,
      controllerId: fact.controllerId,
      occurredAt: fact.occurredAt,
      recordedAt,
      data: JSON.stringify(data.right),
      metadata: metadataOf(fact),
    })
    const batch = byStream.get(streamId)
    if (batch === undefined) byStream.set(streamId, [event])
    else batch.push(event)
  })
  if (issues.length > 0) return E.left(invalidInput(issues))

  let imported = 0
  let alreadyPresent = 0
  for (const [streamId, events] of byStream) {
    for (let start = 0; start < events.length; start += MAX_BATCH) {
      const chunk = events.slice(start, start + MAX_BATCH)
      const appended = await config.store.append(streamId, chunk, { expectedVersion: 'any' })
      if (E.isRight(appended)) {
        if (appended.right.duplicate) alreadyPresent += chunk.length
        else imported += chunk.length
        continue
      }
      if (appended.left._tag !== 'IdempotencyConflict') return appended
      // Part of the chunk is stored already (an overlapping re-import): sort it out fact by fact.
      const partial = await importOneByOne(config.store, streamId, chunk)
      if (E.isLeft(partial)) return partial
      imported += partial.right.imported
      alreadyPresent += partial.right.alreadyPresent
    }
  }
  return E.right({ imported, alreadyPresent, streams: byStream.size })
}

const importOneByOne = async (
  store: EventStore,
  streamId: string,
  events: readonly EventToAppend[],
): Promise<E.Either<LedgerError, { imported: number; alreadyPresent: number }>> => {
  const fresh: EventToAppend[] = []
  let alreadyPresent = 0
  for (const event of events) {
    const found = await store.findEvent(streamId, event.id)
    if (E.isLeft(found)) return found
    if (found.right === undefined) {
      fresh.push(event)
      continue
    }
    const same = classifyRetry(
      streamId,
      [event],
      new Map<string, StoredEvent>([[event.id, found.right]]),
    )
    if (E.isLeft(same)) return same
    alreadyPresent += 1
  }
  if (fresh.length === 0) return E.right({ imported: 0, alreadyPresent })
  const appended = await store.append(streamId, fresh, { expectedVersion: 'any' })
  if (E.isLeft(appended)) {
    return appended.left._tag === 'IdempotencyConflict'
      ? E.left(
          idempotencyConflict(
            streamId,
            appended.left.eventId,
            'this fact id is already stored in another stream',
          ),
        )
      : appended
  }
  return E.right({ imported: fresh.length, alreadyPresent })
}

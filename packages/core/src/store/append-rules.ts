import * as E from 'fp-ts/lib/Either.js'
import { Instant, Uuid } from '../codec/primitives'
import { isEventType } from '../catalogue'
import type { EventToAppend, StoredEvent } from '../envelope'
import {
  idempotencyConflict,
  invalidInput,
  wrongExpectedVersion,
  type IdempotencyConflict,
  type InputIssue,
  type InvalidInput,
  type WrongExpectedVersion,
} from '../errors'
import type { ExpectedVersion } from './event-store'

/**
 * What every adapter checks the same way, so they agree by construction: the shape of an
 * append, the expected-version rule and what counts as a duplicate.
 */

/** The largest batch one append takes. */
export const MAX_BATCH = 10_000

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,299}$/

/**
 * Events the ledger built in this process from decoded input: ids it generated, instants it
 * decoded or took from its clock, data and metadata from `JSON.stringify`. They are well
 * formed by construction, so the append checks only what depends on the batch (unique ids).
 * Anything else handed to a store is checked field by field.
 */
const builtByLedger = new WeakSet<EventToAppend>()

/** Marks an event the ledger built from decoded input (see `validateAppend`). */
export const markBuiltByLedger = <E extends EventToAppend>(event: E): E => {
  builtByLedger.add(event)
  return event
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

const isJsonObjectText = (text: string): boolean => {
  // A lone surrogate has no UTF-8 form: a store would keep U+FFFD, not these bytes.
  if (text.length === 0 || text[0] !== '{' || LONE_SURROGATE.test(text)) return false
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}

/** Refuses a malformed append before anything is written. */
export const validateAppend = (
  streamId: string,
  events: readonly EventToAppend[],
  expectedVersion: ExpectedVersion,
): E.Either<InvalidInput, void> => {
  const issues: InputIssue[] = []
  if (!STREAM_ID.test(streamId)) issues.push({ path: 'streamId', expected: 'StreamId' })
  if (
    typeof expectedVersion === 'number'
      ? !Number.isSafeInteger(expectedVersion) || expectedVersion < 0
      : !['any', 'no_stream', 'stream_exists'].includes(expectedVersion)
  ) {
    issues.push({ path: 'expectedVersion', expected: 'ExpectedVersion' })
  }
  if (events.length === 0) issues.push({ path: 'events', expected: 'at least one event' })
  if (events.length > MAX_BATCH)
    issues.push({ path: 'events', expected: `at most ${MAX_BATCH} events` })
  const ids = new Set<string>()
  events.forEach((event, i) => {
    const at = (field: string) => `events.${i}.${field}`
    if (builtByLedger.has(event)) {
      if (ids.has(event.id)) issues.push({ path: at('id'), expected: 'an id unique in the batch' })
      ids.add(event.id)
      return
    }
    if (!Uuid.is(event.id)) issues.push({ path: at('id'), expected: 'Uuid (lower case)' })
    else if (ids.has(event.id))
      issues.push({ path: at('id'), expected: 'an id unique in the batch' })
    ids.add(event.id)
    if (!isEventType(event.type)) issues.push({ path: at('type'), expected: 'EventType' })
    if (
      typeof event.controllerId !== 'string' ||
      event.controllerId.length === 0 ||
      event.controllerId.length > 64
    )
      issues.push({ path: at('controllerId'), expected: 'ControllerId' })
    if (!Instant.is(event.occurredAt)) issues.push({ path: at('occurredAt'), expected: 'Instant' })
    if (!Instant.is(event.recordedAt)) issues.push({ path: at('recordedAt'), expected: 'Instant' })
    if (typeof event.data !== 'string' || !isJsonObjectText(event.data))
      issues.push({ path: at('data'), expected: 'JSON object text' })
    if (typeof event.metadata !== 'string' || !isJsonObjectText(event.metadata))
      issues.push({ path: at('metadata'), expected: 'JSON object text' })
  })
  return issues.length === 0 ? E.right(undefined) : E.left(invalidInput(issues))
}

/** The expected-version rule, given the stream's current version (0 = no stream). */
export const checkExpectedVersion = (
  streamId: string,
  expected: ExpectedVersion,
  actual: number,
): E.Either<WrongExpectedVersion, void> => {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === 0) ||
    (expected === 'stream_exists' && actual > 0) ||
    expected === actual
  return ok ? E.right(undefined) : E.left(wrongExpectedVersion(streamId, expected, actual))
}

/** The same event, as far as a retry is concerned: same place, type, controller, occurrence and data bytes. */
const sameEvent = (streamId: string, stored: StoredEvent, event: EventToAppend): boolean =>
  stored.streamId === streamId &&
  stored.type === event.type &&
  stored.controllerId === event.controllerId &&
  stored.occurredAt === event.occurredAt &&
  stored.data === event.data

/**
 * Classifies a batch against the events already stored under its ids (`found`, by id):
 * `'new'` when none is stored, the stored events when all are and match (a retry), and an
 * `IdempotencyConflict` for anything in between or any mismatch.
 */
export const classifyRetry = (
  streamId: string,
  events: readonly EventToAppend[],
  found: ReadonlyMap<string, StoredEvent>,
): E.Either<IdempotencyConflict, 'new' | StoredEvent[]> => {
  if (found.size === 0) return E.right('new')
  const stored: StoredEvent[] = []
  for (const event of events) {
    const match = found.get(event.id)
    if (match === undefined) {
      return E.left(
        idempotencyConflict(
          streamId,
          event.id,
          'part of this batch is already stored: a retry must resend the same batch',
        ),
      )
    }
    if (!sameEvent(streamId, match, event)) {
      return E.left(
        idempotencyConflict(
          streamId,
          event.id,
          'this event id is already stored with different content',
        ),
      )
    }
    stored.push(match)
  }
  return E.right(stored)
}

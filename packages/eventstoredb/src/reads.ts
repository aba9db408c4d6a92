import { DEFAULT_PAGE_SIZE, storeUnavailable, type StoreUnavailable } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import {
  BACKWARDS,
  END,
  ErrorType,
  FORWARDS,
  START,
  type AllStreamResolvedEvent,
  type Client,
  type RecordedEvent,
  type ResolvedEvent,
} from './client'
import { errorTypeOf, storeErrorOf } from './errors'
import { fromRecordedEvent, type DecodedEvent } from './event-codec'
import type { Namespace } from './namespace'
import { allPositionOf, isKnownPosition, positionOf } from './position'

/** Reading streams and $all through the client, as `Either`s of decoded ledger events. */

const noPosition = () =>
  storeUnavailable(
    'EventStoreDB sent no $all position with a stream read: the adapter needs EventStoreDB 22.10 or later',
  )

export interface StreamReadOptions {
  readonly direction: 'forwards' | 'backwards'
  /** A revision, or the stream's start or end. */
  readonly from: bigint | 'start' | 'end'
  readonly maxCount: number
}

/**
 * Reads part of a ledger stream as the client returns it. A stream that does not exist reads
 * as `not-found`, not as an error; a stream tombstoned in EventStoreDB is `StoreUnavailable`.
 */
export const readStreamRecords = async (
  client: Client,
  namespace: Namespace,
  streamId: string,
  options: StreamReadOptions,
): Promise<E.Either<StoreUnavailable, readonly RecordedEvent[] | 'not-found'>> => {
  const records: RecordedEvent[] = []
  try {
    const reading = client.readStream(namespace.streamName(streamId), {
      direction: options.direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision: options.from === 'start' ? START : options.from === 'end' ? END : options.from,
      maxCount: options.maxCount,
    })
    for await (const resolved of reading as AsyncIterable<ResolvedEvent>) {
      if (resolved.event !== undefined) records.push(resolved.event)
    }
  } catch (error) {
    if (errorTypeOf(error) === ErrorType.STREAM_NOT_FOUND) return E.right('not-found')
    return E.left(storeErrorOf(error))
  }
  return E.right(records)
}

/** Decodes records of one ledger stream; `StoreUnavailable` when the server sent no positions. */
export const decodeRecords = (
  records: readonly RecordedEvent[],
  streamId: string,
): E.Either<StoreUnavailable, DecodedEvent[]> => {
  const events: DecodedEvent[] = []
  for (const record of records) {
    const decoded = fromRecordedEvent(record, streamId)
    if (decoded === undefined) return E.left(noPosition())
    events.push(decoded)
  }
  return E.right(events)
}

/** Reads part of a ledger stream, decoded (see `readStreamRecords`). */
export const readStreamEvents = async (
  client: Client,
  namespace: Namespace,
  streamId: string,
  options: StreamReadOptions,
): Promise<E.Either<StoreUnavailable, readonly DecodedEvent[] | 'not-found'>> => {
  const records = await readStreamRecords(client, namespace, streamId, options)
  if (E.isLeft(records)) return records
  if (records.right === 'not-found') return E.right('not-found')
  return decodeRecords(records.right, streamId)
}

/** Whether a recorded $all event is a ledger event: in our namespace, and not a system event. */
const isLedgerEvent = (namespace: Namespace, event: { streamId: string; type: string }) =>
  event.streamId.startsWith(namespace.prefix) && !event.type.startsWith('$')

/**
 * A page of ledger events after `after` in $all order. The 6.x client reads $all without a
 * server-side filter, so the page is filled from raw chunks: other applications' events and
 * system events are skipped on the client, and a page stops short only at the end of $all.
 */
export const readAllEvents = async (
  client: Client,
  namespace: Namespace,
  after: bigint,
  limit: number,
): Promise<E.Either<StoreUnavailable, DecodedEvent[]>> => {
  const wanted = Math.min(limit, DEFAULT_PAGE_SIZE)
  const page: DecodedEvent[] = []
  if (wanted <= 0) return E.right(page)
  let seen = after
  // Reading from a position includes the event at it: one more than needed.
  const chunk = wanted + 1
  for (;;) {
    let count = 0
    try {
      const reading = client.readAll({
        direction: FORWARDS,
        fromPosition: allPositionOf(seen),
        maxCount: chunk,
      })
      for await (const resolved of reading as AsyncIterable<AllStreamResolvedEvent>) {
        count += 1
        const recorded = resolved.event
        if (recorded === undefined || !isKnownPosition(recorded.position)) continue
        const position = positionOf(recorded.position)
        if (position <= seen) continue
        seen = position
        const streamId = namespace.streamIdOf(recorded.streamId)
        if (streamId === undefined || !isLedgerEvent(namespace, recorded)) continue
        if (page.length === wanted) continue
        const decoded = fromRecordedEvent(recorded, streamId)
        if (decoded !== undefined) page.push(decoded)
      }
    } catch (error) {
      return E.left(storeErrorOf(error))
    }
    if (page.length >= wanted || count < chunk) return E.right(page)
  }
}

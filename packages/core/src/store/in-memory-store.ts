import * as E from 'fp-ts/lib/Either.js'
import { chainEvents, EMPTY_HEAD } from '../chain/hash'
import type { StoredEvent } from '../envelope'
import { storeClosed, storeUnavailable, type StoreUnavailable } from '../errors'
import { AppendSignal } from './append-signal'
import { checkExpectedVersion, classifyRetry, validateAppend } from './append-rules'
import { catchUpSubscription } from './catch-up-subscription'
import { DEFAULT_PAGE_SIZE, type EventStore, type ReadStreamOptions } from './event-store'

/**
 * The storage behind an in-memory store: the global log in position order, with indexes by
 * stream and by id. Kept apart from the store so a test can model a restart (a new store over
 * the same log) or tamper with stored events (edit `events`, then `reindex()`).
 */
export class InMemoryLog {
  /** Every stored event, in position order. */
  events: StoredEvent[] = []
  readonly streams = new Map<string, StoredEvent[]>()
  readonly ids = new Map<string, StoredEvent>()
  nextPosition = 1n
  /**
   * While true every operation answers `StoreUnavailable` (an outage, for tests): a
   * subscription retries it as its `retry` policy says, and resumes once it is false again.
   */
  unavailable = false
  readonly signal = new AppendSignal()

  /** Rebuilds the indexes from `events` after a test edited it. */
  reindex(): void {
    this.events.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0))
    this.streams.clear()
    this.ids.clear()
    for (const event of this.events) {
      const stream = this.streams.get(event.streamId)
      if (stream === undefined) this.streams.set(event.streamId, [event])
      else stream.push(event)
      this.ids.set(event.id, event)
    }
    for (const stream of this.streams.values())
      stream.sort((a, b) => a.streamVersion - b.streamVersion)
  }
}

export interface InMemoryStoreOptions {
  /** Share a log between store instances (a restart keeps what was stored). */
  readonly log?: InMemoryLog
  /** How often an idle subscription polls; appends wake it at once. Default 1,000 ms. */
  readonly pollIntervalMs?: number
}

/** An in-memory `EventStore`, and the log it keeps. */
export interface InMemoryEventStore extends EventStore {
  readonly log: InMemoryLog
}

const NOTHING_STORED: ReadonlyMap<string, StoredEvent> = new Map()

const firstAfter = (events: readonly StoredEvent[], position: bigint): number => {
  let lo = 0
  let hi = events.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((events[mid] as StoredEvent).position <= position) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The reference `EventStore`: every contract case holds here first. Appends are synchronous
 * inside the promise, so a batch is atomic and concurrent appends to one stream serialise.
 *
 * @example
 * ```ts
 * import { createInMemoryStore, createLedger } from '@gdpr-ledger/core'
 * const ledger = createLedger({ store: createInMemoryStore() })
 * ```
 */
export const createInMemoryStore = (options: InMemoryStoreOptions = {}): InMemoryEventStore => {
  const log = options.log ?? new InMemoryLog()
  let closed = false
  const unavailable = (): StoreUnavailable | undefined =>
    closed
      ? storeClosed()
      : log.unavailable
        ? storeUnavailable('in-memory store outage')
        : undefined

  const append: EventStore['append'] = async (streamId, events, { expectedVersion }) => {
    const down = unavailable()
    if (down !== undefined) return E.left(down)
    const invalid = validateAppend(streamId, events, expectedVersion)
    if (E.isLeft(invalid)) return invalid
    const stream = log.streams.get(streamId)
    let found: Map<string, StoredEvent> | undefined
    for (const event of events) {
      const stored = log.ids.get(event.id)
      if (stored !== undefined) (found ??= new Map()).set(event.id, stored)
    }
    const retry = classifyRetry(streamId, events, found ?? NOTHING_STORED)
    if (E.isLeft(retry)) return retry
    if (retry.right !== 'new') {
      return E.right({
        streamId,
        events: retry.right,
        streamVersion: stream?.length ?? 0,
        duplicate: true,
      })
    }
    const last = stream?.[stream.length - 1]
    const head = last === undefined ? EMPTY_HEAD : { version: last.streamVersion, hash: last.hash }
    const check = checkExpectedVersion(streamId, expectedVersion, head.version)
    if (E.isLeft(check)) return check
    const stored = chainEvents(streamId, head, events, log.nextPosition)
    log.nextPosition += BigInt(stored.length)
    const target = stream ?? []
    if (stream === undefined) log.streams.set(streamId, target)
    for (const event of stored) {
      target.push(event)
      log.events.push(event)
      log.ids.set(event.id, event)
    }
    log.signal.notify()
    return E.right({
      streamId,
      events: stored,
      streamVersion: head.version + stored.length,
      duplicate: false,
    })
  }

  const readStream: EventStore['readStream'] = async (streamId, opts: ReadStreamOptions = {}) => {
    const down = unavailable()
    if (down !== undefined) return E.left(down)
    const stream = log.streams.get(streamId) ?? []
    const version =
      stream.length === 0 ? 0 : (stream[stream.length - 1] as StoredEvent).streamVersion
    const max = opts.maxCount ?? Number.MAX_SAFE_INTEGER
    if (opts.direction === 'backward') {
      const from = Math.min(opts.fromVersion ?? version, version)
      const events = stream
        .filter((e) => e.streamVersion <= from)
        .slice(-max)
        .reverse()
      return E.right({ events, streamVersion: version })
    }
    const from = Math.max(opts.fromVersion ?? 1, 1)
    // Versions are 1..n in place unless a test tampered with the log.
    const start =
      stream[from - 1]?.streamVersion === from
        ? from - 1
        : stream.findIndex((e) => e.streamVersion >= from)
    const events = start < 0 ? [] : stream.slice(start, start + max)
    return E.right({ events, streamVersion: version })
  }

  const readAll: EventStore['readAll'] = async (opts = {}) => {
    const down = unavailable()
    if (down !== undefined) return E.left(down)
    const limit = Math.min(opts.limit ?? DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE)
    const start = firstAfter(log.events, opts.after ?? 0n)
    return E.right(log.events.slice(start, start + limit))
  }

  const findEvent: EventStore['findEvent'] = async (streamId, eventId) => {
    const down = unavailable()
    if (down !== undefined) return E.left(down)
    const event = log.ids.get(eventId)
    return E.right(event?.streamId === streamId ? event : undefined)
  }

  return {
    log,
    append,
    readStream,
    readAll,
    findEvent,
    // The subscriber's options as they came (`retry`, `onRetry` included): core's one loop.
    subscribe: (opts) =>
      catchUpSubscription(
        readAll,
        log.signal,
        opts,
        options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs },
      ),
    close: async () => {
      closed = true
      log.signal.notify()
    },
  }
}

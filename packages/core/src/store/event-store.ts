import type { Either } from 'fp-ts/lib/Either.js'
import type { EventToAppend, StoredEvent } from '../envelope'
import type { AppendError, StoreError, SubscriberFailed } from '../errors'
import type { RetryOptions } from './retry-policy'

/**
 * The `EventStore` port. Every adapter (in-memory, PostgreSQL/PGlite, EventStoreDB)
 * implements it and passes the contract suite in `@gdpr-ledger/testing`.
 *
 * Streams are addressed by their logical id (`subject-acme-sub-8f3a`); an adapter maps them
 * under its namespace in one place. Versions are numbers, positions bigints.
 */

/** What the stream must be at for an append to go through. */
export type ExpectedVersion = number | 'any' | 'no_stream' | 'stream_exists'

export interface AppendOptions {
  readonly expectedVersion: ExpectedVersion
}

export interface AppendResult {
  readonly streamId: string
  /** The events as stored; on a duplicate, the events stored by the first append. */
  readonly events: readonly StoredEvent[]
  /** The stream's version after the append. */
  readonly streamVersion: number
  /**
   * Every event id of the batch was already in the stream with the same content: nothing was
   * written, and `events` are the ones stored first.
   */
  readonly duplicate: boolean
}

export interface ReadStreamOptions {
  /** Forward: the first version to read (default 1). Backward: the version to start from (default the head). */
  readonly fromVersion?: number
  readonly maxCount?: number
  readonly direction?: 'forward' | 'backward'
}

export interface StreamSlice {
  readonly events: readonly StoredEvent[]
  /** The stream's current version (0 when it does not exist). */
  readonly streamVersion: number
}

export interface ReadAllOptions {
  /** Read events with a position strictly greater than this (default `0n`: from the start). */
  readonly after?: bigint
  /** At most this many events (adapters cap it; default 1,000). */
  readonly limit?: number
}

/**
 * What a subscription is given. `retry` and `onRetry` (from `RetryOptions`) say how it treats a
 * failed read, the same in every adapter: by default an unavailable store is retried for as
 * long as it takes, and the subscription resumes from the last position it delivered.
 */
export interface SubscribeOptions extends RetryOptions {
  /** Deliver events with a position strictly greater than this (a saved checkpoint). */
  readonly after: bigint
  /** Called once per event, in position order; the next event waits for its promise. */
  readonly onEvent: (event: StoredEvent) => void | Promise<void>
  /** Called each time the subscription has delivered everything stored so far. */
  readonly onCaughtUp?: (position: bigint) => void
  readonly batchSize?: number
  readonly signal?: AbortSignal
}

/** A running subscription. */
export interface Subscription {
  /** Stops after the event being handled; resolves when stopped. */
  stop(): Promise<void>
  /** Settles when the subscription ends: `Right` when stopped, `Left` when it failed. */
  readonly done: Promise<Either<StoreError | SubscriberFailed, void>>
}

/** The port every event store implements. */
export interface EventStore {
  /**
   * Appends a batch to one stream atomically: all events or none. The store takes the stream
   * head, chains the events onto it (`chainEvents`) and assigns positions, in one atomic step,
   * also under expected version `any`. A batch whose event ids are all already in the stream
   * with the same content is a duplicate: nothing is written and the stored events come back.
   */
  append(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<Either<AppendError, AppendResult>>

  /** Reads part of a stream in version order. A stream that does not exist reads as empty. */
  readStream(
    streamId: string,
    options?: ReadStreamOptions,
  ): Promise<Either<StoreError, StreamSlice>>

  /**
   * Reads a page of the global log in position order. Once a reader has seen position p, no
   * event below p may appear later: a store only returns positions every earlier writer has
   * settled.
   */
  readAll(options?: ReadAllOptions): Promise<Either<StoreError, readonly StoredEvent[]>>

  /** Looks an event up by id within a stream (idempotent retries); `undefined` when absent. */
  findEvent(streamId: string, eventId: string): Promise<Either<StoreError, StoredEvent | undefined>>

  /**
   * Delivers every event after `options.after`, then new ones as they are stored. A failed read
   * is retried as `options.retry` says (default: for as long as the store is unavailable), each
   * retry told to `options.onRetry`; `done` settles with `Left` only when the policy gives up,
   * the store is closed, or a handler throws.
   */
  subscribe(options: SubscribeOptions): Subscription

  /** Releases connections. Later calls return `StoreUnavailable`. */
  close(): Promise<void>
}

/** The default and largest page `readAll` returns. */
export const DEFAULT_PAGE_SIZE = 1000

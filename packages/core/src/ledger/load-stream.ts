import * as E from 'fp-ts/lib/Either.js'
import type { StreamEvent } from '../catalogue'
import type { DomainEvent } from '../deciders/decider'
import { deciders, type DecidedStreamKind, type StreamStates } from '../deciders'
import { readEvent, type RecordedEvent, type Upcasters } from '../envelope'
import type { StoreError, UnreadableEvent } from '../errors'
import { DEFAULT_PAGE_SIZE, type EventStore } from '../store/event-store'
import type { LoadedStream } from './decision'

/** A recorded event as a decider folds it. */
export const toDomainEvent = (event: RecordedEvent): DomainEvent =>
  ({
    type: event.type,
    data: event.data,
    occurredAt: event.occurredAt,
    controllerId: event.controllerId,
  }) as DomainEvent

/**
 * Folded stream states by stream id, evicted oldest-stored first. A stream only grows, so a
 * state folded up to version v stays right forever: the next load reads only what came after
 * v. States are frozen by immer, so sharing them is safe. Eviction is first-in first-out, not
 * least-recently-used: re-ordering a large `Map` on every hit costs more than reloading a hot
 * stream once per `capacity` insertions.
 */
export class StreamStateCache {
  readonly #entries = new Map<string, LoadedStream<unknown>>()

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) {
      throw new TypeError('the state cache capacity is a whole number ≥ 0')
    }
  }

  get(streamId: string): LoadedStream<unknown> | undefined {
    return this.#entries.get(streamId)
  }

  set(entry: LoadedStream<unknown>): void {
    if (this.capacity === 0) return
    if (!this.#entries.has(entry.streamId) && this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next()
      if (oldest.done !== true) this.#entries.delete(oldest.value)
    }
    this.#entries.set(entry.streamId, entry)
  }
}

/**
 * Reads a stream and folds it with its kind's `evolve`, starting from a cached state when
 * there is one. Rights, activity and request streams are small, so reading them whole is the
 * point of the two-streams-per-subject design.
 */
export const loadStream = async <K extends DecidedStreamKind>(
  store: Pick<EventStore, 'readStream'>,
  kind: K,
  streamId: string,
  upcasters: Upcasters,
  cache?: StreamStateCache,
): Promise<E.Either<StoreError | UnreadableEvent, LoadedStream<StreamStates[K]>>> => {
  const decider = deciders[kind]
  const cached = cache?.get(streamId) as LoadedStream<StreamStates[K]> | undefined
  let state = cached?.state ?? decider.initialState()
  let version = cached?.version ?? 0
  for (;;) {
    const slice = await store.readStream(streamId, {
      fromVersion: version + 1,
      maxCount: DEFAULT_PAGE_SIZE,
    })
    if (E.isLeft(slice)) return slice
    for (const stored of slice.right.events) {
      const event = readEvent(stored, upcasters)
      if (E.isLeft(event)) return event
      state = decider.evolve(state, toDomainEvent(event.right) as DomainEvent<StreamEvent<K>>)
      version = stored.streamVersion
    }
    if (slice.right.events.length < DEFAULT_PAGE_SIZE || version >= slice.right.streamVersion) {
      // The version folded, not the head: an append since then must fail its expected version.
      const loaded = { streamId, version, state }
      // An empty stream folds to nothing: caching it would only evict states worth keeping
      // (a billing run touches thousands of subscribers with no rights events at all).
      if (version > 0 && version !== cached?.version) cache?.set(loaded)
      return E.right(loaded)
    }
  }
}

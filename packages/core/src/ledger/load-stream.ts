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
 * Reads a stream and folds it with its kind's `evolve`. Rights, activity and request streams
 * are small, so reading them whole is the point of the two-streams-per-subject design.
 */
export const loadStream = async <K extends DecidedStreamKind>(
  store: Pick<EventStore, 'readStream'>,
  kind: K,
  streamId: string,
  upcasters: Upcasters,
): Promise<E.Either<StoreError | UnreadableEvent, LoadedStream<StreamStates[K]>>> => {
  const decider = deciders[kind]
  let state = decider.initialState()
  let version = 0
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
      return E.right({ streamId, version, state })
    }
  }
}

import {
  deciders,
  toDomainEvent,
  type DecidedStreamKind,
  type DomainEvent,
  type RecordedEvent,
  type StreamStates,
} from '@gdpr-ledger/core'

/**
 * Folds one event into the state its stream's decider keeps: a projection holding the state
 * of an activity, a request or a breach reuses the decider's own `evolve`, so the meaning of
 * each event is written once, in core.
 */
export const evolveStream = <K extends DecidedStreamKind>(
  kind: K,
  state: StreamStates[K] | undefined,
  event: RecordedEvent,
): StreamStates[K] => {
  const decider = deciders[kind] as unknown as {
    initialState: () => StreamStates[K]
    evolve: (state: StreamStates[K], event: DomainEvent) => StreamStates[K]
  }
  return decider.evolve(state ?? decider.initialState(), toDomainEvent(event))
}

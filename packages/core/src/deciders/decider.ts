import type { Either } from 'fp-ts/lib/Either.js'
import type { EventType, LedgerEvent, StreamEvent, StreamKind } from '../catalogue'
import type { ComplianceViolation, InvalidTransition } from '../errors'

/**
 * An event as deciders see it: type and data, and the two facts about it that rules judge,
 * when it happened and for which controller.
 */
export type DomainEvent<E extends LedgerEvent = LedgerEvent> = E & {
  readonly occurredAt: string
  readonly controllerId: string
}

/** A request to record one event in one stream, after decoding. */
export interface RecordCommand<E extends LedgerEvent = LedgerEvent> {
  readonly streamId: string
  readonly controllerId: string
  readonly occurredAt: string
  readonly event: E
}

/**
 * An Emmett-style decider over one kind of stream: `evolve` folds the stream's events into
 * state (with immer), `decide` checks a command against that state and returns the events to
 * append, or why not. Deciders are pure: no clock, no I/O.
 */
export interface Decider<K extends StreamKind, S> {
  readonly kind: K
  readonly initialState: () => S
  readonly evolve: (state: S, event: DomainEvent<StreamEvent<K>>) => S
  readonly decide: (
    command: RecordCommand<StreamEvent<K>>,
    state: S,
  ) => Either<InvalidTransition | ComplianceViolation, readonly DomainEvent<StreamEvent<K>>[]>
}

/** The event types a decider records, for exhaustiveness checks in tests. */
export type DecidedTypes<K extends StreamKind> = StreamEvent<K>['type'] & EventType

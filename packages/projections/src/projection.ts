import type { EventType, RecordedEvent } from '@gdpr-ledger/core'

/**
 * A projection: a deterministic fold of the ledger's events into serialisable state, and the
 * queries over that state (exported beside it as plain functions).
 *
 * - `init` returns a fresh state every call.
 * - `apply` folds one event in. It reads nothing but the state and the event (no clock, no
 *   I/O), so the same events always give the same state. For speed it may update the state it
 *   is handed and return it: whoever calls `apply` hands the state over and keeps only the
 *   result (the runner and `replay` do). Copying a register of 100,000 subscribers on every
 *   event would cost more than the event.
 * - The state is a JSON value (objects, arrays, strings, numbers, booleans, null): it is saved
 *   with `JSON.stringify` and read back with `JSON.parse`, and must come back equal.
 * - `eventTypes` lists the types `apply` reads; other events are skipped without decoding.
 * - `version` changes when the state's shape or meaning changes: a checkpoint saved under
 *   another version is discarded and the projection rebuilt from the start of the log.
 *
 * @example
 * ```ts
 * import type { Projection } from '@gdpr-ledger/projections'
 *
 * // Consents given per purpose, across all subscribers.
 * const consentsGiven: Projection<Record<string, number>> = {
 *   name: 'consents-given',
 *   version: 1,
 *   eventTypes: ['ConsentGiven'],
 *   init: () => ({}),
 *   apply: (state, event) => {
 *     if (event.type === 'ConsentGiven')
 *       state[event.data.purpose] = (state[event.data.purpose] ?? 0) + 1
 *     return state
 *   },
 * }
 * ```
 */
export interface Projection<S> {
  /** Unique among the projections of a ledger: the key its checkpoint is saved under. */
  readonly name: string
  readonly version: number
  readonly eventTypes: readonly EventType[]
  init(): S
  apply(state: S, event: RecordedEvent): S
}

/** The state type of a projection. */
export type StateOf<P> = P extends Projection<infer S> ? S : never

/** The state types of a list of projections, in the same order. */
export type StatesOf<P extends readonly Projection<unknown>[]> = {
  -readonly [K in keyof P]: StateOf<P[K]>
}

/**
 * Folds events into a fresh state of `projection`, in the order given, skipping types it does
 * not read. For tests and small in-memory histories; the runner and `replay` read a store.
 *
 * @example
 * ```ts
 * const state = foldEvents(registerProjection, recordedEvents)
 * ```
 */
export const foldEvents = <S>(projection: Projection<S>, events: Iterable<RecordedEvent>): S => {
  const handles = new Set<string>(projection.eventTypes)
  let state = projection.init()
  for (const event of events) {
    if (handles.has(event.type)) state = projection.apply(state, event)
  }
  return state
}

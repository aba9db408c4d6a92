import * as E from 'fp-ts/lib/Either.js'
import { expect } from 'vitest'
import {
  deciders,
  type DecidedStreamKind,
  type DomainEvent,
  type EventData,
  type StreamEvent,
  type StreamStates,
  type Verdict,
} from '../../src'

/** fast-check runs per property: at least 1,000, more under FC_RUNS. */
export const numRuns = Math.max(1000, Number(process.env.FC_RUNS ?? 1000))

export const CONTROLLER = 'telco_se'

type TypeOf<K extends DecidedStreamKind> = StreamEvent<K>['type']

/** One event of a stream kind, as a decider folds it. */
export const at = <K extends DecidedStreamKind, T extends TypeOf<K>>(
  _kind: K,
  type: T,
  occurredAt: string,
  data: EventData<T>,
): DomainEvent<StreamEvent<K>> =>
  ({ type, data, occurredAt, controllerId: CONTROLLER }) as unknown as DomainEvent<StreamEvent<K>>

/** The state a stream kind folds its events into. */
export const fold = <K extends DecidedStreamKind>(
  kind: K,
  events: readonly DomainEvent<StreamEvent<K>>[],
): StreamStates[K] => {
  const decider = deciders[kind] as unknown as {
    evolve: (s: StreamStates[K], e: DomainEvent<StreamEvent<K>>) => StreamStates[K]
    initialState: () => StreamStates[K]
  }
  return events.reduce(decider.evolve, decider.initialState())
}

/** Asserts a verdict is lawful. */
export const expectLawful = (verdict: Verdict): void => {
  expect(verdict).toEqual(E.right(undefined))
}

/** Asserts a verdict refuses under `rule`, and that the explanation names no subject. */
export const expectViolation = (verdict: Verdict, rule: string, article?: string): void => {
  expect(E.isLeft(verdict)).toBe(true)
  if (E.isRight(verdict)) return
  expect(verdict.left.rule).toBe(rule)
  if (article !== undefined) expect(verdict.left.article).toContain(article)
  expect(verdict.left.explanation).not.toMatch(/sub-[0-9a-f]/)
}

export const isLawful = (verdict: Verdict): boolean => E.isRight(verdict)

/** Milliseconds since the epoch of an instant, and back. */
export const ms = (instant: string): number => Date.parse(instant)
export const iso = (millis: number): string => new Date(millis).toISOString()

/**
 * Properties of a thousand runs take well under a second alone, but the machine is shared:
 * a generous timeout keeps a busy neighbour from failing them.
 */
export const PROPERTY_TIMEOUT = 120_000

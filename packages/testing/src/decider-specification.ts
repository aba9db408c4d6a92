import {
  createInMemoryStore,
  createLedger,
  type CommandName,
  type Decider,
  systemClock,
  type DomainEvent,
  type EventStore,
  type LedgerError,
  type LedgerOptions,
  type RecordCommand,
  type StreamEvent,
  type StreamKind,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { expect } from 'vitest'
import { followAll } from './contract/follow-all'

/**
 * What a refusal must match: its `_tag`; for a `ComplianceViolation` its rule, article and
 * explanation; for an `InvalidTransition` its stream, event type and reason.
 */
type Refusal = Partial<{
  _tag: string
  rule: string
  article: string
  explanation: string
  streamId: string
  eventType: string
  reason: string
}>

/**
 * Given/when/then for a pure decider, in the spirit of Emmett's `DeciderSpecification`:
 * fold the given events with `evolve`, decide the command, compare.
 *
 * - `then(events)`: the command is accepted with exactly these events (each carries the
 *   command's `occurredAt` and `controllerId`);
 * - `thenRefused(refusal)`: the command is refused with an error matching `refusal` (an
 *   `InvalidTransition` with its `reason`, or a `ComplianceViolation` with its rule);
 * - `thenState(check)`: the command is accepted, and `check` sees the state after its events
 *   are folded in.
 *
 * @example
 * ```ts
 * import { subjectDecider } from '@gdpr-ledger/core'
 * const given = deciderSpecification(subjectDecider)
 * given([]).when(withdrawal).thenRefused({ _tag: 'InvalidTransition', reason: 'no consent for this purpose is in force' })
 * given([consentGiven]).when(withdrawal).then([{ ...withdrawal.event, occurredAt: withdrawal.occurredAt, controllerId: withdrawal.controllerId }])
 * ```
 */
export const deciderSpecification =
  <K extends StreamKind, S>(decider: Decider<K, S>) =>
  (given: readonly DomainEvent<StreamEvent<K>>[]) => ({
    when: (command: RecordCommand<StreamEvent<K>>) => {
      const state = given.reduce(decider.evolve, decider.initialState())
      const result = decider.decide(command, state)
      return {
        then: (expected: readonly DomainEvent<StreamEvent<K>>[]) => {
          expect(result).toEqual(E.right(expected))
        },
        thenRefused: (refusal: Refusal) => {
          expect(E.isLeft(result)).toBe(true)
          if (E.isLeft(result)) expect(result.left).toMatchObject(refusal)
        },
        thenState: (check: (state: S) => void) => {
          if (E.isLeft(result))
            throw new Error(
              `expected the command to be accepted, refused: ${JSON.stringify(result.left)}`,
            )
          check(result.right.reduce(decider.evolve, state))
        },
      }
    },
  })

/** A step of a ledger specification: a command by name and its input. */
export interface SpecStep {
  readonly name: CommandName
  readonly command: unknown
  /**
   * Sets the ledger's clock to this instant before the step runs, so a specification can
   * record a gate, let time pass, and record the next (a gate happens at the clock).
   */
  readonly at?: string
}

const countEvents = async (store: EventStore): Promise<number> => {
  const read = await followAll(store)
  if (E.isLeft(read)) throw new Error(`the store failed: ${read.left._tag}`)
  return read.right.length
}

/**
 * Given/when/then through a whole ledger (in-memory store, your clock, jurisdiction and
 * rules): the given facts are imported and the given commands recorded first (and must
 * succeed), then the command under test runs. A step with `at` moves the clock first. A
 * refusal must leave the store as it was.
 *
 * @example
 * ```ts
 * await ledgerSpecification({ jurisdiction: jurisdictions.SE })
 *   .given([{ name: 'giveConsent', command: consent, at: '2026-11-23T09:00:00Z' }])
 *   .when({ name: 'recordProcessing', command: marketing, at: '2026-11-23T09:00:00Z' })
 *   .thenRecorded(['DataProcessed'])
 * ```
 */
export const ledgerSpecification = (options: Omit<LedgerOptions, 'store'> = {}) => ({
  given: (steps: readonly SpecStep[], facts: unknown[] = []) => ({
    when: (step: SpecStep) => {
      const run = async (): Promise<{
        result: E.Either<LedgerError, readonly DomainEvent[]>
        appended: number
      }> => {
        const store = createInMemoryStore()
        let now: Date | undefined
        const clock = options.clock ?? systemClock
        const ledger = createLedger({ ...options, store, clock: () => now ?? clock() })
        if (facts.length > 0) {
          const imported = await ledger.import(facts)
          if (E.isLeft(imported)) throw new Error(`given facts were refused: ${imported.left._tag}`)
        }
        for (const given of steps) {
          if (given.at !== undefined) now = new Date(given.at)
          const result = await ledger.execute(given.name, given.command)
          if (E.isLeft(result))
            throw new Error(`given ${given.name} was refused: ${JSON.stringify(result.left)}`)
        }
        if (step.at !== undefined) now = new Date(step.at)
        const before = await countEvents(store)
        const result = await ledger.execute(step.name, step.command)
        const appended = (await countEvents(store)) - before
        return {
          result: E.map((r: { events: readonly DomainEvent[] }) => r.events)(result),
          appended,
        }
      }
      return {
        thenRecorded: async (types: readonly string[]) => {
          const { result } = await run()
          if (E.isLeft(result))
            throw new Error(`expected ${types.join(', ')}, refused: ${JSON.stringify(result.left)}`)
          expect(result.right.map((e) => e.type)).toEqual(types)
          return result.right
        },
        thenRefused: async (refusal: Refusal) => {
          const { result, appended } = await run()
          expect(E.isLeft(result)).toBe(true)
          if (E.isLeft(result)) expect(result.left).toMatchObject(refusal)
          expect(appended).toBe(0)
        },
      }
    },
  }),
})

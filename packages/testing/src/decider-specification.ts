import {
  createInMemoryStore,
  createLedger,
  type CommandName,
  type Decider,
  type DomainEvent,
  type LedgerError,
  type LedgerOptions,
  type RecordCommand,
  type StreamEvent,
  type StreamKind,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { expect } from 'vitest'

type Refusal = Partial<{ _tag: string; rule: string; article: string; reason: string }>

/**
 * Given/when/then for a pure decider, in the spirit of Emmett's `DeciderSpecification`:
 * fold the given events with `evolve`, decide the command, compare.
 *
 * @example
 * ```ts
 * const given = deciderSpecification(breachDecider)
 * given([]).when(notifyCommand).thenRefused({ _tag: 'InvalidTransition' })
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
          check(state)
        },
      }
    },
  })

/** A step of a ledger specification: a command by name and its input. */
export interface SpecStep {
  readonly name: CommandName
  readonly command: unknown
}

/**
 * Given/when/then through a whole ledger (in-memory store, your clock and rules): the given
 * commands are recorded first (and must succeed), then the command under test runs.
 *
 * @example
 * ```ts
 * await ledgerSpecification({ clock })
 *   .given([{ name: 'giveConsent', command: consent }])
 *   .when({ name: 'withdrawConsent', command: withdrawal })
 *   .thenRecorded(['ConsentWithdrawn'])
 * ```
 */
export const ledgerSpecification = (options: Omit<LedgerOptions, 'store'> = {}) => ({
  given: (steps: readonly SpecStep[], facts: unknown[] = []) => ({
    when: (step: SpecStep) => {
      const run = async (): Promise<E.Either<LedgerError, readonly DomainEvent[]>> => {
        const ledger = createLedger({ ...options, store: createInMemoryStore() })
        if (facts.length > 0) {
          const imported = await ledger.import(facts)
          if (E.isLeft(imported)) throw new Error(`given facts were refused: ${imported.left._tag}`)
        }
        for (const given of steps) {
          const result = await ledger.execute(given.name, given.command)
          if (E.isLeft(result))
            throw new Error(`given ${given.name} was refused: ${JSON.stringify(result.left)}`)
        }
        const result = await ledger.execute(step.name, step.command)
        return E.map((r: { events: readonly DomainEvent[] }) => r.events)(result)
      }
      return {
        thenRecorded: async (types: readonly string[]) => {
          const result = await run()
          if (E.isLeft(result))
            throw new Error(`expected ${types.join(', ')}, refused: ${JSON.stringify(result.left)}`)
          expect(result.right.map((e) => e.type)).toEqual(types)
          return result.right
        },
        thenRefused: async (refusal: Refusal) => {
          const result = await run()
          expect(E.isLeft(result)).toBe(true)
          if (E.isLeft(result)) expect(result.left).toMatchObject(refusal)
        },
      }
    },
  }),
})

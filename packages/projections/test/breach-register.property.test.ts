import { jurisdictions } from '@gdpr-ledger/core'
import {
  breachRegisterProperty,
  complianceScenarioArbitrary,
  propertyRuns,
  type BreachRegister,
  type BreachRegisterInput,
} from '@gdpr-ledger/testing'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  breachRegister,
  breachRegisterProjection,
  describeProjectionError,
  foldEvents,
  replay,
  type BreachQuery,
} from '../src'

/**
 * "Every breach appears in the register" (`breachRegisterProperty` of `@gdpr-ledger/testing`)
 * run against this package's breach register, not the property's own reference fold: the
 * register is rebuilt from the scenario's store with `replay`, as a deployed report is, and
 * queried with `breachRegister` at the property's `now` and jurisdiction.
 */
const replayedRegister =
  (query: Partial<BreachQuery> = {}): BreachRegister =>
  async ({ store, now, jurisdiction }: BreachRegisterInput) => {
    const built = await replay(store, [breachRegisterProjection])
    if (E.isLeft(built)) throw new Error(describeProjectionError(built.left))
    return breachRegister(built.right.states[0], { now, jurisdiction, ...query })
  }

/** The same register folded from the decoded events the property hands over. */
const foldedRegister: BreachRegister = ({ events, now, jurisdiction }) =>
  breachRegister(foldEvents(breachRegisterProjection, events), { now, jurisdiction })

/** The message of the error a failing property reported (fast-check keeps it as the cause). */
const failureOf = async (run: Promise<void>): Promise<string> => {
  try {
    await run
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause
    return cause instanceof Error ? cause.message : String(error)
  }
  return 'the property held'
}

const TIMEOUT = 600_000
const withBreaches = complianceScenarioArbitrary().filter((steps) =>
  steps.some((step) => step.name === 'detectBreach'),
)

describe('the breach register of @gdpr-ledger/projections', { timeout: TIMEOUT }, () => {
  it('lists every breach of a random history exactly once, with its clocks (replayed from the store)', async () => {
    await fc.assert(breachRegisterProperty({ register: replayedRegister() }), {
      numRuns: propertyRuns(),
    })
  })

  it('lists every breach exactly once under another jurisdiction (folded from the events)', async () => {
    await fc.assert(
      breachRegisterProperty({
        commands: withBreaches,
        register: foldedRegister,
        ledger: { jurisdiction: jurisdictions.NO },
      }),
      { numRuns: propertyRuns() },
    )
  })

  it('the property fails on the register when it is filtered to another controller', async () => {
    const message = await failureOf(
      fc.assert(
        breachRegisterProperty({
          commands: withBreaches,
          register: replayedRegister({ controllerId: 'another_controller' }),
        }),
        { numRuns: 5 },
      ),
    )
    expect(message).toMatch(/^breach br-\d appears 0 times in the register$/)
  })

  it('the property fails on a register that lists a breach twice', async () => {
    const doubled: BreachRegister = async (input) => {
      const rows = await replayedRegister()(input)
      return [...rows, ...rows]
    }
    const message = await failureOf(
      fc.assert(breachRegisterProperty({ commands: withBreaches, register: doubled }), {
        numRuns: 5,
      }),
    )
    expect(message).toMatch(/appears 2 times in the register/)
  })
})

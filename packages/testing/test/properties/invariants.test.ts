import {
  createInMemoryStore,
  serialiseMetadata,
  streamIds,
  type EventStore,
  type LedgerError,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  breachRegisterProperty,
  complianceScenarioArbitrary,
  consentCoverageProperty,
  disclosureAssessedProperty,
  dsrDueDateProperty,
  propertyRuns,
  refusalsAppendNothingProperty,
  replayProperty,
  runScenario,
  trafficAndLocationProperty,
} from '../../src'

const numRuns = propertyRuns()
const TIMEOUT = 600_000

const ruleOf = (result: E.Either<LedgerError, unknown>): string | undefined =>
  E.isLeft(result) && result.left._tag === 'ComplianceViolation' ? result.left.rule : undefined

describe('the scenarios the invariants run', () => {
  it(
    'meet the rules on both sides: consent-based processing accepted and refused, disclosures made and refused, breaches detected',
    async () => {
      const tally = {
        consentAccepted: 0,
        consentRefused: 0,
        disclosed: 0,
        disclosureRefused: 0,
        breaches: 0,
        extensionsRefused: 0,
        shared: 0,
        sharingRefusedByRule9: 0,
      }
      for (const steps of fc.sample(complianceScenarioArbitrary(), { numRuns: 200, seed: 42 })) {
        const run = await runScenario(steps)
        steps.forEach((step, i) => {
          const result = run.results[i]
          if (result === undefined) return
          const onConsent = step.command.legalBasis === 'consent'
          if (step.name === 'recordProcessing' && onConsent) {
            if (E.isRight(result)) tally.consentAccepted++
            else if (ruleOf(result) === 'consent.covering-consent') tally.consentRefused++
          }
          if (step.name === 'discloseToAuthority') {
            if (E.isRight(result)) tally.disclosed++
            else if (ruleOf(result)?.startsWith('disclosure.') === true) tally.disclosureRefused++
          }
          if (step.name === 'recordSharing') {
            if (E.isRight(result)) tally.shared++
            else if (/^(traffic|location)\./.test(ruleOf(result) ?? ''))
              tally.sharingRefusedByRule9++
          }
          if (step.name === 'detectBreach' && E.isRight(result)) tally.breaches++
          if (step.name === 'extendDeadline' && ruleOf(result)?.startsWith('dsr.') === true)
            tally.extensionsRefused++
        })
      }
      expect(tally.consentAccepted).toBeGreaterThan(20)
      expect(tally.consentRefused).toBeGreaterThan(20)
      expect(tally.disclosed).toBeGreaterThan(5)
      expect(tally.disclosureRefused).toBeGreaterThan(5)
      expect(tally.breaches).toBeGreaterThan(20)
      expect(tally.extensionsRefused).toBeGreaterThan(5)
      expect(tally.shared).toBeGreaterThan(20)
      expect(tally.sharingRefusedByRule9).toBeGreaterThan(20)
    },
    TIMEOUT,
  )
})

describe('the invariants hold over random command sequences', () => {
  it(
    'no accepted consent-based processing lacks covering consent at its time',
    async () => {
      await fc.assert(consentCoverageProperty(), { numRuns })
    },
    TIMEOUT,
  )

  it(
    'no accepted processing or sharing of traffic or location data lacks its ePrivacy ground',
    async () => {
      await fc.assert(trafficAndLocationProperty(), { numRuns })
    },
    TIMEOUT,
  )

  it(
    'no accepted disclosure lacks an assessed request',
    async () => {
      await fc.assert(disclosureAssessedProperty(), { numRuns })
    },
    TIMEOUT,
  )

  it(
    'replaying the stored events through evolve gives the state the decisions saw',
    async () => {
      await fc.assert(replayProperty(), { numRuns })
    },
    TIMEOUT,
  )

  it(
    'a refused command appends nothing',
    async () => {
      await fc.assert(refusalsAppendNothingProperty(), { numRuns })
    },
    TIMEOUT,
  )

  it(
    'every breach appears in the register exactly once',
    async () => {
      await fc.assert(breachRegisterProperty(), { numRuns })
    },
    TIMEOUT,
  )

  it(
    'DSR due dates lie 28 to 31 local calendar days after receipt, across daylight-saving changes',
    () => {
      fc.assert(dsrDueDateProperty(), { numRuns: numRuns * 5 })
    },
    TIMEOUT,
  )
})

/** A store that already holds an event no gate would have accepted, written below the ledger. */
const tamperedStore =
  (type: string, streamId: string, data: object, decidedOn?: Record<string, number>) =>
  async (): Promise<EventStore> => {
    const store = createInMemoryStore()
    await store.append(
      streamId,
      [
        {
          id: '0193a6f0-0000-7000-8000-0000000000aa',
          type,
          controllerId: 'telco_se',
          occurredAt: '2026-03-19T08:00:00.000Z',
          recordedAt: '2026-03-19T08:00:00.000Z',
          data: JSON.stringify(data),
          metadata: serialiseMetadata({
            schemaVersion: 1,
            actor: 'rogue',
            ...(decidedOn === undefined ? {} : { decidedOn }),
          }),
        },
      ],
      { expectedVersion: 'any' },
    )
    return store
  }

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

describe('the invariants catch what they guard against', { timeout: TIMEOUT }, () => {
  const fewRuns = { numRuns: 5 }

  it('consent coverage fails on consent-based processing recorded without consent', async () => {
    const store = tamperedStore(
      'DataProcessed',
      streamIds.processing('telco_se', 'sub-a1f3'),
      {
        subjectId: 'sub-a1f3',
        actorId: 'campaign-engine',
        actorRole: 'system',
        system: 'crm',
        activityId: 'act-marketing',
        purpose: 'marketing',
        legalBasis: 'consent',
        dataCategories: ['contact-details'],
        action: 'use',
      },
      { [streamIds.subject('telco_se', 'sub-a1f3')]: 0 },
    )
    expect(await failureOf(fc.assert(consentCoverageProperty({ store }), fewRuns))).toMatch(
      /no consent covered it/,
    )
  })

  it('disclosure assessment fails on a disclosure recorded without an assessed request', async () => {
    const store = tamperedStore('DataDisclosedToAuthority', streamIds.disclosure('req-x'), {
      requestId: 'req-x',
      subjectIds: ['sub-a1f3'],
      dataCategories: ['call-records'],
      recordCount: 3,
      channel: 'email',
    })
    expect(await failureOf(fc.assert(disclosureAssessedProperty({ store }), fewRuns))).toMatch(
      /without an assessed request/,
    )
  })

  it('the register property fails on a register that leaves a breach out', async () => {
    const commands = complianceScenarioArbitrary().filter((steps) =>
      steps.some((s) => s.name === 'detectBreach'),
    )
    expect(
      await failureOf(fc.assert(breachRegisterProperty({ commands, register: () => [] }), fewRuns)),
    ).toMatch(/appears 0 times/)
  })

  it('the traffic and location property fails on traffic data processed without an ePrivacy ground', async () => {
    const store = tamperedStore('DataProcessed', streamIds.processing('telco_se', 'sub-a1f3'), {
      subjectId: 'sub-a1f3',
      actorId: 'rating-job',
      actorRole: 'system',
      system: 'billing',
      activityId: 'act-billing',
      purpose: 'billing',
      legalBasis: 'contract',
      dataCategories: ['usage-volumes'],
      action: 'use',
    })
    expect(await failureOf(fc.assert(trafficAndLocationProperty({ store }), fewRuns))).toMatch(
      /touches traffic data without an ePrivacy ground/,
    )
  })

  it('the register property fails on a register that lists a breach never detected', async () => {
    const commands = complianceScenarioArbitrary().filter((steps) =>
      steps.some((s) => s.name === 'detectBreach'),
    )
    const register = ({ events }: { events: readonly { type: string; data: unknown }[] }) => [
      ...events.flatMap((e) =>
        e.type === 'BreachDetected'
          ? [{ breachId: (e.data as { breachId: string }).breachId, clocks: [{}] }]
          : [],
      ),
      { breachId: 'breach-never-detected', clocks: [{}] },
    ]
    expect(
      await failureOf(fc.assert(breachRegisterProperty({ commands, register }), fewRuns)),
    ).toMatch(/lists breach breach-never-detected, which was never detected/)
  })

  it('the append property fails when events appear that no accepted command appended', async () => {
    const store = tamperedStore('GagLifted', streamIds.disclosure('req-x'), { requestId: 'req-x' })
    expect(await failureOf(fc.assert(refusalsAppendNothingProperty({ store }), fewRuns))).toMatch(
      /the store holds/,
    )
  })
})

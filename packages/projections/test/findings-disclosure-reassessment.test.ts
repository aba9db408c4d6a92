import {
  createInMemoryStore,
  createLedger,
  jurisdictions,
  type CommandInput,
  type EventStore,
} from '@gdpr-ledger/core'
import { propertyRuns } from '@gdpr-ledger/testing'
import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  describeProjectionError,
  disclosureRegister,
  disclosureRegisterProjection,
  findings,
  findingsProjection,
  replay,
} from '../src'

/**
 * An imported disclosure is judged by the assessment in force at its own time: a request
 * assessed "comply" and later re-assessed "refuse" leaves a disclosure made between the two
 * lawful, and flags one made after the re-assessment.
 */
const SE = jurisdictions.SE
const CONTROLLER = 'telco_se'
const NOW = '2026-11-25T12:00:00.000Z'
const RECEIVED = '2026-11-02T08:00:00.000Z'
const COMPLY = '2026-11-03T08:00:00.000Z'
const REFUSE = '2026-11-10T08:00:00.000Z'

const received: CommandInput<'receiveAuthorityRequest'> = {
  controllerId: CONTROLLER,
  actor: 'legal-desk',
  requestId: 'police-se-1',
  authority: { authorityId: 'se-police', name: 'Polismyndigheten', country: 'SE', kind: 'police' },
  statute: 'LEK (2022:482) 9 kap. 31 §',
  scope: { subjectIds: ['sub-8f3a'], dataCategories: ['call-records'] },
  occurredAt: RECEIVED,
}

const assessed = (
  decision: 'comply' | 'refuse',
  occurredAt: string,
): CommandInput<'assessAuthorityRequest'> => ({
  controllerId: CONTROLLER,
  actor: 'legal-7',
  requestId: 'police-se-1',
  decision,
  assessedBy: { actorId: 'legal-7', role: 'legal-officer' },
  occurredAt,
})

/** The request and its assessments, in the order given, then the disclosures imported. */
const history = async (
  assessments: readonly CommandInput<'assessAuthorityRequest'>[],
  disclosedAt: readonly string[],
): Promise<EventStore> => {
  const store = createInMemoryStore()
  const ledger = createLedger({ store, jurisdiction: SE, clock: () => new Date(NOW) })
  if (E.isLeft(await ledger.receiveAuthorityRequest(received))) throw new Error('refused')
  for (const assessment of assessments)
    if (E.isLeft(await ledger.assessAuthorityRequest(assessment))) throw new Error('refused')
  const imported = await ledger.import(
    disclosedAt.map((occurredAt, i) => ({
      id: `0193a6f0-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
      type: 'DataDisclosedToAuthority',
      controllerId: CONTROLLER,
      occurredAt,
      actor: 'legacy-legal-desk',
      data: {
        requestId: 'police-se-1',
        subjectIds: ['sub-8f3a'],
        dataCategories: ['call-records'],
        recordCount: 12,
        channel: 'secure-portal',
      },
    })),
  )
  if (E.isLeft(imported)) throw new Error('import refused')
  return store
}

const judged = async (store: EventStore) => {
  const built = await replay(store, [findingsProjection({ jurisdiction: SE })])
  if (E.isLeft(built)) throw new Error(describeProjectionError(built.left))
  return findings({ findings: built.right.states[0] }, { now: NOW, jurisdiction: SE })
}

describe('findings on imported disclosures after a re-assessment', () => {
  it('leave a disclosure made while "comply" was in force alone, and flag one after the re-assessment to refuse', async () => {
    const between = '2026-11-05T10:00:00.000Z'
    const after = '2026-11-12T10:00:00.000Z'
    const comply = assessed('comply', COMPLY)
    const refuse = assessed('refuse', REFUSE)
    expect(await judged(await history([comply, refuse], [between]))).toEqual([])
    const flagged = await judged(await history([comply, refuse], [between, after]))
    expect(flagged.map((f) => [f.source, f.rule, f.at, f.count])).toEqual([
      ['imported-fact', 'disclosure.assessed-request', after, 1],
    ])
    expect(flagged[0]?.article).toContain('ePrivacy Directive art. 15(1)')
  })

  it('place an assessment recorded late by its time: the earlier "comply", recorded after the "refuse", judges only what came before the refusal', async () => {
    const store = await history(
      [assessed('refuse', REFUSE), assessed('comply', COMPLY)],
      ['2026-11-05T10:00:00.000Z', '2026-11-12T10:00:00.000Z'],
    )
    expect((await judged(store)).map((f) => f.at)).toEqual(['2026-11-12T10:00:00.000Z'])
    // The register answers with the assessment in force last: the refusal.
    const built = await replay(store, [disclosureRegisterProjection])
    if (E.isLeft(built)) throw new Error(describeProjectionError(built.left))
    expect(
      disclosureRegister(built.right.states[0], {}).map((r) => r.assessment?.decision),
    ).toEqual(['refuse'])
  })

  it('property: an imported disclosure is flagged exactly when the latest assessment at or before it refuses', async () => {
    const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}T08:00:00.000Z`
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            day: fc.integer({ min: 3, max: 20 }),
            decision: fc.constantFrom('comply' as const, 'refuse' as const),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.integer({ min: 3, max: 21 }),
        async (assessments, disclosedOn) => {
          const disclosedAt = day(disclosedOn).replace('T08', 'T09')
          const store = await history(
            assessments.map((a) => assessed(a.decision, day(a.day))),
            [disclosedAt],
          )
          const latestDay = Math.max(
            0,
            ...assessments.filter((a) => a.day <= disclosedOn).map((a) => a.day),
          )
          const inForce = assessments.filter((a) => a.day === latestDay).at(-1)
          const lawful = inForce?.decision === 'comply'
          const rules = (await judged(store)).map((f) => f.rule)
          expect(rules).toEqual(lawful ? [] : ['disclosure.assessed-request'])
        },
      ),
      { numRuns: propertyRuns() },
    )
  }, 120_000)
})

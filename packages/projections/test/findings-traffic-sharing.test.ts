import {
  checkTrafficAndLocation,
  createInMemoryStore,
  createLedger,
  defaultPolicy,
  jurisdictions,
  type CommandInput,
  type EPrivacyBasis,
  type EventData,
  type EventStore,
} from '@gdpr-ledger/core'
import { propertyRuns } from '@gdpr-ledger/testing'
import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { describeProjectionError, findings, findingsProjection, replay } from '../src'

/**
 * Rule 9 on sharing: an imported `DataSharedWithRecipient` of traffic or location data that
 * names no ePrivacy ground, or markets it without consent, is flagged by the findings
 * projection with the rule the gate refuses the same sharing with.
 */
const SE = jurisdictions.SE
const CONTROLLER = 'telco_se'
const SUBJECT = 'sub-8f3a'
const SHARED_AT = '2026-11-20T10:00:00.000Z'
const NOW = '2026-11-25T12:00:00.000Z'

const declaration: CommandInput<'declareProcessingActivity'> = {
  controllerId: CONTROLLER,
  actor: 'dpo-office',
  activityId: 'act-partner-offers',
  name: 'Offers from partners, on usage',
  role: 'controller',
  controller: { name: 'Telco AB', contact: 'dataskydd@telco.example' },
  purposes: ['marketing', 'billing'],
  legalBases: [
    { basis: 'consent', ePrivacyBasis: 'consent' },
    { basis: 'legitimate-interests' },
    { basis: 'legitimate-interests', ePrivacyBasis: 'billing' },
    { basis: 'legitimate-interests', ePrivacyBasis: 'anonymised' },
  ],
  subjectCategories: ['subscribers'],
  dataCategories: ['call-records', 'cell-location', 'contact-details'],
  recipients: [
    {
      recipientId: 'rcp-partner',
      name: 'Partner Offers AB',
      kind: 'business-partner',
      country: 'SE',
    },
  ],
  transfers: [],
  retention: [
    { kind: 'period', dataCategory: 'call-records', period: 'P5M', from: 'collected' },
    { kind: 'period', dataCategory: 'cell-location', period: 'P1D', from: 'collected' },
    { kind: 'period', dataCategory: 'contact-details', period: 'P24M', from: 'relationship-ended' },
  ],
  securityMeasures: { kind: 'described', measures: ['encryption in transit'] },
  occurredAt: '2026-01-01T00:00:00.000Z',
}

const consent: CommandInput<'giveConsent'> = {
  controllerId: CONTROLLER,
  actor: 'web-shop',
  subjectId: SUBJECT,
  purpose: 'marketing',
  noticeVersion: 'notice-2026-10',
  channel: 'web',
  occurredAt: '2026-06-01T00:00:00.000Z',
}

type Sharing = EventData<'DataSharedWithRecipient'>
const sharing = (overrides: Partial<Sharing> = {}): Sharing => ({
  subjectId: SUBJECT,
  activityId: 'act-partner-offers',
  recipientId: 'rcp-partner',
  recipientName: 'Partner Offers AB',
  recipientKind: 'business-partner',
  country: 'SE',
  purpose: 'marketing',
  legalBasis: 'legitimate-interests',
  dataCategories: ['call-records'],
  ...overrides,
})

const setUp = async (clockAt: string, withConsent: boolean) => {
  const store = createInMemoryStore()
  const ledger = createLedger({ store, jurisdiction: SE, clock: () => new Date(clockAt) })
  if (E.isLeft(await ledger.declareProcessingActivity(declaration)))
    throw new Error('declaration refused')
  if (withConsent && E.isLeft(await ledger.giveConsent(consent))) throw new Error('consent refused')
  return { store, ledger }
}

/** The sharings imported as facts (the import path never refuses a well-formed one). */
const imported = async (shares: readonly Sharing[], withConsent = false): Promise<EventStore> => {
  const { store, ledger } = await setUp(NOW, withConsent)
  const result = await ledger.import(
    shares.map((data, i) => ({
      id: `0193a6f0-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
      type: 'DataSharedWithRecipient',
      controllerId: CONTROLLER,
      occurredAt: SHARED_AT,
      actor: 'legacy-crm',
      data,
    })),
  )
  if (E.isLeft(result) || result.right.imported !== shares.length) throw new Error('import failed')
  return store
}

const judged = async (store: EventStore) => {
  const built = await replay(store, [findingsProjection({ jurisdiction: SE })])
  if (E.isLeft(built)) throw new Error(describeProjectionError(built.left))
  return findings({ findings: built.right.states[0] }, { now: NOW, jurisdiction: SE })
}

/** What the gate answers for the same sharing, on the same history, at its time. */
const gate = async (data: Sharing, withConsent = false) => {
  const { ledger } = await setUp(SHARED_AT, withConsent)
  const result = await ledger.recordSharing({ controllerId: CONTROLLER, actor: 'crm', ...data })
  return E.isLeft(result) && result.left._tag === 'ComplianceViolation'
    ? { rule: result.left.rule, article: result.left.article }
    : result._tag
}

describe('findings on imported sharing of traffic and location data', () => {
  it('flag call records shared with no ePrivacy ground, with the rule and article the gate refuses with', async () => {
    const list = await judged(await imported([sharing()]))
    expect(list).toEqual([
      {
        source: 'imported-fact',
        rule: 'traffic.eprivacy-basis',
        article: 'ePrivacy Directive art. 6(1)-(5)',
        explanation: expect.stringContaining('category call-records is traffic data') as unknown,
        controllerId: CONTROLLER,
        subjectId: SUBJECT,
        reference: `processing-${CONTROLLER}-${SUBJECT}`,
        at: SHARED_AT,
        count: 1,
        firstPosition: expect.any(BigInt) as unknown,
        lastPosition: expect.any(BigInt) as unknown,
      },
    ])
    expect(await gate(sharing())).toEqual({
      rule: 'traffic.eprivacy-basis',
      article: 'ePrivacy Directive art. 6(1)-(5)',
    })
  })

  it('flag call records handed to a partner for marketing on a billing ground (consent needed)', async () => {
    const share = sharing({ ePrivacyBasis: 'billing' })
    expect((await judged(await imported([share]))).map((f) => [f.rule, f.article])).toEqual([
      ['traffic.marketing-consent', 'ePrivacy Directive art. 6(3), 9(1)'],
    ])
    expect(await gate(share)).toEqual({
      rule: 'traffic.marketing-consent',
      article: 'ePrivacy Directive art. 6(3), 9(1)',
    })
  })

  it('flag location data shared on a ground other than consent, anonymised or an emergency call', async () => {
    const share = sharing({
      purpose: 'billing',
      dataCategories: ['cell-location'],
      ePrivacyBasis: 'billing',
    })
    expect((await judged(await imported([share]))).map((f) => f.rule)).toEqual([
      'location.consent-or-anonymised',
    ])
    expect(await gate(share)).toMatchObject({ rule: 'location.consent-or-anonymised' })
  })

  it('find nothing in a sharing on consent in force, or of data that is neither traffic nor location data', async () => {
    const onConsent = sharing({ legalBasis: 'consent', ePrivacyBasis: 'consent' })
    const contacts = sharing({ dataCategories: ['contact-details'] })
    expect(await judged(await imported([onConsent, contacts], true))).toEqual([])
    expect(await gate(onConsent, true)).toBe('Right')
    expect(await gate(contacts)).toBe('Right')
    // Without the consent the same imported sharing is flagged under rule 2, by the ePrivacy article.
    expect((await judged(await imported([onConsent]))).map((f) => [f.rule, f.article])).toEqual([
      ['consent.covering-consent', 'GDPR Art. 6(1)(a), 7(1); ePrivacy Directive art. 6(3), 9(1)'],
    ])
  })
})

describe('findings on imported sharing, property', () => {
  const bases: (EPrivacyBasis | undefined)[] = [
    undefined,
    'billing',
    'consent',
    'anonymised',
    'fault-handling',
  ]
  it('an imported sharing is flagged exactly when the gate refuses it, rule 9 whenever rule 9 refuses it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('marketing', 'billing'),
        fc
          .subarray(['call-records', 'cell-location', 'contact-details'], { minLength: 1 })
          .map(([first = 'call-records', ...rest]): [string, ...string[]] => [first, ...rest]),
        fc.constantFrom(...bases),
        fc.constantFrom('consent' as const, 'legitimate-interests' as const),
        fc.boolean(),
        async (purpose, dataCategories, ePrivacyBasis, legalBasis, withConsent) => {
          const share = sharing({
            purpose,
            dataCategories,
            legalBasis,
            ...(ePrivacyBasis === undefined ? {} : { ePrivacyBasis }),
          })
          const rules = (await judged(await imported([share], withConsent))).map((f) => f.rule)
          const refused = await gate(share, withConsent)
          if (refused === 'Right') expect(rules).toEqual([])
          else expect(rules).toContain(typeof refused === 'string' ? refused : refused.rule)
          const rule9 = checkTrafficAndLocation(share, defaultPolicy)
          const flagged9 = rules.filter((r) => /^(traffic|location)\./.test(r))
          expect(flagged9).toEqual(E.isLeft(rule9) ? [rule9.left.rule] : [])
        },
      ),
      { numRuns: propertyRuns() },
    )
  }, 120_000)
})

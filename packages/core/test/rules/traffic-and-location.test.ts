import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  SE,
  checkTrafficAndLocation,
  createInMemoryStore,
  createLedger,
  defaultPolicy,
  definePolicy,
  trafficAndLocationRule,
  type CommandInput,
  type Decision,
  type EPrivacyBasis,
  type EventData,
  type LedgerError,
  type LedgerEvent,
} from '../../src'
import { CONTROLLER, declareBilling, giveConsent, manualClock } from '../fixtures'
import { PROPERTY_TIMEOUT, expectLawful, expectViolation, numRuns } from './facts'

describe('rule 9: traffic data', () => {
  it('is processed only on a named ePrivacy ground', () => {
    expectViolation(
      checkTrafficAndLocation(
        { purpose: 'customer-support', dataCategories: ['call-records'] },
        defaultPolicy,
      ),
      'traffic.eprivacy-basis',
      'ePrivacy Directive art. 6',
    )
    for (const ePrivacyBasis of [
      'transmission',
      'billing',
      'fault-handling',
      'fraud-and-security',
      'national-law-disclosure',
      'anonymised',
    ] as const)
      expectLawful(
        checkTrafficAndLocation(
          { purpose: 'billing', dataCategories: ['call-records'], ePrivacyBasis },
          defaultPolicy,
        ),
      )
    expectViolation(
      checkTrafficAndLocation(
        { purpose: 'billing', dataCategories: ['usage-volumes'], ePrivacyBasis: 'emergency-call' },
        defaultPolicy,
      ),
      'traffic.eprivacy-basis',
    )
  })

  it('for marketing or value-added services needs consent', () => {
    expectViolation(
      checkTrafficAndLocation(
        { purpose: 'marketing', dataCategories: ['usage-volumes'], ePrivacyBasis: 'billing' },
        defaultPolicy,
      ),
      'traffic.marketing-consent',
      'art. 6(3)',
    )
    expectLawful(
      checkTrafficAndLocation(
        { purpose: 'marketing', dataCategories: ['usage-volumes'], ePrivacyBasis: 'consent' },
        defaultPolicy,
      ),
    )
    expectLawful(
      checkTrafficAndLocation(
        { purpose: 'marketing', dataCategories: ['contact-details'] },
        defaultPolicy,
      ),
    )
  })
})

describe('rule 9: location data other than traffic data', () => {
  it('only anonymised, with consent, or for an emergency call', () => {
    expectViolation(
      checkTrafficAndLocation(
        {
          purpose: 'network-troubleshooting',
          dataCategories: ['location'],
          ePrivacyBasis: 'fault-handling',
        },
        defaultPolicy,
      ),
      'location.consent-or-anonymised',
      'art. 9(1), 10(b)',
    )
    expectViolation(
      checkTrafficAndLocation(
        { purpose: 'location-offers', dataCategories: ['location'] },
        defaultPolicy,
      ),
      'traffic.marketing-consent',
    )
    for (const ePrivacyBasis of ['consent', 'anonymised', 'emergency-call'] as const)
      expectLawful(
        checkTrafficAndLocation(
          { purpose: 'emergency-response', dataCategories: ['location'], ePrivacyBasis },
          defaultPolicy,
        ),
      )
  })

  it("follows the operator's vocabulary", () => {
    const policy = definePolicy({ ...defaultPolicy, locationDataCategories: ['gps-fix'] })
    expectLawful(
      checkTrafficAndLocation(
        { purpose: 'network-troubleshooting', dataCategories: ['location'] },
        policy,
      ),
    )
    expectViolation(
      checkTrafficAndLocation(
        { purpose: 'network-troubleshooting', dataCategories: ['gps-fix'] },
        policy,
      ),
      'location.consent-or-anonymised',
    )
  })
})

/** Every ePrivacy ground, and none. */
const bases: (EPrivacyBasis | undefined)[] = [
  undefined,
  'transmission',
  'billing',
  'fault-handling',
  'fraud-and-security',
  'national-law-disclosure',
  'consent',
  'anonymised',
  'emergency-call',
]

describe('rule 9 properties', { timeout: PROPERTY_TIMEOUT }, () => {
  it('marketing on traffic or location data is lawful only with consent; location only anonymised, with consent or for emergencies', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('marketing', 'location-offers', 'billing', 'network-troubleshooting'),
        fc.subarray(['call-records', 'location', 'contact-details'], { minLength: 1 }),
        fc.constantFrom(...bases),
        (purpose, dataCategories, ePrivacyBasis) => {
          const lawful =
            checkTrafficAndLocation({ purpose, dataCategories, ePrivacyBasis }, defaultPolicy)
              ._tag === 'Right'
          const traffic = dataCategories.includes('call-records')
          const location = dataCategories.includes('location')
          if (lawful && (traffic || location) && ['marketing', 'location-offers'].includes(purpose))
            expect(ePrivacyBasis).toBe('consent')
          if (lawful && location)
            expect(['consent', 'anonymised', 'emergency-call']).toContain(ePrivacyBasis)
          if (lawful && traffic) expect(ePrivacyBasis).not.toBeUndefined()
          if (!traffic && !location) expect(lawful).toBe(true)
        },
      ),
      { numRuns },
    )
  })
})

/** A gate or imported decision on `event`, judged without any stream state. */
const decisionOn = (event: LedgerEvent): Decision => ({
  command: {
    streamId: 'processing-telco_se-sub-8f3a',
    controllerId: CONTROLLER,
    occurredAt: '2026-11-23T08:00:00.000Z',
    event,
  },
  kind: 'gate',
  streams: {},
  now: '2026-11-23T08:00:00.000Z',
  jurisdiction: SE,
  policy: defaultPolicy,
})

const sharingData = (
  overrides: Partial<EventData<'DataSharedWithRecipient'>> = {},
): EventData<'DataSharedWithRecipient'> => ({
  subjectId: 'sub-8f3a',
  activityId: 'act-partner-offers',
  recipientId: 'rcp-partner',
  recipientName: 'Partner Offers AB',
  recipientKind: 'business-partner',
  country: 'SE',
  purpose: 'marketing',
  legalBasis: 'consent',
  dataCategories: ['call-records'],
  ...overrides,
})

describe('rule 9: sharing traffic and location data with a recipient', () => {
  it('is judged as processing it: a ground for traffic data, consent for marketing, location only on its grounds', () => {
    const share = (overrides: Partial<EventData<'DataSharedWithRecipient'>>) =>
      trafficAndLocationRule(
        decisionOn({ type: 'DataSharedWithRecipient', data: sharingData(overrides) }),
      )
    expectViolation(share({}), 'traffic.eprivacy-basis', 'ePrivacy Directive art. 6(1)-(5)')
    expectViolation(
      share({ ePrivacyBasis: 'billing' }),
      'traffic.marketing-consent',
      'ePrivacy Directive art. 6(3), 9(1)',
    )
    expectLawful(share({ ePrivacyBasis: 'consent' }))
    expectViolation(
      share({
        purpose: 'network-troubleshooting',
        dataCategories: ['cell-location'],
        ePrivacyBasis: 'fault-handling',
      }),
      'location.consent-or-anonymised',
      'art. 9(1), 10(b)',
    )
    expectLawful(share({ purpose: 'billing', legalBasis: 'contract', ePrivacyBasis: 'billing' }))
    expectLawful(share({ dataCategories: ['contact-details'] }))
  })

  describe('through the gate', () => {
    const partnerOffers = declareBilling({
      activityId: 'act-partner-offers',
      name: 'Offers from partners, on usage',
      purposes: ['marketing'],
      legalBases: [
        { basis: 'consent', ePrivacyBasis: 'consent' },
        { basis: 'legitimate-interests' },
      ],
      dataCategories: ['call-records', 'contact-details'],
      recipients: [
        {
          recipientId: 'rcp-partner',
          name: 'Partner Offers AB',
          kind: 'business-partner',
          country: 'SE',
        },
      ],
      retention: [
        { kind: 'period', dataCategory: 'call-records', period: 'P5M', from: 'collected' },
        {
          kind: 'period',
          dataCategory: 'contact-details',
          period: 'P24M',
          from: 'relationship-ended',
        },
      ],
    })
    const share = (
      overrides: Partial<CommandInput<'recordSharing'>> = {},
    ): CommandInput<'recordSharing'> => ({
      controllerId: CONTROLLER,
      actor: 'crm',
      ...sharingData({ legalBasis: 'legitimate-interests' }),
      ...overrides,
    })
    const setup = async () => {
      const time = manualClock()
      const store = createInMemoryStore()
      const ledger = createLedger({ store, clock: time.clock })
      expect(E.isRight(await ledger.declareProcessingActivity(partnerOffers))).toBe(true)
      return { time, store, ledger }
    }
    const ruleOf = (result: E.Either<LedgerError, unknown>) =>
      E.isLeft(result) && result.left._tag === 'ComplianceViolation'
        ? [result.left.rule, result.left.article]
        : result._tag

    it('refuses sharing call records with no ePrivacy ground, and appends nothing', async () => {
      const { ledger, store } = await setup()
      expect(ruleOf(await ledger.recordSharing(share()))).toEqual([
        'traffic.eprivacy-basis',
        'ePrivacy Directive art. 6(1)-(5)',
      ])
      const all = await store.readAll({ limit: 100 })
      expect(E.isRight(all) && all.right.map((e) => e.type)).toEqual(['ProcessingActivityDeclared'])
    })

    it('shares call records for marketing only on consent in force, as processing them', async () => {
      const { ledger, time } = await setup()
      const onConsent = share({ legalBasis: 'consent', ePrivacyBasis: 'consent' })
      expect(ruleOf(await ledger.recordSharing(onConsent))).toEqual([
        'consent.covering-consent',
        'GDPR Art. 6(1)(a), 7(1); ePrivacy Directive art. 6(3), 9(1)',
      ])
      await ledger.giveConsent(giveConsent())
      time.advance(1000)
      const shared = await ledger.recordSharing(onConsent)
      expect(E.isRight(shared) && shared.right.events[0]?.data).toMatchObject({
        ePrivacyBasis: 'consent',
        dataCategories: ['call-records'],
      })
    })

    it('asks no ePrivacy ground for data that is neither traffic nor location data', async () => {
      const { ledger } = await setup()
      expect(
        ruleOf(await ledger.recordSharing(share({ dataCategories: ['contact-details'] }))),
      ).toBe('Right')
    })

    it("refuses a ground the activity does not declare (rule 1 reads the sharing's ground too)", async () => {
      const { ledger } = await setup()
      expect(ruleOf(await ledger.recordSharing(share({ ePrivacyBasis: 'billing' })))[0]).toBe(
        'activity.legal-basis',
      )
    })
  })
})

describe('rule 9 properties on sharing', { timeout: PROPERTY_TIMEOUT }, () => {
  it('a sharing is judged exactly as processing the same categories for the same purpose on the same ground', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('marketing', 'value-added-services', 'billing', 'fraud-prevention'),
        fc
          .subarray(['call-records', 'cell-location', 'usage-volumes', 'contact-details'], {
            minLength: 1,
          })
          .map(([first = 'call-records', ...rest]): [string, ...string[]] => [first, ...rest]),
        fc.constantFrom(...bases),
        (purpose, dataCategories, ePrivacyBasis) => {
          const grounds = ePrivacyBasis === undefined ? {} : { ePrivacyBasis }
          const shared = trafficAndLocationRule(
            decisionOn({
              type: 'DataSharedWithRecipient',
              data: sharingData({ purpose, dataCategories, ...grounds }),
            }),
          )
          const processed = trafficAndLocationRule(
            decisionOn({
              type: 'DataProcessed',
              data: {
                subjectId: 'sub-8f3a',
                actorId: 'crm',
                actorRole: 'system',
                system: 'crm',
                activityId: 'act-partner-offers',
                purpose,
                legalBasis: 'consent',
                dataCategories,
                action: 'use',
                ...grounds,
              },
            }),
          )
          expect(shared).toEqual(processed)
          // Restated: marketing or a value-added service on traffic or location data only on
          // consent; traffic data only on a traffic ground; location data only on its own.
          const traffic = dataCategories.some((c) => ['call-records', 'usage-volumes'].includes(c))
          const location = dataCategories.includes('cell-location')
          const marketing = ['marketing', 'value-added-services'].includes(purpose)
          const lawful =
            (!traffic || (ePrivacyBasis !== undefined && ePrivacyBasis !== 'emergency-call')) &&
            (!(traffic || location) || !marketing || ePrivacyBasis === 'consent') &&
            (!location || ['consent', 'anonymised', 'emergency-call'].includes(ePrivacyBasis ?? ''))
          expect(E.isRight(shared)).toBe(lawful)
        },
      ),
      { numRuns },
    )
  })
})

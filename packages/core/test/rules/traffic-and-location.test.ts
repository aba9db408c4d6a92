import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkTrafficAndLocation, defaultPolicy, definePolicy, type EPrivacyBasis } from '../../src'
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

describe('rule 9 properties', { timeout: PROPERTY_TIMEOUT }, () => {
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

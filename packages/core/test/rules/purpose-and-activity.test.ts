import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  checkActivityCovers,
  checkActivityRecord,
  checkRecipient,
  type ActivityAct,
  type EventData,
} from '../../src'
import {
  CONTROLLER,
  PROPERTY_TIMEOUT,
  at,
  expectLawful,
  expectViolation,
  fold,
  numRuns,
} from './facts'

const DECLARED = '2026-01-01T00:00:00.000Z'
const T = '2026-11-23T09:00:00.000Z'
const declaration = (
  overrides: Partial<EventData<'ProcessingActivityDeclared'>> = {},
): EventData<'ProcessingActivityDeclared'> => ({
  activityId: 'act-billing',
  name: 'Billing and invoice disputes',
  role: 'controller',
  controller: { name: 'Telco AB', contact: 'dataskydd@telco.example' },
  purposes: ['billing', 'invoice-disputes'],
  legalBases: [{ basis: 'contract', ePrivacyBasis: 'billing' }, { basis: 'legal-obligation' }],
  subjectCategories: ['subscribers'],
  dataCategories: ['call-records', 'billing-information'],
  recipients: [
    { recipientId: 'collector-1', name: 'Inkasso AB', kind: 'third-party', country: 'SE' },
    { recipientId: 'print-1', name: 'PrintCo Inc', kind: 'processor', country: 'US' },
  ],
  transfers: [],
  retention: [
    { kind: 'period', dataCategory: 'billing-information', period: 'P7Y', from: 'invoice-settled' },
  ],
  securityMeasures: { kind: 'described', measures: ['encryption at rest'] },
  ...overrides,
})
const declared = (overrides: Partial<EventData<'ProcessingActivityDeclared'>> = {}) =>
  fold('activity', [at('activity', 'ProcessingActivityDeclared', DECLARED, declaration(overrides))])
const billing: ActivityAct = {
  activityId: 'act-billing',
  purpose: 'billing',
  legalBasis: 'contract',
  ePrivacyBasis: 'billing',
  dataCategories: ['call-records'],
}

describe('rule 1: processing names an activity that covers it', () => {
  it('is lawful when purpose, basis and categories are declared', () => {
    expectLawful(checkActivityCovers(declared(), billing, CONTROLLER, T))
    expectLawful(
      checkActivityCovers(
        declared(),
        { ...billing, legalBasis: 'legal-obligation', ePrivacyBasis: undefined },
        CONTROLLER,
        T,
      ),
    )
  })

  it('is refused for an undeclared, foreign, later or retired activity', () => {
    expectViolation(
      checkActivityCovers(fold('activity', []), billing, CONTROLLER, T),
      'activity.declared',
      'Art. 30(1)',
    )
    expectViolation(checkActivityCovers(declared(), billing, 'other_co', T), 'activity.declared')
    expectViolation(
      checkActivityCovers(declared(), billing, CONTROLLER, '2025-12-31T23:59:59.999Z'),
      'activity.declared',
    )
    const retired = fold('activity', [
      at('activity', 'ProcessingActivityDeclared', DECLARED, declaration()),
      at('activity', 'ProcessingActivityRetired', '2026-06-01T00:00:00.000Z', {
        activityId: 'act-billing',
        reason: 'moved to a new system',
      }),
    ])
    expectViolation(checkActivityCovers(retired, billing, CONTROLLER, T), 'activity.declared')
    expectLawful(checkActivityCovers(retired, billing, CONTROLLER, '2026-05-31T23:59:59.999Z'))
  })

  it('is refused for an undeclared purpose, basis or category', () => {
    expectViolation(
      checkActivityCovers(declared(), { ...billing, purpose: 'marketing' }, CONTROLLER, T),
      'activity.purpose',
      'GDPR Art. 5(1)(b)',
    )
    expectViolation(
      checkActivityCovers(
        declared(),
        { ...billing, legalBasis: 'legitimate-interests' },
        CONTROLLER,
        T,
      ),
      'activity.legal-basis',
    )
    expectViolation(
      checkActivityCovers(declared(), { ...billing, ePrivacyBasis: 'consent' }, CONTROLLER, T),
      'activity.legal-basis',
    )
    expectViolation(
      checkActivityCovers(
        declared(),
        { ...billing, specialCategoryCondition: 'explicit-consent' },
        CONTROLLER,
        T,
      ),
      'activity.legal-basis',
    )
    expectViolation(
      checkActivityCovers(
        declared(),
        { ...billing, dataCategories: ['call-records', 'location'] },
        CONTROLLER,
        T,
      ),
      'activity.data-categories',
      'Art. 5(1)(c)',
    )
  })

  it('an amendment replaces what the activity covers', () => {
    const amended = fold('activity', [
      at('activity', 'ProcessingActivityDeclared', DECLARED, declaration()),
      at('activity', 'ProcessingActivityAmended', '2026-06-01T00:00:00.000Z', {
        ...declaration({ purposes: ['billing'] }),
        reason: 'disputes moved',
      }),
    ])
    expectViolation(
      checkActivityCovers(amended, { ...billing, purpose: 'invoice-disputes' }, CONTROLLER, T),
      'activity.purpose',
    )
  })
})

describe('rule 1: sharing names a declared recipient and, outside the EEA, a declared transfer', () => {
  it('is refused for an undeclared recipient', () => {
    expectViolation(
      checkRecipient(
        declared(),
        { activityId: 'act-billing', recipientId: 'bank-9', country: 'SE' },
        T,
        undefined,
      ),
      'activity.recipient',
    )
    expectLawful(
      checkRecipient(
        declared(),
        { activityId: 'act-billing', recipientId: 'collector-1', country: 'SE' },
        T,
        undefined,
      ),
    )
  })

  it('outside the EEA needs a declared transfer with a mechanism valid at the time', () => {
    const share = { activityId: 'act-billing', recipientId: 'print-1', country: 'US' }
    expectViolation(
      checkRecipient(declared(), share, T, undefined),
      'transfer.declared',
      'Art. 30(1)(e)',
    )
    const withSccs = declared({
      transfers: [
        {
          recipientId: 'print-1',
          country: 'US',
          mechanisms: [
            {
              kind: 'sccs',
              module: 'controller-to-processor',
              version: '2021/914',
              transferImpactAssessment: {
                reference: 'TIA-7',
                assessedAt: '2026-12-01T00:00:00.000Z',
              },
            },
          ],
        },
      ],
    })
    expectViolation(checkRecipient(withSccs, share, T, undefined), 'transfer.valid-mechanism')
    expectLawful(checkRecipient(withSccs, share, '2026-12-01T00:00:00.000Z', undefined))
  })
})

describe('rule 1: a declaration completes Art. 30 for its role', () => {
  it('a processor names its controllers; joint controllers name each other', () => {
    expectViolation(
      checkActivityRecord(declaration({ role: 'processor' })),
      'activity.record-complete',
      'Art. 30(2)(a)',
    )
    expectLawful(
      checkActivityRecord(
        declaration({
          role: 'processor',
          processingFor: [{ name: 'Acme AB', contact: 'dpo@acme.example' }],
        }),
      ),
    )
    expectViolation(
      checkActivityRecord(declaration({ role: 'joint-controller' })),
      'activity.record-complete',
      'Art. 26(1)',
    )
    expectLawful(checkActivityRecord(declaration()))
  })

  it('a transfer outside the EEA documents a mechanism; one inside needs none', () => {
    expectViolation(
      checkActivityRecord(
        declaration({ transfers: [{ recipientId: 'print-1', country: 'IN', mechanisms: [] }] }),
      ),
      'activity.record-complete',
      'Art. 30(1)(e)',
    )
    expectLawful(
      checkActivityRecord(
        declaration({ transfers: [{ recipientId: 'print-1', country: 'NO', mechanisms: [] }] }),
      ),
    )
  })
})

describe('rule 1 properties', { timeout: PROPERTY_TIMEOUT }, () => {
  const pool = ['billing', 'invoice-disputes', 'marketing', 'customer-support']
  const categories = ['call-records', 'billing-information', 'location', 'contact-details']

  it('processing is lawful under an active activity iff every part of it is declared', () => {
    fc.assert(
      fc.property(
        fc.subarray(pool, { minLength: 1 }),
        fc.subarray(categories, { minLength: 1 }),
        fc.constantFrom(...pool),
        fc.subarray(categories, { minLength: 1 }),
        fc.constantFrom('contract' as const, 'consent' as const, 'legal-obligation' as const),
        (purposes, dataCategories, purpose, used, legalBasis) => {
          const state = declared({
            purposes: purposes as [string, ...string[]],
            dataCategories: dataCategories as [string, ...string[]],
            legalBases: [{ basis: 'contract' }, { basis: 'legal-obligation' }],
          })
          const lawful =
            checkActivityCovers(
              state,
              { activityId: 'act-billing', purpose, legalBasis, dataCategories: used },
              CONTROLLER,
              T,
            )._tag === 'Right'
          const expected =
            purposes.includes(purpose) &&
            legalBasis !== 'consent' &&
            used.every((c) => dataCategories.includes(c))
          expect(lawful).toBe(expected)
        },
      ),
      { numRuns },
    )
  })
})

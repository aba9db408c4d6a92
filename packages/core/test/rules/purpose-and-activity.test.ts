import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  checkActivityCovers,
  checkActivityRecord,
  checkRecipient,
  complianceViolation,
  createInMemoryStore,
  createLedger,
  type ActivityAct,
  type EventData,
  type Retention,
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
    {
      kind: 'rule',
      dataCategory: 'call-records',
      rule: 'until-invoice-settled',
      maxPeriod: 'P5M',
      description: 'traffic data until the invoice can no longer be challenged',
    },
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

describe('rule 1: a controller record gives a retention entry for every data category (Art. 30(1)(f))', () => {
  const period = (dataCategory: string): Retention => ({
    kind: 'period',
    dataCategory,
    period: 'P24M',
    from: 'relationship-ended',
  })
  const onlyBilling: [Retention, ...Retention[]] = [period('billing-information')]

  it('is refused when a declared category has no entry, naming the category and the article', () => {
    const verdict = checkActivityRecord(declaration({ retention: onlyBilling }))
    expectViolation(verdict, 'activity.record-complete', 'GDPR Art. 30(1)(f)')
    expect(verdict).toEqual(
      E.left(
        complianceViolation(
          'activity.record-complete',
          'GDPR Art. 30(1)(f)',
          'data category call-records has no retention entry (a period, a rule, or "not possible" with the reason)',
        ),
      ),
    )
  })

  it('names the first uncovered category in the order declared', () => {
    const verdict = checkActivityRecord(
      declaration({
        dataCategories: ['billing-information', 'location', 'call-records'],
        retention: onlyBilling,
      }),
    )
    expect(E.isLeft(verdict) && verdict.left.explanation).toMatch(/^data category location /)
  })

  it('a period, a rule or an explicit "not possible" with the reason each cover their category', () => {
    const entries: [Retention, ...Retention[]] = [
      period('billing-information'),
      {
        kind: 'rule',
        dataCategory: 'call-records',
        rule: 'until-invoice-settled',
        description: 'until the invoice can no longer be challenged',
      },
      {
        kind: 'not-possible',
        dataCategory: 'location',
        reason: 'kept as long as the emergency-call statute requires, which varies by case',
      },
    ]
    expectLawful(
      checkActivityRecord(
        declaration({
          dataCategories: ['call-records', 'billing-information', 'location'],
          retention: entries,
        }),
      ),
    )
  })

  it('an entry for a category the record does not declare covers nothing', () => {
    expectViolation(
      checkActivityRecord(
        declaration({
          dataCategories: ['call-records'],
          retention: [period('call-record'), period('billing-information')],
        }),
      ),
      'activity.record-complete',
      'Art. 30(1)(f)',
    )
  })

  it('binds joint controllers too; a processor record (Art. 30(2)) needs no entry per category', () => {
    const partner = [{ name: 'Partner AB', contact: 'dpo@partner.example' }]
    expectViolation(
      checkActivityRecord(
        declaration({
          role: 'joint-controller',
          jointControllers: partner,
          retention: onlyBilling,
        }),
      ),
      'activity.record-complete',
      'Art. 30(1)(f)',
    )
    expectLawful(
      checkActivityRecord(
        declaration({
          role: 'processor',
          processingFor: partner,
          retention: onlyBilling,
        }),
      ),
    )
  })

  it('the ledger refuses such a declaration or amendment and appends nothing', async () => {
    const store = createInMemoryStore()
    const ledger = createLedger({ store, clock: () => new Date(T) })
    const command = {
      ...declaration({ retention: onlyBilling }),
      controllerId: CONTROLLER,
      actor: 'dpo-office',
    }
    const declared = await ledger.declareProcessingActivity(command)
    expect(E.isLeft(declared) && declared.left).toMatchObject({
      _tag: 'ComplianceViolation',
      rule: 'activity.record-complete',
      article: 'GDPR Art. 30(1)(f)',
    })
    const page = await store.readAll({})
    expect(E.isRight(page) && page.right.length).toBe(0)
    expect(
      E.isRight(
        await ledger.declareProcessingActivity({ ...command, retention: declaration().retention }),
      ),
    ).toBe(true)
    const amended = await ledger.amendProcessingActivity({
      ...command,
      dataCategories: ['call-records', 'billing-information', 'location'],
      retention: declaration().retention,
      reason: 'location added',
    })
    expect(E.isLeft(amended) && amended.left).toMatchObject({
      rule: 'activity.record-complete',
      explanation: expect.stringContaining('data category location') as unknown,
    })
    const after = await store.readAll({})
    expect(E.isRight(after) && after.right.length).toBe(1)
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

  it('a record is complete on retention iff every declared category of a controller record has an entry', () => {
    const retentionEntry = fc.oneof(
      fc.record({
        kind: fc.constant('period' as const),
        dataCategory: fc.constantFrom(...categories),
        period: fc.constantFrom('P5M', 'P24M', 'P7Y'),
        from: fc.constantFrom('collected' as const, 'relationship-ended' as const),
      }),
      fc.record({
        kind: fc.constant('rule' as const),
        dataCategory: fc.constantFrom(...categories),
        rule: fc.constant('until-invoice-settled'),
        description: fc.constant('until the invoice can no longer be challenged'),
      }),
      fc.record({
        kind: fc.constant('not-possible' as const),
        dataCategory: fc.constantFrom(...categories),
        reason: fc.constant('depends on the outcome of each case'),
      }),
    )
    fc.assert(
      fc.property(
        fc.constantFrom('controller' as const, 'joint-controller' as const, 'processor' as const),
        fc.shuffledSubarray(categories, { minLength: 1 }),
        fc.array(retentionEntry, { minLength: 1, maxLength: 6 }),
        (role, dataCategories, retention) => {
          const party = [{ name: 'Partner AB', contact: 'dpo@partner.example' }]
          const verdict = checkActivityRecord(
            declaration({
              role,
              processingFor: party,
              jointControllers: party,
              dataCategories: dataCategories as [string, ...string[]],
              retention: retention as [Retention, ...Retention[]],
            }),
          )
          const covered = new Set(retention.map((entry) => entry.dataCategory))
          const uncovered = dataCategories.filter((category) => !covered.has(category))
          if (role === 'processor' || uncovered.length === 0) {
            expectLawful(verdict)
            return
          }
          expectViolation(verdict, 'activity.record-complete', 'GDPR Art. 30(1)(f)')
          expect(E.isLeft(verdict) && verdict.left.explanation).toMatch(
            new RegExp(`^data category ${uncovered[0] ?? ''} has no retention entry`),
          )
        },
      ),
      { numRuns },
    )
  })
})

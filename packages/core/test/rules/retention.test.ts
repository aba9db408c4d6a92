import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  NO,
  SE,
  addIsoDuration,
  checkCustomerDataRetention,
  customerDataRetention,
  defaultPolicy,
  defineJurisdiction,
  legalHoldEnd,
  settlementFor,
  trafficDataRetention,
  type LegalHoldRecord,
} from '../../src'
import {
  PROPERTY_TIMEOUT,
  at,
  expectLawful,
  expectViolation,
  fold,
  iso,
  ms,
  numRuns,
} from './facts'

const earlierOf = defineJurisdiction({
  ...SE,
  retention: { ...SE.retention, trafficData: { period: 'P5M', reading: 'earlier-of' } },
})
const COLLECTED = '2026-01-10T12:00:00.000Z'
const FIVE_MONTHS_ON = '2026-06-10T11:00:00.000Z' // 13:00 in Stockholm both times

describe('rule 8: traffic data', () => {
  it('under the later-of reading is due five months on, or at settlement if later, and kept while unsettled', () => {
    expect(
      trafficDataRetention({ collectedAt: COLLECTED, settledAt: '2026-02-20T09:00:00.000Z' }, SE),
    ).toMatchObject({
      kind: 'due',
      dueAt: FIVE_MONTHS_ON,
    })
    expect(
      trafficDataRetention({ collectedAt: COLLECTED, settledAt: '2026-07-01T09:00:00.000Z' }, SE),
    ).toMatchObject({
      kind: 'due',
      dueAt: '2026-07-01T09:00:00.000Z',
    })
    expect(trafficDataRetention({ collectedAt: COLLECTED }, SE).kind).toBe('retained')
  })

  it('under the earlier-of reading is due at settlement or five months on, whichever is first', () => {
    expect(
      trafficDataRetention(
        { collectedAt: COLLECTED, settledAt: '2026-02-20T09:00:00.000Z' },
        earlierOf,
      ),
    ).toMatchObject({
      kind: 'due',
      dueAt: '2026-02-20T09:00:00.000Z',
    })
    expect(trafficDataRetention({ collectedAt: COLLECTED }, earlierOf)).toMatchObject({
      kind: 'due',
      dueAt: FIVE_MONTHS_ON,
    })
  })

  it('finds the latest settlement of an invoice whose billed period holds the traffic', () => {
    const settlements = [
      {
        periodFrom: '2026-01-01T00:00:00.000Z',
        periodTo: '2026-02-01T00:00:00.000Z',
        settledAt: '2026-02-20T00:00:00.000Z',
      },
      {
        periodFrom: '2026-01-01T00:00:00.000Z',
        periodTo: '2026-02-01T00:00:00.000Z',
        settledAt: '2026-03-05T00:00:00.000Z',
      },
      {
        periodFrom: '2026-02-01T00:00:00.000Z',
        periodTo: '2026-03-01T00:00:00.000Z',
        settledAt: '2026-03-20T00:00:00.000Z',
      },
    ]
    expect(settlementFor(COLLECTED, settlements)).toBe('2026-03-05T00:00:00.000Z')
    expect(settlementFor('2026-05-01T00:00:00.000Z', settlements)).toBeUndefined()
  })
})

const hold = (overrides: Partial<LegalHoldRecord> = {}): LegalHoldRecord => ({
  reason: 'bookkeeping',
  dataCategories: ['billing-information'],
  placedAt: '2026-06-30T10:00:00.000Z',
  ...overrides,
})
const ENDED = '2026-01-15T10:00:00.000Z'
const TWO_YEARS_ON = '2028-01-15T10:00:00.000Z'

describe('rule 8: legal holds', () => {
  it("a bookkeeping hold without an end holds to the end of the profile's years after its calendar year", () => {
    expect(legalHoldEnd(hold(), SE)).toBe('2033-12-31T23:00:00.000Z') // 1 January 2034 in Stockholm
    expect(legalHoldEnd(hold(), NO)).toBe('2031-12-31T23:00:00.000Z')
  })

  it('ends at its until or when lifted, whichever is first; an open-ended other hold never ends by itself', () => {
    expect(legalHoldEnd(hold({ until: '2030-01-01T00:00:00.000Z' }), SE)).toBe(
      '2030-01-01T00:00:00.000Z',
    )
    expect(legalHoldEnd(hold({ liftedAt: '2027-01-01T00:00:00.000Z' }), SE)).toBe(
      '2027-01-01T00:00:00.000Z',
    )
    expect(legalHoldEnd(hold({ reason: 'legal-claims' }), SE)).toBeUndefined()
  })
})

describe('rule 8: customer data', () => {
  it('is due 24 months after the relationship ends, and retained while it lasts', () => {
    expect(
      customerDataRetention(
        { dataCategory: 'contact-details', relationshipEndedAt: ENDED, legalHolds: [] },
        SE,
      ),
    ).toMatchObject({
      kind: 'due',
      dueAt: TWO_YEARS_ON,
    })
    expect(
      customerDataRetention({ dataCategory: 'contact-details', legalHolds: [] }, SE).kind,
    ).toBe('retained')
  })

  it('a hold on the category in force then moves the due date to its end; holds on other categories do not', () => {
    const holds = [hold({ placedAt: '2027-12-01T00:00:00.000Z' })]
    expect(
      customerDataRetention(
        { dataCategory: 'billing-information', relationshipEndedAt: ENDED, legalHolds: holds },
        SE,
      ),
    ).toMatchObject({
      kind: 'due',
      dueAt: '2034-12-31T23:00:00.000Z',
    })
    expect(
      customerDataRetention(
        { dataCategory: 'contact-details', relationshipEndedAt: ENDED, legalHolds: holds },
        SE,
      ),
    ).toMatchObject({
      dueAt: TWO_YEARS_ON,
    })
  })

  it('a hold placed after the data fell due does not revive it; an open-ended one retains it', () => {
    const late = [hold({ placedAt: '2028-02-01T00:00:00.000Z' })]
    expect(
      customerDataRetention(
        { dataCategory: 'billing-information', relationshipEndedAt: ENDED, legalHolds: late },
        SE,
      ),
    ).toMatchObject({
      dueAt: TWO_YEARS_ON,
    })
    const claims = [hold({ reason: 'legal-claims', placedAt: '2027-06-01T00:00:00.000Z' })]
    expect(
      customerDataRetention(
        { dataCategory: 'billing-information', relationshipEndedAt: ENDED, legalHolds: claims },
        SE,
      ),
    ).toMatchObject({
      kind: 'retained',
    })
  })

  it('chained holds move the due date from one end to the next', () => {
    const holds = [
      hold({
        reason: 'legal-claims',
        placedAt: '2027-01-01T00:00:00.000Z',
        until: '2029-01-01T00:00:00.000Z',
      }),
      hold({
        reason: 'authority-order',
        placedAt: '2028-06-01T00:00:00.000Z',
        until: '2030-03-01T00:00:00.000Z',
      }),
    ]
    expect(
      customerDataRetention(
        { dataCategory: 'billing-information', relationshipEndedAt: ENDED, legalHolds: holds },
        SE,
      ),
    ).toMatchObject({
      dueAt: '2030-03-01T00:00:00.000Z',
    })
  })
})

describe('rule 8: processing customer data after it fell due', () => {
  const subject = (extra: Parameters<typeof at<'subject', 'RelationshipStarted'>>[] = []) =>
    fold('subject', [
      at('subject', 'RelationshipEnded', ENDED, {
        subjectId: 'sub-8f3a',
        reason: 'contract-terminated',
      }),
      ...extra.map((args) => at(...args)),
    ])
  const read = { dataCategories: ['contact-details'], action: 'read' } as const

  it('is refused, except erasing or anonymising it', () => {
    expectLawful(
      checkCustomerDataRetention(subject(), read, '2028-01-15T09:59:59.999Z', SE, defaultPolicy),
    )
    expectViolation(
      checkCustomerDataRetention(subject(), read, TWO_YEARS_ON, SE, defaultPolicy),
      'retention.customer-data-expired',
      'GDPR Art. 5(1)(e)',
    )
    expectLawful(
      checkCustomerDataRetention(
        subject(),
        { ...read, action: 'delete' },
        TWO_YEARS_ON,
        SE,
        defaultPolicy,
      ),
    )
    expectLawful(
      checkCustomerDataRetention(
        subject(),
        { ...read, action: 'anonymise' },
        TWO_YEARS_ON,
        SE,
        defaultPolicy,
      ),
    )
  })

  it('judges only customer data categories, and not a customer who came back', () => {
    expectLawful(
      checkCustomerDataRetention(
        subject(),
        { dataCategories: ['call-records'], action: 'read' },
        TWO_YEARS_ON,
        SE,
        defaultPolicy,
      ),
    )
    const back = subject([
      ['subject', 'RelationshipStarted', '2027-09-01T00:00:00.000Z', { subjectId: 'sub-8f3a' }],
    ])
    expectLawful(checkCustomerDataRetention(back, read, TWO_YEARS_ON, SE, defaultPolicy))
  })
})

describe('rule 8 properties', { timeout: PROPERTY_TIMEOUT }, () => {
  const instant = fc
    .integer({ min: ms('2024-01-01T00:00:00.000Z'), max: ms('2030-01-01T00:00:00.000Z') })
    .map(iso)
  const anyHold = fc
    .record({
      reason: fc.constantFrom(
        'bookkeeping' as const,
        'legal-claims' as const,
        'authority-order' as const,
        'other' as const,
      ),
      dataCategories: fc.constant(['billing-information'] as const),
      placedAt: instant,
      until: fc.option(instant, { nil: undefined }),
      liftedAt: fc.option(instant, { nil: undefined }),
    })
    .map(({ until, liftedAt, ...h }) => ({
      ...h,
      dataCategories: [...h.dataCategories],
      ...(until === undefined ? {} : { until }),
      ...(liftedAt === undefined ? {} : { liftedAt }),
    }))

  it('customer data never falls due before the period has run, nor while a hold on it holds', () => {
    fc.assert(
      fc.property(instant, fc.array(anyHold, { maxLength: 4 }), (ended, legalHolds) => {
        const due = customerDataRetention(
          { dataCategory: 'billing-information', relationshipEndedAt: ended, legalHolds },
          SE,
        )
        const base = addIsoDuration(ended, 'P24M', SE.timeZone)
        if (legalHolds.length === 0) expect(due).toMatchObject({ kind: 'due', dueAt: base })
        if (due.kind === 'retained') return
        expect(due.dueAt >= base).toBe(true)
        for (const h of legalHolds) {
          const end = legalHoldEnd(h, SE)
          expect(h.placedAt <= due.dueAt && (end === undefined || end > due.dueAt)).toBe(false)
        }
      }),
      { numRuns },
    )
  })

  it('traffic data: later-of never before the period or the settlement, earlier-of never after the period', () => {
    fc.assert(
      fc.property(instant, fc.option(instant, { nil: undefined }), (collectedAt, settledAt) => {
        const periodEnd = addIsoDuration(collectedAt, 'P5M', SE.timeZone)
        const later = trafficDataRetention({ collectedAt, settledAt }, SE)
        if (settledAt === undefined) expect(later.kind).toBe('retained')
        else
          expect(later.kind === 'due' && later.dueAt >= periodEnd && later.dueAt >= settledAt).toBe(
            true,
          )
        const earlier = trafficDataRetention({ collectedAt, settledAt }, earlierOf)
        expect(earlier.kind === 'due' && earlier.dueAt <= periodEnd).toBe(true)
      }),
      { numRuns },
    )
  })
})

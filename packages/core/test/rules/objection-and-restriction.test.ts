import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SE, checkObjection, checkRestriction, defaultPolicy, restrictionAt } from '../../src'
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

const S = 'sub-8f3a'
const T = '2026-11-23T09:00:00.000Z'
const EARLIER = '2026-11-01T00:00:00.000Z'
const objection = (
  scope: 'direct-marketing' | 'legitimate-interests' | 'public-task',
  when = EARLIER,
  purposes?: string[],
) =>
  at('subject', 'ObjectionRaised', when, {
    subjectId: S,
    scope,
    channel: 'phone',
    ...(purposes === undefined ? {} : { purposes }),
  })
const grounds = (
  when: string,
  ground: 'compelling-legitimate-grounds' | 'legal-claims' = 'legal-claims',
  purposes: readonly [string, ...string[]] = ['fraud-prevention'],
) =>
  at('subject', 'CompellingGroundsDecided', when, {
    subjectId: S,
    purposes,
    ground,
    decidedBy: { actorId: 'dpo-1', role: 'data-protection-officer' },
    reasons: 'pending dispute over unpaid invoices',
  })
const restricted = (when = EARLIER) =>
  at('subject', 'ProcessingRestricted', when, { subjectId: S, ground: 'accuracy-contested' })
const lifted = (when: string) =>
  at('subject', 'RestrictionLifted', when, { subjectId: S, reason: 'accuracy verified' })
const allowed = (
  when: string,
  ground: 'consent' | 'legal-claims' = 'legal-claims',
  purposes: readonly [string, ...string[]] = ['billing'],
) =>
  at('subject', 'RestrictedProcessingAllowed', when, {
    subjectId: S,
    ground,
    purposes,
    decidedBy: { actorId: 'legal-1', role: 'legal-officer' },
    reasons: 'invoice dispute before the court',
  })

describe('rule 3: objection to direct marketing (Art. 21(3))', () => {
  it('is absolute: marketing stops whatever the basis and whatever grounds are decided', () => {
    const state = fold('subject', [
      objection('direct-marketing'),
      grounds('2026-11-02T00:00:00.000Z', 'compelling-legitimate-grounds', ['marketing']),
    ])
    expectViolation(
      checkObjection(state, { purpose: 'marketing', legalBasis: 'consent' }, T, defaultPolicy),
      'objection.direct-marketing',
      'Art. 21(3)',
    )
    expectViolation(
      checkObjection(
        state,
        { purpose: 'location-offers', legalBasis: 'legitimate-interests' },
        T,
        defaultPolicy,
      ),
      'objection.direct-marketing',
    )
  })

  it('does not reach processing for other purposes, nor processing before it', () => {
    const state = fold('subject', [objection('direct-marketing')])
    expectLawful(
      checkObjection(state, { purpose: 'billing', legalBasis: 'contract' }, T, defaultPolicy),
    )
    expectLawful(
      checkObjection(
        state,
        { purpose: 'marketing', legalBasis: 'consent' },
        '2026-10-31T23:59:59.999Z',
        defaultPolicy,
      ),
    )
  })

  it('covers the purposes the subject named, even ones the policy does not call marketing', () => {
    const state = fold('subject', [objection('direct-marketing', EARLIER, ['newsletter'])])
    expectViolation(
      checkObjection(state, { purpose: 'newsletter', legalBasis: 'consent' }, T, defaultPolicy),
      'objection.direct-marketing',
    )
    expectLawful(
      checkObjection(state, { purpose: 'marketing', legalBasis: 'consent' }, T, defaultPolicy),
    )
  })
})

describe('rule 3: objection to processing on 6(1)(e)/(f) (Art. 21(1))', () => {
  const fraud = { purpose: 'fraud-prevention', legalBasis: 'legitimate-interests' } as const

  it('stops processing on that basis', () => {
    expectViolation(
      checkObjection(fold('subject', [objection('legitimate-interests')]), fraud, T, defaultPolicy),
      'objection.legitimate-grounds',
      'Art. 21(1)',
    )
    expectLawful(
      checkObjection(
        fold('subject', [objection('legitimate-interests')]),
        { purpose: 'billing', legalBasis: 'contract' },
        T,
        defaultPolicy,
      ),
    )
    expectLawful(
      checkObjection(fold('subject', [objection('public-task')]), fraud, T, defaultPolicy),
    )
  })

  it('unless compelling grounds or legal claims are decided for the purpose, after the objection and by the time', () => {
    expectLawful(
      checkObjection(
        fold('subject', [objection('legitimate-interests'), grounds('2026-11-02T00:00:00.000Z')]),
        fraud,
        T,
        defaultPolicy,
      ),
    )
    expectLawful(
      checkObjection(
        fold('subject', [
          objection('legitimate-interests'),
          grounds('2026-11-02T00:00:00.000Z', 'compelling-legitimate-grounds'),
        ]),
        fraud,
        T,
        defaultPolicy,
      ),
    )
    expectViolation(
      checkObjection(
        fold('subject', [objection('legitimate-interests'), grounds('2026-11-30T00:00:00.000Z')]),
        fraud,
        T,
        defaultPolicy,
      ),
      'objection.legitimate-grounds',
    )
    expectViolation(
      checkObjection(
        fold('subject', [
          objection('legitimate-interests'),
          grounds('2026-11-02T00:00:00.000Z', 'legal-claims', ['billing']),
        ]),
        fraud,
        T,
        defaultPolicy,
      ),
      'objection.legitimate-grounds',
    )
  })
})

describe('rule 3: restriction (Art. 18)', () => {
  const read = { purpose: 'billing', legalBasis: 'contract', action: 'read' } as const

  it('allows only storage while in force', () => {
    const state = fold('subject', [restricted()])
    expectViolation(checkRestriction(state, read, T, SE), 'restriction.storage-only', 'Art. 18(2)')
    expectLawful(checkRestriction(state, { ...read, action: 'store' }, T, SE))
    expect(restrictionAt(state, T)?.ground).toBe('accuracy-contested')
  })

  it('ends when lifted; processing before it started was never restricted', () => {
    const state = fold('subject', [restricted(), lifted('2026-11-20T00:00:00.000Z')])
    expectLawful(checkRestriction(state, read, T, SE))
    expectViolation(
      checkRestriction(state, read, '2026-11-19T23:59:59.999Z', SE),
      'restriction.storage-only',
    )
    expectLawful(checkRestriction(state, read, '2026-10-31T00:00:00.000Z', SE))
  })

  it('allows processing for a purpose an Art. 18(2) ground was decided for during the restriction', () => {
    const state = fold('subject', [restricted(), allowed('2026-11-05T00:00:00.000Z')])
    expectLawful(checkRestriction(state, read, T, SE))
    expectViolation(
      checkRestriction(state, { ...read, purpose: 'customer-support' }, T, SE),
      'restriction.storage-only',
    )
    expectViolation(
      checkRestriction(state, read, '2026-11-04T00:00:00.000Z', SE),
      'restriction.storage-only',
    )
    expectViolation(
      checkRestriction(state, { ...read, restrictionGround: 'important-public-interest' }, T, SE),
      'restriction.storage-only',
    )
  })

  it('a ground decided during an earlier restriction does not carry into a later one', () => {
    const state = fold('subject', [
      restricted(),
      allowed('2026-11-05T00:00:00.000Z'),
      lifted('2026-11-10T00:00:00.000Z'),
      restricted('2026-11-15T00:00:00.000Z'),
    ])
    expectViolation(checkRestriction(state, read, T, SE), 'restriction.storage-only')
  })

  it("the consent ground also needs the subject's consent at the time", () => {
    const noConsent = fold('subject', [
      restricted(),
      allowed('2026-11-05T00:00:00.000Z', 'consent'),
    ])
    expectViolation(checkRestriction(noConsent, read, T, SE), 'restriction.storage-only')
    const withConsent = fold('subject', [
      restricted(),
      allowed('2026-11-05T00:00:00.000Z', 'consent'),
      at('subject', 'ConsentGiven', '2026-11-06T00:00:00.000Z', {
        subjectId: S,
        purpose: 'billing',
        noticeVersion: 'n-1',
        channel: 'web',
      }),
    ])
    expectLawful(checkRestriction(withConsent, read, T, SE))
  })
})

describe('rule 3 properties', { timeout: PROPERTY_TIMEOUT }, () => {
  const base = ms('2026-01-01T00:00:00.000Z')
  const time = fc.integer({ min: 0, max: 1000 }).map((m) => iso(base + m * 60_000))

  it('while restricted, storage is always allowed and anything else only with a ground decided in the restriction', () => {
    fc.assert(
      fc.property(
        time,
        fc.option(time, { nil: undefined }),
        fc.option(time, { nil: undefined }),
        time,
        fc.constantFrom('store' as const, 'read' as const, 'use' as const, 'export' as const),
        (from, liftedAt, groundAt, when, action) => {
          const events = [
            restricted(from),
            ...(groundAt === undefined ? [] : [allowed(groundAt)]),
            ...(liftedAt !== undefined && liftedAt > from ? [lifted(liftedAt)] : []),
          ]
          const state = fold('subject', events)
          const inForce =
            from <= when && (liftedAt === undefined || liftedAt <= from || when < liftedAt)
          const grounded = groundAt !== undefined && from <= groundAt && groundAt <= when
          const lawful =
            checkRestriction(
              state,
              { purpose: 'billing', legalBasis: 'contract', action },
              when,
              SE,
            )._tag === 'Right'
          expect(lawful).toBe(!inForce || action === 'store' || grounded)
        },
      ),
      { numRuns },
    )
  })

  it('a marketing objection refuses marketing at or after it, whatever grounds or bases follow', () => {
    fc.assert(
      fc.property(
        time,
        time,
        fc.constantFrom('consent' as const, 'legitimate-interests' as const, 'contract' as const),
        fc.boolean(),
        (raisedAt, when, legalBasis, decided) => {
          const state = fold('subject', [
            objection('direct-marketing', raisedAt),
            ...(decided
              ? [
                  objection('legitimate-interests', raisedAt),
                  grounds(raisedAt, 'compelling-legitimate-grounds', ['marketing']),
                ]
              : []),
          ])
          const lawful =
            checkObjection(state, { purpose: 'marketing', legalBasis }, when, defaultPolicy)
              ._tag === 'Right'
          expect(lawful).toBe(when < raisedAt)
        },
      ),
      { numRuns },
    )
  })
})

import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DK,
  SE,
  checkChildConsent,
  checkConsent,
  consentArticle,
  coveringConsent,
  defineJurisdiction,
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

const given = (
  when: string,
  extra: { subjectAge?: number; parentalAuthorisation?: boolean; purpose?: string } = {},
) =>
  at('subject', 'ConsentGiven', when, {
    subjectId: 'sub-8f3a',
    purpose: extra.purpose ?? 'marketing',
    noticeVersion: 'notice-2026-10',
    channel: 'web',
    ...(extra.subjectAge === undefined ? {} : { subjectAge: extra.subjectAge }),
    ...(extra.parentalAuthorisation === undefined
      ? {}
      : { parentalAuthorisation: extra.parentalAuthorisation }),
  })
const withdrawn = (when: string, purpose = 'marketing') =>
  at('subject', 'ConsentWithdrawn', when, { subjectId: 'sub-8f3a', purpose, channel: 'app' })
const onConsent = { purpose: 'marketing', legalBasis: 'consent' } as const
const T = '2026-11-23T09:00:00.000Z'
const plus = (instant: string, millis: number) => iso(ms(instant) + millis)

describe('rule 2: consent-based processing', () => {
  it('is lawful with a consent given at the very instant of processing', () => {
    expectLawful(checkConsent(fold('subject', [given(T)]), onConsent, T, SE))
  })

  it('is refused with a consent given 1 ms after it, or none', () => {
    expectViolation(
      checkConsent(fold('subject', [given(plus(T, 1))]), onConsent, T, SE),
      'consent.covering-consent',
      'GDPR Art. 6(1)(a)',
    )
    expectViolation(checkConsent(fold('subject', []), onConsent, T, SE), 'consent.covering-consent')
  })

  it('a withdrawal before the processing stops it; one after leaves the earlier processing lawful', () => {
    const before = fold('subject', [given('2026-11-01T00:00:00.000Z'), withdrawn(plus(T, -1))])
    expectViolation(checkConsent(before, onConsent, T, SE), 'consent.covering-consent')
    const after = fold('subject', [given('2026-11-01T00:00:00.000Z'), withdrawn(plus(T, 1))])
    expectLawful(checkConsent(after, onConsent, T, SE))
    expectViolation(checkConsent(after, onConsent, plus(T, 1), SE), 'consent.covering-consent')
  })

  it('judges by occurredAt whatever order the facts were recorded in', () => {
    // The withdrawal is recorded first, the consent it ended afterwards (an import, a late sync).
    const late = fold('subject', [
      withdrawn('2026-11-10T00:00:00.000Z'),
      given('2026-11-01T00:00:00.000Z'),
    ])
    expectLawful(checkConsent(late, onConsent, '2026-11-05T00:00:00.000Z', SE))
    expectViolation(checkConsent(late, onConsent, T, SE), 'consent.covering-consent')
  })

  it('consent given again after a withdrawal covers processing after it', () => {
    const again = fold('subject', [
      given('2026-11-01T00:00:00.000Z'),
      withdrawn('2026-11-10T00:00:00.000Z'),
      given('2026-11-20T00:00:00.000Z'),
    ])
    expectViolation(
      checkConsent(again, onConsent, '2026-11-15T00:00:00.000Z', SE),
      'consent.covering-consent',
    )
    expectLawful(checkConsent(again, onConsent, T, SE))
  })

  it('a consent covers only its own purpose', () => {
    const state = fold('subject', [
      given('2026-11-01T00:00:00.000Z', { purpose: 'location-offers' }),
    ])
    expectViolation(checkConsent(state, onConsent, T, SE), 'consent.covering-consent')
  })

  it('applies to explicit consent (Art. 9(2)(a)) and to ePrivacy consent, not to other bases', () => {
    expect(consentArticle({ legalBasis: 'contract' })).toBeUndefined()
    expect(consentArticle({ legalBasis: 'contract', ePrivacyBasis: 'consent' })).toBe(
      'ePrivacy Directive art. 6(3), 9(1)',
    )
    expect(
      consentArticle({
        legalBasis: 'legitimate-interests',
        specialCategoryCondition: 'explicit-consent',
      }),
    ).toBe('GDPR Art. 9(2)(a)')
    expectLawful(
      checkConsent(fold('subject', []), { purpose: 'billing', legalBasis: 'contract' }, T, SE),
    )
    expectViolation(
      checkConsent(
        fold('subject', []),
        { purpose: 'marketing', legalBasis: 'contract', ePrivacyBasis: 'consent' },
        T,
        SE,
      ),
      'consent.covering-consent',
      'ePrivacy',
    )
  })
})

describe("rule 2: a child's consent", () => {
  it("below the profile's age needs parental authorisation", () => {
    expectViolation(
      checkChildConsent({ subjectAge: 12 }, SE),
      'consent.child-consent-age',
      'GDPR Art. 8(1)',
    )
    expectLawful(checkChildConsent({ subjectAge: 12, parentalAuthorisation: true }, SE))
    expectLawful(checkChildConsent({ subjectAge: 13 }, SE))
    expectLawful(checkChildConsent({}, SE))
  })

  it('follows the jurisdiction: a profile with a higher age refuses what another accepts', () => {
    const sixteen = defineJurisdiction({
      ...DK,
      childConsent: { age: 16, statute: 'test profile' },
    })
    expectLawful(checkChildConsent({ subjectAge: 14 }, DK))
    expectViolation(checkChildConsent({ subjectAge: 14 }, sixteen), 'consent.child-consent-age')
  })

  it('without parental authorisation covers no processing (an imported consent)', () => {
    const state = fold('subject', [given('2026-11-01T00:00:00.000Z', { subjectAge: 11 })])
    expect(coveringConsent(state, 'marketing', T, SE)).toBeUndefined()
    expectViolation(checkConsent(state, onConsent, T, SE), 'consent.covering-consent')
  })
})

describe('rule 2 properties', { timeout: PROPERTY_TIMEOUT }, () => {
  const base = ms('2026-01-01T00:00:00.000Z')
  const time = fc.integer({ min: 0, max: 1000 }).map((m) => iso(base + m * 60_000))
  const history = fc.array(
    fc.record({
      kind: fc.constantFrom('given' as const, 'withdrawn' as const),
      at: time,
      purpose: fc.constantFrom('marketing', 'location-offers'),
    }),
    { maxLength: 8 },
  )

  it('processing is covered iff some consent for the purpose was given at or before it with no withdrawal from then to it', () => {
    fc.assert(
      fc.property(
        history,
        time,
        fc.constantFrom('marketing', 'location-offers'),
        (facts, when, purpose) => {
          const state = fold(
            'subject',
            facts.map((f) =>
              f.kind === 'given' ? given(f.at, { purpose: f.purpose }) : withdrawn(f.at, f.purpose),
            ),
          )
          const expected = facts.some(
            (g) =>
              g.kind === 'given' &&
              g.purpose === purpose &&
              g.at <= when &&
              !facts.some(
                (w) =>
                  w.kind === 'withdrawn' && w.purpose === purpose && g.at <= w.at && w.at <= when,
              ),
          )
          expect(
            checkConsent(state, { purpose, legalBasis: 'consent' }, when, SE)._tag === 'Right',
          ).toBe(expected)
        },
      ),
      { numRuns },
    )
  })

  it('withdrawal works forward only: adding a later withdrawal never changes an earlier verdict', () => {
    fc.assert(
      fc.property(history, time, fc.integer({ min: 1, max: 1000 }), (facts, when, afterMinutes) => {
        const events = facts.map((f) =>
          f.kind === 'given' ? given(f.at, { purpose: f.purpose }) : withdrawn(f.at, f.purpose),
        )
        const without = checkConsent(fold('subject', events), onConsent, when, SE)
        const withLater = checkConsent(
          fold('subject', [...events, withdrawn(plus(when, afterMinutes * 60_000))]),
          onConsent,
          when,
          SE,
        )
        expect(withLater._tag).toBe(without._tag)
      }),
      { numRuns },
    )
  })
})

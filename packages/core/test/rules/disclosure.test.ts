import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  assessmentInForce,
  checkDisclosure,
  defaultPolicy,
  definePolicy,
  isGagged,
  type EventData,
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

const RECEIVED = '2026-11-23T07:00:00.000Z'
const ASSESSED = '2026-11-23T08:00:00.000Z'
const T = '2026-11-23T09:00:00.000Z'
const request = (overrides: Partial<EventData<'AuthorityRequestReceived'>> = {}, when = RECEIVED) =>
  at('disclosure', 'AuthorityRequestReceived', when, {
    requestId: 'police-1',
    authority: {
      authorityId: 'se-police',
      name: 'Polismyndigheten',
      country: 'SE',
      kind: 'police',
    },
    statute: 'LEK (2022:482) 9 kap. 31 §',
    scope: {
      subjectIds: ['sub-8f3a', 'sub-77c1'],
      dataCategories: ['call-records', 'subscriber-identity'],
    },
    ...overrides,
  })
const assessment = (
  decision: 'comply' | 'partially-comply' | 'refuse' = 'comply',
  role = 'legal-officer',
  when = ASSESSED,
) =>
  at('disclosure', 'AuthorityRequestAssessed', when, {
    requestId: 'police-1',
    decision,
    assessedBy: { actorId: 'legal-7', role },
  })
const disclosure = { subjectIds: ['sub-8f3a'], dataCategories: ['call-records'] }

describe('rule 4: a disclosure to an authority', () => {
  it('is lawful on a received request naming its statute, assessed "comply" by an authorised role', () => {
    expectLawful(
      checkDisclosure(fold('disclosure', [request(), assessment()]), disclosure, T, defaultPolicy),
    )
    expectLawful(
      checkDisclosure(
        fold('disclosure', [request(), assessment('partially-comply')]),
        disclosure,
        T,
        defaultPolicy,
      ),
    )
  })

  it('is refused without an assessment, after a refusal, or when assessed only after the disclosure', () => {
    expectViolation(
      checkDisclosure(fold('disclosure', [request()]), disclosure, T, defaultPolicy),
      'disclosure.assessed-request',
      'ePrivacy Directive art. 15(1)',
    )
    expectViolation(
      checkDisclosure(
        fold('disclosure', [request(), assessment('refuse')]),
        disclosure,
        T,
        defaultPolicy,
      ),
      'disclosure.assessed-request',
    )
    expectViolation(
      checkDisclosure(
        fold('disclosure', [
          request(),
          assessment('comply', 'legal-officer', '2026-11-23T09:00:00.001Z'),
        ]),
        disclosure,
        T,
        defaultPolicy,
      ),
      'disclosure.assessed-request',
    )
    expectViolation(
      checkDisclosure(fold('disclosure', []), disclosure, T, defaultPolicy),
      'disclosure.assessed-request',
    )
  })

  it('needs an assessor in a role the procedures authorise (ePD art. 4(1a))', () => {
    expectViolation(
      checkDisclosure(
        fold('disclosure', [request(), assessment('comply', 'support-agent')]),
        disclosure,
        T,
        defaultPolicy,
      ),
      'disclosure.authorised-assessor',
      'art. 4(1a)',
    )
    const policy = definePolicy({
      ...defaultPolicy,
      authorisedDisclosureRoles: ['security-liaison'],
    })
    expectViolation(
      checkDisclosure(fold('disclosure', [request(), assessment()]), disclosure, T, policy),
      'disclosure.authorised-assessor',
    )
    expectLawful(
      checkDisclosure(
        fold('disclosure', [request(), assessment('comply', 'security-liaison')]),
        disclosure,
        T,
        policy,
      ),
    )
  })

  it("stays within the request's subjects and categories", () => {
    const state = fold('disclosure', [request(), assessment()])
    expectViolation(
      checkDisclosure(state, { ...disclosure, dataCategories: ['location'] }, T, defaultPolicy),
      'disclosure.within-scope',
    )
    expectViolation(
      checkDisclosure(state, { ...disclosure, subjectIds: ['sub-0000'] }, T, defaultPolicy),
      'disclosure.within-scope',
    )
  })

  it('to an authority outside the EEA needs an international agreement (Art. 48); Norway is in the EEA', () => {
    const us = {
      authorityId: 'us-fbi',
      name: 'Federal Bureau of Investigation',
      country: 'US',
      kind: 'police',
    } as const
    expectViolation(
      checkDisclosure(
        fold('disclosure', [request({ authority: us }), assessment()]),
        disclosure,
        T,
        defaultPolicy,
      ),
      'disclosure.third-country-agreement',
      'GDPR Art. 48',
    )
    expectLawful(
      checkDisclosure(
        fold('disclosure', [
          request({ authority: us, internationalAgreement: 'EU-US MLA Agreement (2003)' }),
          assessment(),
        ]),
        disclosure,
        T,
        defaultPolicy,
      ),
    )
    const norway = {
      authorityId: 'no-police',
      name: 'Politiet',
      country: 'NO',
      kind: 'police',
    } as const
    expectLawful(
      checkDisclosure(
        fold('disclosure', [request({ authority: norway }), assessment()]),
        disclosure,
        T,
        defaultPolicy,
      ),
    )
  })
})

describe('rule 4: a disclosure is judged by the assessment in force at its time', () => {
  const T1 = '2026-11-23T08:00:00.000Z'
  const T2 = '2026-11-23T09:00:00.000Z'
  const T3 = '2026-11-23T10:00:00.000Z'
  const T4 = '2026-11-23T11:00:00.000Z'

  it('a re-assessment to refuse does not make a disclosure before it unlawful, and stops those after it', () => {
    const state = fold('disclosure', [
      request(),
      assessment('comply', 'legal-officer', T1),
      assessment('refuse', 'legal-officer', T3),
    ])
    expect(state.assessments.map((a) => a.decision)).toEqual(['comply', 'refuse'])
    expectLawful(checkDisclosure(state, disclosure, T2, defaultPolicy))
    expectViolation(
      checkDisclosure(state, disclosure, T3, defaultPolicy),
      'disclosure.assessed-request',
    )
    expectViolation(
      checkDisclosure(state, disclosure, T4, defaultPolicy),
      'disclosure.assessed-request',
    )
  })

  it('a refusal re-assessed to comply allows disclosures from the re-assessment on only', () => {
    const state = fold('disclosure', [
      request(),
      assessment('refuse', 'legal-officer', T1),
      assessment('comply', 'legal-officer', T3),
    ])
    expectViolation(
      checkDisclosure(state, disclosure, T2, defaultPolicy),
      'disclosure.assessed-request',
    )
    expectLawful(checkDisclosure(state, disclosure, T3, defaultPolicy))
    expectLawful(checkDisclosure(state, disclosure, T4, defaultPolicy))
  })

  it('places an assessment recorded late by its own time, not by the recording order', () => {
    // "refuse" at T3 recorded first; the "comply" of T1 recorded after it.
    const state = fold('disclosure', [
      request(),
      assessment('refuse', 'legal-officer', T3),
      assessment('comply', 'legal-officer', T1),
    ])
    expectLawful(checkDisclosure(state, disclosure, T2, defaultPolicy))
    expectViolation(
      checkDisclosure(state, disclosure, T4, defaultPolicy),
      'disclosure.assessed-request',
    )
    expect(assessmentInForce(state)?.decision).toBe('refuse')
    expect(assessmentInForce(state, T2)?.decision).toBe('comply')
    expect(assessmentInForce(state, '2026-11-23T07:59:59.999Z')).toBeUndefined()
  })

  it('judges the assessor of the assessment in force: an unauthorised one before the authorised re-assessment', () => {
    const state = fold('disclosure', [
      request(),
      assessment('comply', 'support-agent', T1),
      assessment('comply', 'legal-officer', T3),
    ])
    expectViolation(
      checkDisclosure(state, disclosure, T2, defaultPolicy),
      'disclosure.authorised-assessor',
      'art. 4(1a)',
    )
    expectLawful(checkDisclosure(state, disclosure, T3, defaultPolicy))
  })

  it('of two assessments at the same instant, the one recorded last is in force', () => {
    const state = fold('disclosure', [
      request(),
      assessment('comply', 'legal-officer', T1),
      assessment('refuse', 'legal-officer', T1),
    ])
    expectViolation(
      checkDisclosure(state, disclosure, T2, defaultPolicy),
      'disclosure.assessed-request',
    )
    expect(assessmentInForce(state, T1)?.decision).toBe('refuse')
  })
})

describe('rule 4: a gag', () => {
  it('hides the disclosure until it ends or is lifted, whichever comes first', () => {
    const gagged = fold('disclosure', [
      request({ gagUntil: '2027-02-21T00:00:00.000Z' }),
      assessment(),
    ])
    expect(isGagged(gagged, T)).toBe(true)
    expect(isGagged(gagged, '2027-02-20T23:59:59.999Z')).toBe(true)
    expect(isGagged(gagged, '2027-02-21T00:00:00.000Z')).toBe(false)
    const liftedEarly = fold('disclosure', [
      request({ gagUntil: '2027-02-21T00:00:00.000Z' }),
      at('disclosure', 'GagLifted', '2026-12-01T00:00:00.000Z', { requestId: 'police-1' }),
    ])
    expect(isGagged(liftedEarly, '2026-11-30T00:00:00.000Z')).toBe(true)
    expect(isGagged(liftedEarly, '2026-12-01T00:00:00.000Z')).toBe(false)
    expect(isGagged(fold('disclosure', [request()]), T)).toBe(false)
  })
})

describe('rule 4 properties', { timeout: PROPERTY_TIMEOUT }, () => {
  const base = ms('2026-11-01T00:00:00.000Z')
  const time = fc.integer({ min: 0, max: 100 }).map((h) => iso(base + h * 3_600_000))

  it('a disclosure is lawful exactly when the assessment in force at its time (the latest at or before it, by time) complies and is authorised, whatever the recording order', () => {
    const decision = fc.constantFrom(
      'comply' as const,
      'partially-comply' as const,
      'refuse' as const,
    )
    const role = fc.constantFrom('legal-officer', 'support-agent')
    fc.assert(
      fc.property(
        time,
        fc.array(fc.record({ at: time, decision, role }), { maxLength: 5 }),
        time,
        (receivedAt, assessed, when) => {
          const events = [
            request({}, receivedAt),
            ...assessed.map((a) => assessment(a.decision, a.role, a.at)),
          ]
          const verdict = checkDisclosure(
            fold('disclosure', events),
            disclosure,
            when,
            defaultPolicy,
          )
          // Restated: the last of the latest-timed assessments at or before `when`.
          const before = assessed.filter((a) => a.at <= when)
          const latest = before.reduce((max, a) => (a.at > max ? a.at : max), '')
          const inForce = before.filter((a) => a.at === latest).at(-1)
          const expected =
            receivedAt <= when &&
            inForce !== undefined &&
            inForce.decision !== 'refuse' &&
            receivedAt <= inForce.at &&
            defaultPolicy.authorisedDisclosureRoles.includes(inForce.role)
          expect(verdict._tag === 'Right').toBe(expected)
          // Assessments at distinct times judge the same in any recording order.
          const distinct = new Set(assessed.map((a) => a.at)).size === assessed.length
          if (distinct) {
            const reversed = [request({}, receivedAt), ...events.slice(1).reverse()]
            expect(
              checkDisclosure(fold('disclosure', reversed), disclosure, when, defaultPolicy),
            ).toEqual(verdict)
          }
        },
      ),
      { numRuns },
    )
  })

  it('a lawful disclosure always has a request received and assessed to comply by an authorised role before it', () => {
    fc.assert(
      fc.property(
        time,
        fc.option(
          fc.record({
            at: time,
            decision: fc.constantFrom(
              'comply' as const,
              'partially-comply' as const,
              'refuse' as const,
            ),
            role: fc.constantFrom('legal-officer', 'support-agent', 'data-protection-officer'),
          }),
          { nil: undefined },
        ),
        fc.constantFrom('SE', 'NO', 'IS', 'US', 'GB', 'CH'),
        fc.boolean(),
        time,
        (receivedAt, assessed, country, agreement, when) => {
          const events = [
            request(
              {
                authority: { authorityId: 'auth-1', name: 'Authority', country, kind: 'police' },
                ...(agreement ? { internationalAgreement: 'MLA treaty' } : {}),
              },
              receivedAt,
            ),
            ...(assessed === undefined
              ? []
              : [assessment(assessed.decision, assessed.role, assessed.at)]),
          ]
          const lawful =
            checkDisclosure(fold('disclosure', events), disclosure, when, defaultPolicy)._tag ===
            'Right'
          const expected =
            receivedAt <= when &&
            assessed !== undefined &&
            assessed.decision !== 'refuse' &&
            receivedAt <= assessed.at &&
            assessed.at <= when &&
            defaultPolicy.authorisedDisclosureRoles.includes(assessed.role) &&
            (['SE', 'NO', 'IS'].includes(country) || agreement)
          expect(lawful).toBe(expected)
        },
      ),
      { numRuns },
    )
  })
})

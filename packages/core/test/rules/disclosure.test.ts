import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkDisclosure, defaultPolicy, definePolicy, isGagged, type EventData } from '../../src'
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

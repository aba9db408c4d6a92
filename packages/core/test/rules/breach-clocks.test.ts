import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  HOUR,
  SE,
  breachClocks,
  breachRegimes,
  checkAuthorityNotice,
  type BreachClock,
  type BreachObligation,
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

const DETECTED = '2026-11-23T07:00:00.000Z'
const AWARE = '2026-11-23T07:30:00.000Z'
const plus = (instant: string, millis: number) => iso(ms(instant) + millis)

const detection = (
  overrides: Partial<EventData<'BreachDetected'>> = {},
): EventData<'BreachDetected'> => ({
  breachId: 'br-1',
  detectedAt: DETECTED,
  awareAt: AWARE,
  nature: ['confidentiality'],
  dataCategories: ['billing-information'],
  approxSubjects: 120,
  approxRecords: 120,
  role: 'controller',
  publicEcsProvider: true,
  inPublicService: false,
  nis2Entity: false,
  ...overrides,
})
const detected = (overrides: Partial<EventData<'BreachDetected'>> = {}) =>
  at('breach', 'BreachDetected', AWARE, detection(overrides))
const notice = (
  when: string,
  regime: 'gdpr' | 'eprivacy' | 'nis2',
  stage: EventData<'AuthorityNotified'>['stage'] = 'initial',
  extra: Partial<EventData<'AuthorityNotified'>> = {},
) =>
  at('breach', 'AuthorityNotified', when, {
    breachId: 'br-1',
    regime,
    authority: 'IMY',
    stage,
    complete: true,
    ...extra,
  })
const assessed = (when: string, risk: 'none' | 'risk' | 'high', dataUnintelligible = false) =>
  at('breach', 'BreachAssessed', when, {
    breachId: 'br-1',
    risk,
    dataUnintelligible,
    assessedBy: { actorId: 'dpo-1', role: 'data-protection-officer' },
  })

const clock = (clocks: BreachClock[], obligation: BreachObligation) =>
  clocks.find((c) => c.obligation === obligation)

describe('rule 7: which regimes a breach is under', () => {
  it('a public service provider breaching in providing it is under ePrivacy instead of GDPR (Art. 95)', () => {
    expect(
      breachRegimes({ publicEcsProvider: true, inPublicService: true, nis2Entity: false }),
    ).toEqual(['eprivacy'])
    expect(
      breachRegimes({ publicEcsProvider: true, inPublicService: false, nis2Entity: false }),
    ).toEqual(['gdpr'])
    expect(
      breachRegimes({ publicEcsProvider: false, inPublicService: true, nis2Entity: true }),
    ).toEqual(['gdpr', 'nis2'])
    expect(
      breachRegimes({ publicEcsProvider: true, inPublicService: true, nis2Entity: true }),
    ).toEqual(['eprivacy', 'nis2'])
  })
})

describe('rule 7: the GDPR clocks', () => {
  const due = plus(AWARE, 72 * HOUR)

  it('notifying the authority exactly 72 h after awareness is in time; 1 ms later is late', () => {
    const exact = breachClocks(fold('breach', [detected(), notice(due, 'gdpr')]), SE, due)
    expect(clock(exact, 'gdpr-authority')).toMatchObject({
      status: 'met',
      dueAt: due,
      doneAt: due,
      startedAt: AWARE,
    })
    const late = breachClocks(fold('breach', [detected(), notice(plus(due, 1), 'gdpr')]), SE, due)
    expect(clock(late, 'gdpr-authority')?.status).toBe('late')
    const withReasons = breachClocks(
      fold('breach', [
        detected(),
        notice(plus(due, 1), 'gdpr', 'initial', { reasonsForDelay: 'forensics needed' }),
      ]),
      SE,
      due,
    )
    expect(clock(withReasons, 'gdpr-authority')?.status).toBe('late-with-reasons')
  })

  it('an unnotified clock runs until its due time and is late after it', () => {
    const state = fold('breach', [detected()])
    expect(clock(breachClocks(state, SE, due), 'gdpr-authority')?.status).toBe('running')
    expect(clock(breachClocks(state, SE, plus(due, 1)), 'gdpr-authority')?.status).toBe('late')
  })

  it('a breach assessed as no risk needs no authority notice; subjects only when the risk is high', () => {
    const none = breachClocks(
      fold('breach', [detected(), assessed(AWARE, 'none')]),
      SE,
      plus(due, HOUR),
    )
    expect(clock(none, 'gdpr-authority')?.status).toBe('not-required')
    expect(clock(none, 'gdpr-subjects')?.status).toBe('not-required')
    const high = breachClocks(
      fold('breach', [detected(), assessed(AWARE, 'high')]),
      SE,
      plus(due, HOUR),
    )
    expect(clock(high, 'gdpr-subjects')).toMatchObject({
      status: 'running',
      article: 'GDPR Art. 34(1)',
    })
    expect(clock(high, 'gdpr-subjects')?.dueAt).toBeUndefined()
    const unassessed = breachClocks(fold('breach', [detected()]), SE, AWARE)
    expect(clock(unassessed, 'gdpr-subjects')?.note).toBe('awaiting the risk assessment')
  })

  it('a high risk is discharged by notifying the subjects or by a recorded Art. 34(3) ground', () => {
    const notified = fold('breach', [
      detected(),
      assessed(AWARE, 'high'),
      at('breach', 'SubjectsNotified', plus(AWARE, HOUR), {
        breachId: 'br-1',
        channel: 'sms',
        approxSubjects: 120,
      }),
    ])
    expect(clock(breachClocks(notified, SE, AWARE), 'gdpr-subjects')?.status).toBe('met')
    const exempted = fold('breach', [
      detected(),
      assessed(AWARE, 'high'),
      at('breach', 'SubjectNotificationExempted', plus(AWARE, HOUR), {
        breachId: 'br-1',
        ground: 'data-unintelligible',
        reasons: 'AES-256 at rest, key not compromised',
      }),
    ])
    expect(clock(breachClocks(exempted, SE, AWARE), 'gdpr-subjects')).toMatchObject({
      status: 'not-required',
      note: 'exempted under Art. 34(3): data-unintelligible',
    })
  })

  it('a processor owes its controller a notice, not the authority', () => {
    const state = fold('breach', [detected({ role: 'processor' })])
    const clocks = breachClocks(state, SE, AWARE)
    expect(clocks.map((c) => c.obligation)).toEqual(['processor-to-controller'])
    const told = fold('breach', [
      detected({ role: 'processor' }),
      at('breach', 'ControllerNotified', plus(AWARE, HOUR), {
        breachId: 'br-1',
        notifiedControllerId: 'acme_ab',
      }),
    ])
    expect(breachClocks(told, SE, AWARE)[0]).toMatchObject({
      status: 'met',
      article: 'GDPR Art. 33(2)',
    })
  })
})

describe('rule 7: the ePrivacy clocks', () => {
  const eprivacy = () => detected({ inPublicService: true })
  const due = plus(DETECTED, 24 * HOUR)

  it('runs 24 h from detection, with no risk threshold and no GDPR clocks', () => {
    const state = fold('breach', [eprivacy(), assessed(AWARE, 'none')])
    const clocks = breachClocks(state, SE, due)
    expect(clocks.some((c) => c.regime === 'gdpr')).toBe(false)
    expect(clock(clocks, 'eprivacy-authority')).toMatchObject({
      status: 'running',
      dueAt: due,
      startedAt: DETECTED,
    })
    expect(clock(breachClocks(state, SE, plus(due, 1)), 'eprivacy-authority')?.status).toBe('late')
  })

  it('an incomplete initial notice needs a complete one within 3 days of it, to the end of the local day', () => {
    const initialAt = '2026-11-23T18:00:00.000Z' // 20:00 in Helsinki, 19:00 in Stockholm
    const state = fold('breach', [
      eprivacy(),
      notice(initialAt, 'eprivacy', 'initial', { complete: false }),
    ])
    const followUp = clock(breachClocks(state, SE, initialAt), 'eprivacy-follow-up')
    expect(followUp).toMatchObject({
      status: 'running',
      startedAt: initialAt,
      dueAt: '2026-11-26T22:59:59.999Z',
    })
    const done = fold('breach', [
      eprivacy(),
      notice(initialAt, 'eprivacy', 'initial', { complete: false }),
      notice('2026-11-26T22:59:59.999Z', 'eprivacy', 'follow-up'),
    ])
    expect(clock(breachClocks(done, SE, initialAt), 'eprivacy-follow-up')?.status).toBe('met')
    const complete = fold('breach', [eprivacy(), notice(initialAt, 'eprivacy')])
    expect(clock(breachClocks(complete, SE, initialAt), 'eprivacy-follow-up')).toBeUndefined()
  })

  it('subscribers are told when the breach is likely to affect them, unless the data was unintelligible', () => {
    const risky = fold('breach', [eprivacy(), assessed(AWARE, 'risk')])
    expect(clock(breachClocks(risky, SE, AWARE), 'eprivacy-subscribers')?.status).toBe('running')
    const encrypted = fold('breach', [eprivacy(), assessed(AWARE, 'high', true)])
    expect(clock(breachClocks(encrypted, SE, AWARE), 'eprivacy-subscribers')?.status).toBe(
      'not-required',
    )
  })
})

describe('rule 7: the NIS2 clocks', () => {
  it('early warning 24 h and notification 72 h from awareness, final report a month after the notification', () => {
    const notifiedAt = '2026-11-25T10:00:00.000Z'
    const state = fold('breach', [
      detected({ nis2Entity: true }),
      notice(plus(AWARE, 24 * HOUR), 'nis2', 'early-warning'),
      notice(notifiedAt, 'nis2', 'notification'),
    ])
    const clocks = breachClocks(state, SE, notifiedAt)
    expect(clock(clocks, 'nis2-early-warning')).toMatchObject({
      status: 'met',
      dueAt: plus(AWARE, 24 * HOUR),
    })
    expect(clock(clocks, 'nis2-notification')).toMatchObject({
      status: 'met',
      dueAt: plus(AWARE, 72 * HOUR),
    })
    expect(clock(clocks, 'nis2-final-report')).toMatchObject({
      status: 'running',
      startedAt: notifiedAt,
      dueAt: '2026-12-25T22:59:59.999Z',
    })
    expect(
      clock(breachClocks(state, SE, '2026-12-25T23:00:00.000Z'), 'nis2-final-report')?.status,
    ).toBe('late')
    const unstarted = breachClocks(fold('breach', [detected({ nis2Entity: true })]), SE, AWARE)
    expect(clock(unstarted, 'nis2-final-report')).toMatchObject({
      status: 'running',
      note: 'starts with the incident notification',
    })
  })
})

describe('rule 7: an authority notice as a command', () => {
  const state = fold('breach', [detected()])

  it('a GDPR notice without reasons is lawful up to 72 h and refused 1 ms later', () => {
    expectLawful(checkAuthorityNotice(state, { regime: 'gdpr' }, plus(AWARE, 72 * HOUR)))
    expectViolation(
      checkAuthorityNotice(state, { regime: 'gdpr' }, plus(AWARE, 72 * HOUR + 1)),
      'breach.reasons-for-delay',
      'GDPR Art. 33(1)',
    )
    expectLawful(
      checkAuthorityNotice(
        state,
        { regime: 'gdpr', reasonsForDelay: 'forensics' },
        plus(AWARE, 80 * HOUR),
      ),
    )
  })

  it('only the first GDPR notice owes reasons; later phases do not', () => {
    const first = fold('breach', [
      detected(),
      notice(plus(AWARE, HOUR), 'gdpr', 'initial', { complete: false }),
    ])
    expectLawful(checkAuthorityNotice(first, { regime: 'gdpr' }, plus(AWARE, 100 * HOUR)))
  })

  it('a notice under a regime the breach is not under is refused, GDPR for an ePrivacy breach under Art. 95', () => {
    const eprivacy = fold('breach', [detected({ inPublicService: true })])
    expectViolation(
      checkAuthorityNotice(eprivacy, { regime: 'gdpr' }, AWARE),
      'breach.regime',
      'GDPR Art. 95',
    )
    expectViolation(checkAuthorityNotice(state, { regime: 'eprivacy' }, AWARE), 'breach.regime')
    expectViolation(checkAuthorityNotice(state, { regime: 'nis2' }, AWARE), 'breach.regime', 'NIS2')
    expectLawful(checkAuthorityNotice(eprivacy, { regime: 'eprivacy' }, plus(DETECTED, 30 * HOUR)))
  })
})

describe('rule 7 properties', { timeout: PROPERTY_TIMEOUT }, () => {
  const facts = fc.record({
    publicEcsProvider: fc.boolean(),
    inPublicService: fc.boolean(),
    nis2Entity: fc.boolean(),
    role: fc.constantFrom('controller' as const, 'processor' as const),
    awareAfterMs: fc.integer({ min: 0, max: 48 * HOUR }),
    risk: fc.option(fc.constantFrom('none' as const, 'risk' as const, 'high' as const), {
      nil: undefined,
    }),
    notices: fc.array(
      fc.record({
        regime: fc.constantFrom('gdpr' as const, 'eprivacy' as const, 'nis2' as const),
        stage: fc.constantFrom(
          'initial' as const,
          'follow-up' as const,
          'early-warning' as const,
          'notification' as const,
          'final' as const,
        ),
        complete: fc.boolean(),
        afterMs: fc.integer({ min: 0, max: 40 * 24 * HOUR }),
        reasons: fc.boolean(),
      }),
      { maxLength: 5 },
    ),
    nowAfterMs: fc.integer({ min: 0, max: 60 * 24 * HOUR }),
  })

  it('every detected breach has clocks; each regime-owned obligation is judged against its own due time', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const awareAt = plus(DETECTED, f.awareAfterMs)
        const events = [
          at('breach', 'BreachDetected', awareAt, detection({ ...f, awareAt })),
          ...(f.risk === undefined ? [] : [assessed(awareAt, f.risk)]),
          ...[...f.notices]
            .sort((a, b) => a.afterMs - b.afterMs)
            .map((n) =>
              notice(plus(DETECTED, n.afterMs), n.regime, n.stage, {
                complete: n.complete,
                ...(n.reasons ? { reasonsForDelay: 'investigation' } : {}),
              }),
            ),
        ]
        const now = plus(DETECTED, f.nowAfterMs)
        const clocks = breachClocks(fold('breach', events), SE, now)
        const regimes = breachRegimes(f)
        expect(clocks.length).toBeGreaterThan(0)
        expect(regimes.includes('gdpr')).toBe(!regimes.includes('eprivacy'))
        expect(new Set(clocks.map((c) => c.regime))).toEqual(new Set(regimes))
        for (const c of clocks) {
          if (c.doneAt !== undefined && c.dueAt !== undefined)
            expect(c.status === 'met').toBe(c.doneAt <= c.dueAt)
          if (c.doneAt === undefined && c.dueAt !== undefined && c.status !== 'not-required')
            expect(c.status).toBe(now > c.dueAt ? 'late' : 'running')
          if (c.doneAt === undefined)
            expect(['running', 'late', 'not-required']).toContain(c.status)
        }
        if (f.role === 'processor')
          expect(clocks.filter((c) => c.regime !== 'nis2').map((c) => c.obligation)).toEqual([
            'processor-to-controller',
          ])
      }),
      { numRuns },
    )
  })
})

import type { AuthorityNotified, BreachDetected, BreachRegime } from '../catalogue'
import type { BreachState } from '../deciders/breach'
import { calendarPeriodFrom } from '../jurisdiction/calendar'
import type { Jurisdiction } from '../jurisdiction/jurisdiction'
import type { ComplianceRule } from '../ledger/decision'
import { HOUR, fromMillis, toMillis } from '../time'
import { firstViolation, lawful, violation, type Verdict } from './verdict'

/**
 * Rule 7, breach clocks. The regimes come from facts recorded on detection, never typed in:
 * a provider of a public electronic communications service whose breach arose in providing
 * it is under the ePrivacy regime (Directive 2002/58/EC art. 4(3), Reg. 611/2013), which
 * replaces GDPR Arts. 33-34 for it (GDPR Art. 95); anyone else under GDPR; an essential or
 * important entity under NIS2 as well. Each clock runs from its own anchor. Hour limits are
 * exact; periods of days and months are calendar periods in the jurisdiction's zone
 * (Reg. 1182/71 art. 3).
 */

/** One obligation a breach can put on the recorder. */
export type BreachObligation =
  | 'gdpr-authority'
  | 'gdpr-subjects'
  | 'eprivacy-authority'
  | 'eprivacy-follow-up'
  | 'eprivacy-subscribers'
  | 'nis2-early-warning'
  | 'nis2-notification'
  | 'nis2-final-report'
  | 'processor-to-controller'

/**
 * Where a clock stands: done by its due time (`met`), done after it with reasons for the
 * delay recorded (`late-with-reasons`) or without (`late`, also when undone and overdue at
 * `now`), undone and not yet due (`running`), or not owed on the recorded facts (`not-required`).
 */
export type ClockStatus = 'met' | 'late-with-reasons' | 'late' | 'running' | 'not-required'

export interface BreachClock {
  readonly regime: BreachRegime
  readonly obligation: BreachObligation
  readonly article: string
  /** When the clock started; absent while what starts it has not happened. */
  readonly startedAt?: string
  /** The last on-time instant (inclusive); absent for "without undue delay" and unstarted clocks. */
  readonly dueAt?: string
  /** When the obligation was met (the first notice that counts). */
  readonly doneAt?: string
  readonly status: ClockStatus
  /** Why the clock is not required, or what it waits for; never personal data. */
  readonly note?: string
}

/** GDPR Art. 33(1): 72 hours from awareness. */
export const GDPR_AUTHORITY_HOURS = 72
/** Reg. 611/2013 art. 2(2): 24 hours from detection. */
export const EPRIVACY_AUTHORITY_HOURS = 24
/** Reg. 611/2013 art. 2(3): a second notice within 3 days of an incomplete initial one. */
export const EPRIVACY_FOLLOW_UP_DAYS = 3
/** NIS2 Art. 23(4)(a)-(b): early warning 24 hours, notification 72 hours from awareness. */
export const NIS2_EARLY_WARNING_HOURS = 24
export const NIS2_NOTIFICATION_HOURS = 72

/**
 * The regimes a breach is under, from the facts recorded on its detection.
 *
 * @example
 * ```ts
 * import { breachRegimes } from '@gdpr-ledger/core'
 * breachRegimes({ publicEcsProvider: true, inPublicService: true, nis2Entity: true }) // ['eprivacy', 'nis2']
 * breachRegimes({ publicEcsProvider: true, inPublicService: false, nis2Entity: false }) // ['gdpr']
 * ```
 */
export const breachRegimes = (
  detection: Pick<BreachDetected, 'publicEcsProvider' | 'inPublicService' | 'nis2Entity'>,
): BreachRegime[] => [
  detection.publicEcsProvider && detection.inPublicService ? 'eprivacy' : 'gdpr',
  ...(detection.nis2Entity ? (['nis2'] as const) : []),
]

type Notice = AuthorityNotified & { readonly notifiedAt: string }

const plusHours = (instant: string, hours: number): string =>
  fromMillis(toMillis(instant) + hours * HOUR)

/** The last on-time instant of a calendar period: one millisecond before it ends. */
const lastInstantOf = (endsAt: string): string => fromMillis(toMillis(endsAt) - 1)

const judged = (
  base: Omit<BreachClock, 'status' | 'doneAt'>,
  done: Notice | { readonly notifiedAt: string; readonly reasonsForDelay?: string } | undefined,
  now: string,
): BreachClock => {
  if (done !== undefined) {
    const doneAt = done.notifiedAt
    const status: ClockStatus =
      base.dueAt === undefined || doneAt <= base.dueAt
        ? 'met'
        : done.reasonsForDelay === undefined
          ? 'late'
          : 'late-with-reasons'
    return { ...base, doneAt, status }
  }
  const status: ClockStatus = base.dueAt !== undefined && now > base.dueAt ? 'late' : 'running'
  return { ...base, status }
}

const notRequired = (
  base: Omit<BreachClock, 'status' | 'doneAt' | 'note'>,
  note: string,
): BreachClock => ({ ...base, status: 'not-required', note })

const gdprClocks = (state: BreachState, detection: BreachDetected, now: string): BreachClock[] => {
  const notices = state.authorityNotifications.filter((n) => n.regime === 'gdpr')
  const risk = state.assessment?.risk
  const authorityBase = {
    regime: 'gdpr',
    obligation: 'gdpr-authority',
    article: 'GDPR Art. 33(1)',
    startedAt: detection.awareAt,
    dueAt: plusHours(detection.awareAt, GDPR_AUTHORITY_HOURS),
  } as const
  const authority =
    notices[0] === undefined && risk === 'none'
      ? notRequired(authorityBase, 'assessed as unlikely to result in a risk (Art. 33(1))')
      : judged(authorityBase, notices[0], now)
  const subjectsBase = {
    regime: 'gdpr',
    obligation: 'gdpr-subjects',
    article: 'GDPR Art. 34(1)',
    startedAt: detection.awareAt,
  } as const
  const exemption = state.subjectNotificationExemption
  const subjectsDone =
    state.subjectsNotifiedAt === undefined ? undefined : { notifiedAt: state.subjectsNotifiedAt }
  const subjects =
    subjectsDone !== undefined
      ? judged(subjectsBase, subjectsDone, now)
      : exemption !== undefined
        ? notRequired(subjectsBase, `exempted under Art. 34(3): ${exemption.ground}`)
        : risk === undefined
          ? { ...subjectsBase, status: 'running' as const, note: 'awaiting the risk assessment' }
          : risk === 'high'
            ? judged(subjectsBase, undefined, now)
            : notRequired(subjectsBase, 'not assessed as a high risk (Art. 34(1))')
  return [authority, subjects]
}

const eprivacyClocks = (
  state: BreachState,
  detection: BreachDetected,
  jurisdiction: Jurisdiction,
  now: string,
): BreachClock[] => {
  const notices = state.authorityNotifications.filter((n) => n.regime === 'eprivacy')
  const initial = notices[0]
  const clocks: BreachClock[] = [
    judged(
      {
        regime: 'eprivacy',
        obligation: 'eprivacy-authority',
        article: 'Reg. (EU) 611/2013 art. 2(2); ePrivacy Directive art. 4(3)',
        startedAt: detection.detectedAt,
        dueAt: plusHours(detection.detectedAt, EPRIVACY_AUTHORITY_HOURS),
      },
      initial,
      now,
    ),
  ]
  if (initial !== undefined && !initial.complete) {
    const period = calendarPeriodFrom(
      initial.notifiedAt,
      { days: EPRIVACY_FOLLOW_UP_DAYS },
      jurisdiction.timeZone,
    )
    clocks.push(
      judged(
        {
          regime: 'eprivacy',
          obligation: 'eprivacy-follow-up',
          article: 'Reg. (EU) 611/2013 art. 2(3)',
          startedAt: initial.notifiedAt,
          dueAt: lastInstantOf(period.endsAt),
        },
        notices.find((n) => n !== initial && n.complete),
        now,
      ),
    )
  }
  const subscribersBase = {
    regime: 'eprivacy',
    obligation: 'eprivacy-subscribers',
    article: 'ePrivacy Directive art. 4(3); Reg. (EU) 611/2013 art. 3',
    startedAt: detection.detectedAt,
  } as const
  const risk = state.assessment?.risk
  const unintelligible =
    state.assessment?.dataUnintelligible === true ||
    state.subjectNotificationExemption?.ground === 'data-unintelligible'
  clocks.push(
    state.subjectsNotifiedAt !== undefined
      ? judged(subscribersBase, { notifiedAt: state.subjectsNotifiedAt }, now)
      : unintelligible
        ? notRequired(subscribersBase, 'the data was unintelligible (ePrivacy art. 4(3))')
        : risk === undefined
          ? { ...subscribersBase, status: 'running', note: 'awaiting the risk assessment' }
          : risk === 'none'
            ? notRequired(subscribersBase, 'not likely to adversely affect subscribers')
            : judged(subscribersBase, undefined, now),
  )
  return clocks
}

const nis2Clocks = (
  state: BreachState,
  detection: BreachDetected,
  jurisdiction: Jurisdiction,
  now: string,
): BreachClock[] => {
  const notices = state.authorityNotifications.filter((n) => n.regime === 'nis2')
  const notification = notices.find((n) => n.stage === 'notification' || n.stage === 'final')
  const finalBase = {
    regime: 'nis2',
    obligation: 'nis2-final-report',
    article: 'NIS2 Directive art. 23(4)(d)',
  } as const
  const final =
    notification === undefined
      ? { ...finalBase, status: 'running' as const, note: 'starts with the incident notification' }
      : judged(
          {
            ...finalBase,
            startedAt: notification.notifiedAt,
            dueAt: lastInstantOf(
              calendarPeriodFrom(notification.notifiedAt, { months: 1 }, jurisdiction.timeZone)
                .endsAt,
            ),
          },
          notices.find((n) => n.stage === 'final' && n.notifiedAt >= notification.notifiedAt),
          now,
        )
  return [
    judged(
      {
        regime: 'nis2',
        obligation: 'nis2-early-warning',
        article: 'NIS2 Directive art. 23(4)(a)',
        startedAt: detection.awareAt,
        dueAt: plusHours(detection.awareAt, NIS2_EARLY_WARNING_HOURS),
      },
      notices[0],
      now,
    ),
    judged(
      {
        regime: 'nis2',
        obligation: 'nis2-notification',
        article: 'NIS2 Directive art. 23(4)(b)',
        startedAt: detection.awareAt,
        dueAt: plusHours(detection.awareAt, NIS2_NOTIFICATION_HOURS),
      },
      notification,
      now,
    ),
    final,
  ]
}

/**
 * Every clock of one breach at `now`: for each regime the breach is under, each obligation
 * with its anchor, due time and status. A processor owes its controller a notice without
 * undue delay (GDPR Art. 33(2)) instead of the controller's authority and subject notices;
 * NIS2 obligations are the entity's own whatever its role. Empty before detection.
 *
 * @example
 * ```ts
 * import { breachClocks, breachDecider, jurisdictions } from '@gdpr-ledger/core'
 * const state = events.reduce(breachDecider.evolve, breachDecider.initialState())
 * for (const clock of breachClocks(state, jurisdictions.SE, new Date().toISOString()))
 *   console.log(clock.obligation, clock.status, clock.dueAt)
 * ```
 */
export const breachClocks = (
  state: BreachState,
  jurisdiction: Jurisdiction,
  now: string,
): BreachClock[] => {
  const detection = state.detection
  if (detection === undefined) return []
  const clocks: BreachClock[] = []
  for (const regime of breachRegimes(detection)) {
    if (regime === 'nis2') {
      clocks.push(...nis2Clocks(state, detection, jurisdiction, now))
    } else if (detection.role === 'processor') {
      clocks.push(
        judged(
          {
            regime,
            obligation: 'processor-to-controller',
            article:
              regime === 'gdpr' ? 'GDPR Art. 33(2)' : 'Reg. (EU) 611/2013 art. 5; GDPR Art. 33(2)',
            startedAt: detection.awareAt,
          },
          state.controllerNotifiedAt === undefined
            ? undefined
            : { notifiedAt: state.controllerNotifiedAt },
          now,
        ),
      )
    } else if (regime === 'gdpr') {
      clocks.push(...gdprClocks(state, detection, now))
    } else {
      clocks.push(...eprivacyClocks(state, detection, jurisdiction, now))
    }
  }
  return clocks
}

/**
 * An authority notice must be one the breach's regimes call for: a GDPR notice for a breach
 * under the ePrivacy regime is refused (GDPR Art. 95), as is a NIS2 notice from an entity not
 * recorded as under NIS2. A first GDPR notice after 72 hours must carry the reasons for the
 * delay (Art. 33(1)).
 *
 * @example
 * ```ts
 * import { checkAuthorityNotice } from '@gdpr-ledger/core'
 * checkAuthorityNotice(breachState, { regime: 'gdpr', complete: true }, '2026-11-26T07:30:00.001Z')
 * // Left(breach.reasons-for-delay) when awareness was at 2026-11-23T07:30Z and no reasons are given
 * ```
 */
export const checkAuthorityNotice = (
  state: Pick<BreachState, 'detection' | 'authorityNotifications'>,
  notice: Pick<AuthorityNotified, 'regime' | 'reasonsForDelay'>,
  notifiedAt: string,
): Verdict => {
  const detection = state.detection
  if (detection === undefined) return lawful
  const regimes = breachRegimes(detection)
  return firstViolation(
    () =>
      regimes.includes(notice.regime)
        ? lawful
        : notice.regime === 'gdpr'
          ? violation(
              'breach.regime',
              'GDPR Art. 95; ePrivacy Directive art. 4(3)',
              'the breach arose in providing a public electronic communications service: it is notified under the ePrivacy regime, which replaces GDPR Arts. 33-34 for it',
            )
          : notice.regime === 'eprivacy'
            ? violation(
                'breach.regime',
                'ePrivacy Directive art. 4(3); GDPR Art. 33',
                'the breach is not recorded as arising in providing a public electronic communications service: it is notified under GDPR Art. 33',
              )
            : violation(
                'breach.regime',
                'NIS2 Directive art. 23',
                'the entity is not recorded as an essential or important entity under NIS2',
              ),
    () => {
      const first = !state.authorityNotifications.some((n) => n.regime === 'gdpr')
      const late = notifiedAt > plusHours(detection.awareAt, GDPR_AUTHORITY_HOURS)
      return notice.regime === 'gdpr' && first && late && notice.reasonsForDelay === undefined
        ? violation(
            'breach.reasons-for-delay',
            'GDPR Art. 33(1)',
            'the authority is notified more than 72 hours after awareness: the notice must give the reasons for the delay',
          )
        : lawful
    },
  )
}

/**
 * Runs rule 7 on authority notices. As a `ComplianceRule` over a ledger `Decision`: the ledger runs it on every command
 * (it is in `builtInRules`); a findings projection can run it over a decision rebuilt from
 * imported facts.
 *
 * @example
 * ```ts
 * import { breachRule } from '@gdpr-ledger/core'
 * const verdict = breachRule(decision) // Right(undefined), or Left(ComplianceViolation)
 * ```
 */
export const breachRule: ComplianceRule = (decision) => {
  const { command } = decision
  const state = decision.streams.breach?.state
  if (command.event.type !== 'AuthorityNotified' || state === undefined) return lawful
  return checkAuthorityNotice(state, command.event.data, command.occurredAt)
}

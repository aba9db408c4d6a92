import type { DeletionConfirmation, RequestKind } from '../catalogue'
import type { ExtensionRecord } from '../deciders/dsr'
import {
  addCalendarMonths,
  calendarPeriodFrom,
  deadlineOn,
  type Deadline,
} from '../jurisdiction/calendar'
import type { Jurisdiction } from '../jurisdiction/jurisdiction'
import type { ComplianceRule } from '../ledger/decision'
import { lawful, violation, type Verdict } from './verdict'

/**
 * Rule 6, data-subject requests (GDPR Art. 12): due one calendar month after receipt, as a
 * calendar date in the jurisdiction's time zone, ending with that local day (Reg. 1182/71
 * art. 3); extended by at most two months counted from the original due date (the stricter
 * reading: 31 Jan → 28 Feb → 28 Apr), only by a notice sent before the original period ends.
 * A weekend or holiday on the last day does not move it (art. 3(4) is deliberately not
 * applied: answering a day early is always lawful).
 */

/** At most two further months (Art. 12(3)). */
export const MAX_EXTENSION_MONTHS = 2

/** What the deadline functions need of a request; a `DsrState` with a receipt fits. */
export interface DsrFacts {
  readonly receivedAt: string
  readonly extensions: readonly Pick<ExtensionRecord, 'months' | 'noticeSentAt'>[]
}

/** A request's deadline with the extensions that count. */
export interface DsrDeadline {
  /** Receipt + 1 calendar month. */
  readonly original: Deadline
  /** Months of extension that count: noticed in time, at most two in all. */
  readonly extendedByMonths: number
  /** The deadline in force: the original one moved by the extension. */
  readonly deadline: Deadline
}

/**
 * The original due date of a request received at `receivedAt`: the same day next month in the
 * jurisdiction's zone, or that month's last day; the period ends when the next local day begins.
 *
 * @example
 * ```ts
 * import { dsrDueDate, jurisdictions } from '@gdpr-ledger/core'
 * dsrDueDate('2026-01-31T09:00:00.000Z', jurisdictions.SE)
 * // { dueDate: '2026-02-28', endsAt: '2026-02-28T23:00:00.000Z' }
 * ```
 */
export const dsrDueDate = (receivedAt: string, jurisdiction: Jurisdiction): Deadline =>
  calendarPeriodFrom(receivedAt, { months: 1 }, jurisdiction.timeZone)

const extensionProblem = (
  request: DsrFacts,
  original: Deadline,
  counted: number,
  extension: Pick<ExtensionRecord, 'months' | 'noticeSentAt'>,
): Verdict => {
  if (extension.noticeSentAt >= original.endsAt)
    return violation(
      'dsr.extension-notice',
      'GDPR Art. 12(3)',
      `the extension notice was sent after the original due date (${original.dueDate}); a request can only be extended by a notice sent within one month of receipt`,
    )
  if (extension.noticeSentAt < request.receivedAt)
    return violation(
      'dsr.extension-notice',
      'GDPR Art. 12(3)',
      'the extension notice predates the receipt of the request',
    )
  if (counted + extension.months > MAX_EXTENSION_MONTHS)
    return violation(
      'dsr.extension-limit',
      'GDPR Art. 12(3)',
      `the request is already extended by ${counted} month(s); the extensions may add at most ${MAX_EXTENSION_MONTHS} months in all`,
    )
  return lawful
}

/**
 * The deadline in force for a request: the original due date moved by the extensions that
 * count (noticed before the original period ended, at most two months in all). Extensions
 * that do not count (an imported fact a gate would have refused) are ignored, so a late
 * notice never buys time.
 *
 * @example
 * ```ts
 * import { dsrDeadline, jurisdictions } from '@gdpr-ledger/core'
 * dsrDeadline(
 *   { receivedAt: '2026-01-31T09:00:00.000Z', extensions: [{ months: 2, noticeSentAt: '2026-02-10T09:00:00.000Z' }] },
 *   jurisdictions.SE,
 * ).deadline // { dueDate: '2026-04-28', endsAt: '2026-04-28T22:00:00.000Z' }
 * ```
 */
export const dsrDeadline = (request: DsrFacts, jurisdiction: Jurisdiction): DsrDeadline => {
  const original = dsrDueDate(request.receivedAt, jurisdiction)
  let months = 0
  for (const extension of request.extensions) {
    if (extensionProblem(request, original, months, extension)._tag === 'Right')
      months += extension.months
  }
  return {
    original,
    extendedByMonths: months,
    deadline:
      months === 0
        ? original
        : deadlineOn(addCalendarMonths(original.dueDate, months), jurisdiction.timeZone),
  }
}

/**
 * Whether one more extension is lawful for the request: its notice sent before the original
 * period ends, and at most two months of extension in all.
 *
 * @example
 * ```ts
 * import { checkExtension, jurisdictions } from '@gdpr-ledger/core'
 * checkExtension(
 *   { receivedAt: '2026-01-31T09:00:00.000Z', extensions: [] },
 *   { months: 2, noticeSentAt: '2026-03-01T08:00:00.000Z' },
 *   jurisdictions.SE,
 * ) // Left(ComplianceViolation dsr.extension-notice)
 * ```
 */
export const checkExtension = (
  request: DsrFacts,
  extension: Pick<ExtensionRecord, 'months' | 'noticeSentAt'>,
  jurisdiction: Jurisdiction,
): Verdict => {
  const { original, extendedByMonths } = dsrDeadline(request, jurisdiction)
  return extensionProblem(request, original, extendedByMonths, extension)
}

/** A request measured against its deadline: answered in time, late, or still running at `now`. */
export interface DsrTimeliness extends DsrDeadline {
  readonly status: 'met' | 'late' | 'running'
}

/**
 * How a request stands against its deadline: `met` when it was closed (fulfilled or refused)
 * before the deadline ended, `late` when closed after it or still open at `now` after it,
 * `running` when open and not yet due.
 *
 * @example
 * ```ts
 * import { dsrTimeliness, jurisdictions } from '@gdpr-ledger/core'
 * dsrTimeliness(
 *   { receivedAt: '2026-01-31T09:00:00.000Z', extensions: [] },
 *   jurisdictions.SE,
 *   '2026-03-01T09:00:00.000Z',
 * ).status // 'late'
 * ```
 */
export const dsrTimeliness = (
  request: DsrFacts & { readonly closedAt?: string },
  jurisdiction: Jurisdiction,
  now: string,
): DsrTimeliness => {
  const deadline = dsrDeadline(request, jurisdiction)
  const endsAt = deadline.deadline.endsAt
  const status =
    request.closedAt !== undefined
      ? request.closedAt < endsAt
        ? 'met'
        : 'late'
      : now < endsAt
        ? 'running'
        : 'late'
  return { ...deadline, status }
}

/**
 * An erasure request is fulfilled only with a deletion confirmation (Art. 17(1), and the
 * controller's duty to demonstrate it, Art. 5(2)); other kinds need none.
 *
 * @example
 * ```ts
 * import { checkFulfilment } from '@gdpr-ledger/core'
 * checkFulfilment('erasure', {}) // Left(ComplianceViolation dsr.deletion-confirmation)
 * ```
 */
export const checkFulfilment = (
  kind: RequestKind,
  fulfilment: { readonly deletionConfirmation?: DeletionConfirmation },
): Verdict =>
  kind === 'erasure' && fulfilment.deletionConfirmation === undefined
    ? violation(
        'dsr.deletion-confirmation',
        'GDPR Art. 17(1), Art. 5(2)',
        'an erasure request is fulfilled only with a deletion confirmation naming the systems erased',
      )
    : lawful

/** The request kinds after which recipients are told (Art. 19: rectification, erasure, restriction). */
export const ART19_KINDS: readonly RequestKind[] = ['rectification', 'erasure', 'restriction']

/**
 * Art. 19: the recipients that got the subject's data and are neither notified of the
 * rectification, erasure or restriction nor exempted (impossible, disproportionate effort).
 * Empty for other kinds of request and for requests not fulfilled.
 *
 * @example
 * ```ts
 * import { outstandingRecipientNotifications } from '@gdpr-ledger/core'
 * outstandingRecipientNotifications(
 *   { kind: 'erasure', status: 'fulfilled', recipients: { 'bank-1': 'notified' } },
 *   ['bank-1', 'reseller-2'],
 * ) // ['reseller-2']
 * ```
 */
export const outstandingRecipientNotifications = (
  request: {
    readonly kind: RequestKind
    readonly status: string
    readonly recipients: Readonly<Record<string, 'notified' | 'exempted'>>
  },
  recipientsThatGotTheData: readonly string[],
): string[] =>
  request.status === 'fulfilled' && ART19_KINDS.includes(request.kind)
    ? [...new Set(recipientsThatGotTheData)].filter((id) => request.recipients[id] === undefined)
    : []

/**
 * Runs rule 6 on the commands it judges: extensions and fulfilments. As a `ComplianceRule` over a ledger `Decision`: the ledger runs it on every command
 * (it is in `builtInRules`); a findings projection can run it over a decision rebuilt from
 * imported facts.
 *
 * @example
 * ```ts
 * import { dsrRule } from '@gdpr-ledger/core'
 * const verdict = dsrRule(decision) // Right(undefined), or Left(ComplianceViolation)
 * ```
 */
export const dsrRule: ComplianceRule = (decision) => {
  const { command } = decision
  const state = decision.streams.dsr?.state
  if (state?.receivedAt === undefined || state.request === undefined) return lawful
  const facts: DsrFacts = { receivedAt: state.receivedAt, extensions: state.extensions }
  switch (command.event.type) {
    case 'DeadlineExtended':
      return checkExtension(facts, command.event.data, decision.jurisdiction)
    case 'RequestFulfilled':
      return checkFulfilment(state.request.kind, command.event.data)
    default:
      return lawful
  }
}

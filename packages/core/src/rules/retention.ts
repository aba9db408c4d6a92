import type { ProcessingAction } from '../catalogue'
import type { LegalHoldRecord, SubjectState } from '../deciders/subject'
import { addIsoDuration, calendarDateIn, startOfLocalDay } from '../jurisdiction/calendar'
import type { Jurisdiction } from '../jurisdiction/jurisdiction'
import type { ComplianceRule } from '../ledger/decision'
import type { RulePolicy } from './policy'
import { lawful, violation, type Verdict } from './verdict'

/**
 * Rule 8, retention (GDPR Art. 5(1)(e); ePrivacy Directive art. 6(1)-(2)). Traffic data is
 * kept until the invoice can no longer be challenged, read from the jurisdiction profile
 * (default: five months from collection, or until the invoice is settled, the later of the
 * two); customer data at most the profile's period after the relationship ends (default 24
 * months), unless a legal hold covering the category is in force then: a hold ends when
 * lifted, at its `until`, or for a bookkeeping hold without `until` at the end of the
 * profile's bookkeeping years.
 */

/** When data falls due for erasure or anonymisation, or why it has no due date yet. */
export type RetentionDue =
  | { readonly kind: 'due'; readonly dueAt: string; readonly reason: string }
  | { readonly kind: 'retained'; readonly reason: string }

/** An invoice settlement as retention needs it: the billed period and when it was settled. */
export interface Settlement {
  readonly periodFrom: string
  readonly periodTo: string
  readonly settledAt: string
}

/**
 * When the invoice covering traffic data collected at `collectedAt` was settled: the latest
 * settlement whose billed period contains it (a re-billed period counts from its last
 * settlement), or `undefined` while none is.
 *
 * @example
 * ```ts
 * import { settlementFor } from '@gdpr-ledger/core'
 * settlementFor('2026-10-14T08:00:00.000Z', [
 *   { periodFrom: '2026-10-01T00:00:00.000Z', periodTo: '2026-11-01T00:00:00.000Z', settledAt: '2026-11-20T10:00:00.000Z' },
 * ]) // '2026-11-20T10:00:00.000Z'
 * ```
 */
export const settlementFor = (
  collectedAt: string,
  settlements: readonly Settlement[],
): string | undefined => {
  let latest: string | undefined
  for (const s of settlements) {
    if (s.periodFrom <= collectedAt && collectedAt <= s.periodTo) {
      if (latest === undefined || s.settledAt > latest) latest = s.settledAt
    }
  }
  return latest
}

/**
 * When traffic data collected at `collectedAt` falls due, given when its invoice was settled
 * (`undefined`: not yet), under the profile's reading: `later-of` keeps it until both the
 * period has run and the invoice is settled (unsettled: retained while payment may be
 * pursued), `earlier-of` erases it at whichever comes first.
 *
 * @example
 * ```ts
 * import { jurisdictions, trafficDataRetention } from '@gdpr-ledger/core'
 * trafficDataRetention({ collectedAt: '2026-01-10T12:00:00.000Z', settledAt: '2026-02-20T09:00:00.000Z' }, jurisdictions.SE)
 * // { kind: 'due', dueAt: '2026-06-10T11:00:00.000Z', reason: ... } (13:00 local, five months on)
 * ```
 */
export const trafficDataRetention = (
  facts: { readonly collectedAt: string; readonly settledAt?: string | undefined },
  jurisdiction: Jurisdiction,
): RetentionDue => {
  const { period, reading } = jurisdiction.retention.trafficData
  const periodEnd = addIsoDuration(facts.collectedAt, period, jurisdiction.timeZone)
  const settledAt = facts.settledAt
  if (reading === 'later-of') {
    if (settledAt === undefined)
      return {
        kind: 'retained',
        reason: 'the invoice is not settled: traffic data is kept while payment may be pursued',
      }
    return settledAt > periodEnd
      ? { kind: 'due', dueAt: settledAt, reason: 'the invoice was settled after the period' }
      : { kind: 'due', dueAt: periodEnd, reason: `${period} after collection` }
  }
  return settledAt !== undefined && settledAt < periodEnd
    ? { kind: 'due', dueAt: settledAt, reason: 'the invoice is settled' }
    : { kind: 'due', dueAt: periodEnd, reason: `${period} after collection` }
}

/**
 * When a legal hold stops holding: lifted, its `until`, or for a bookkeeping hold without
 * `until` the end of the profile's bookkeeping years after the calendar year it was placed
 * in (the financial year taken as the calendar year); `undefined` while nothing ends it.
 *
 * @example
 * ```ts
 * import { jurisdictions, legalHoldEnd } from '@gdpr-ledger/core'
 * legalHoldEnd({ reason: 'bookkeeping', dataCategories: ['billing-information'], placedAt: '2026-06-30T10:00:00.000Z' }, jurisdictions.SE)
 * // '2033-12-31T23:00:00.000Z' (1 January 2034, Stockholm)
 * ```
 */
export const legalHoldEnd = (
  hold: Pick<LegalHoldRecord, 'reason' | 'placedAt' | 'until' | 'liftedAt'>,
  jurisdiction: Jurisdiction,
): string | undefined => {
  const ends: string[] = []
  if (hold.liftedAt !== undefined) ends.push(hold.liftedAt)
  if (hold.until !== undefined) ends.push(hold.until)
  else if (hold.reason === 'bookkeeping') {
    const year = Number(calendarDateIn(hold.placedAt, jurisdiction.timeZone).slice(0, 4))
    const endYear = String(year + jurisdiction.bookkeeping.years + 1).padStart(4, '0')
    ends.push(startOfLocalDay(`${endYear}-01-01`, jurisdiction.timeZone))
  }
  return ends.length === 0 ? undefined : ends.reduce((a, b) => (a < b ? a : b))
}

/**
 * When customer data of one category falls due: the profile's period after the relationship
 * ended, moved on by every legal hold on the category that is in force when it would fall
 * due. `retained` while the relationship lasts or an open-ended hold holds it.
 *
 * @example
 * ```ts
 * import { customerDataRetention, jurisdictions } from '@gdpr-ledger/core'
 * customerDataRetention(
 *   { dataCategory: 'contact-details', relationshipEndedAt: '2026-01-15T10:00:00.000Z', legalHolds: [] },
 *   jurisdictions.SE,
 * ) // { kind: 'due', dueAt: '2028-01-15T10:00:00.000Z', reason: ... }
 * ```
 */
export const customerDataRetention = (
  facts: {
    readonly dataCategory: string
    readonly relationshipEndedAt?: string | undefined
    readonly legalHolds: readonly LegalHoldRecord[]
  },
  jurisdiction: Jurisdiction,
): RetentionDue => {
  if (facts.relationshipEndedAt === undefined)
    return { kind: 'retained', reason: 'the customer relationship is ongoing' }
  const period = jurisdiction.retention.customerData.afterRelationshipEnds
  let dueAt = addIsoDuration(facts.relationshipEndedAt, period, jurisdiction.timeZone)
  let reason = `${period} after the relationship ended`
  const holds = facts.legalHolds.filter((h) => h.dataCategories.includes(facts.dataCategory))
  // Each pass moves the due date to the end of a hold in force at it; ends only grow, so
  // this stops after at most one pass per hold.
  for (let pass = 0; pass <= holds.length; pass++) {
    const holding = holds.find((h) => {
      const end = legalHoldEnd(h, jurisdiction)
      return h.placedAt <= dueAt && (end === undefined || end > dueAt)
    })
    if (holding === undefined) break
    const end = legalHoldEnd(holding, jurisdiction)
    if (end === undefined)
      return { kind: 'retained', reason: `held by a legal hold (${holding.reason})` }
    dueAt = end
    reason = `held by a legal hold (${holding.reason}) until it ended`
  }
  return { kind: 'due', dueAt, reason }
}

/** Is the subject's customer relationship ended at `at` (and not started again since)? */
export const endedRelationshipAt = (
  subject: Pick<SubjectState, 'relationshipStartedAt' | 'relationshipEndedAt'>,
  at: string,
): string | undefined => {
  const ended = subject.relationshipEndedAt
  if (ended === undefined || ended > at) return undefined
  const restarted = subject.relationshipStartedAt
  return restarted !== undefined && restarted > ended && restarted <= at ? undefined : ended
}

/** Acts that end data rather than use it: lawful however overdue the data is. */
const ERASING: readonly ProcessingAction[] = ['delete', 'anonymise']

/**
 * Processing of customer data after it fell due is refused, except erasing or anonymising it
 * (Art. 5(1)(e)).
 *
 * @example
 * ```ts
 * import { checkCustomerDataRetention, defaultPolicy, jurisdictions } from '@gdpr-ledger/core'
 * checkCustomerDataRetention(subjectState, { dataCategories: ['contact-details'], action: 'read' },
 *   '2028-02-01T00:00:00.000Z', jurisdictions.SE, defaultPolicy)
 * ```
 */
export const checkCustomerDataRetention = (
  subject: Pick<SubjectState, 'relationshipStartedAt' | 'relationshipEndedAt' | 'legalHolds'>,
  processing: {
    readonly dataCategories: readonly string[]
    readonly action?: ProcessingAction | undefined
  },
  at: string,
  jurisdiction: Jurisdiction,
  policy: RulePolicy,
): Verdict => {
  if (processing.action !== undefined && ERASING.includes(processing.action)) return lawful
  const ended = endedRelationshipAt(subject, at)
  if (ended === undefined) return lawful
  const legalHolds = Object.values(subject.legalHolds)
  for (const dataCategory of processing.dataCategories) {
    if (!policy.customerDataCategories.includes(dataCategory)) continue
    const due = customerDataRetention(
      { dataCategory, relationshipEndedAt: ended, legalHolds },
      jurisdiction,
    )
    if (due.kind === 'due' && due.dueAt <= at)
      return violation(
        'retention.customer-data-expired',
        'GDPR Art. 5(1)(e)',
        `customer data of category ${dataCategory} fell due for erasure at ${due.dueAt} (${due.reason}); only erasure or anonymisation is allowed`,
      )
  }
  return lawful
}

/**
 * Runs rule 8 on processing and sharing records. As a `ComplianceRule` over a ledger `Decision`: the ledger runs it on every command
 * (it is in `builtInRules`); a findings projection can run it over a decision rebuilt from
 * imported facts.
 *
 * @example
 * ```ts
 * import { retentionRule } from '@gdpr-ledger/core'
 * const verdict = retentionRule(decision) // Right(undefined), or Left(ComplianceViolation)
 * ```
 */
export const retentionRule: ComplianceRule = (decision) => {
  const { command } = decision
  const subject = decision.streams.subject?.state
  if (subject === undefined) return lawful
  switch (command.event.type) {
    case 'DataProcessed':
    case 'DataSharedWithRecipient':
      return checkCustomerDataRetention(
        subject,
        {
          dataCategories: command.event.data.dataCategories,
          action: command.event.type === 'DataProcessed' ? command.event.data.action : undefined,
        },
        command.occurredAt,
        decision.jurisdiction,
        decision.policy,
      )
    default:
      return lawful
  }
}

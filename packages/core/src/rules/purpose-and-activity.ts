import type {
  DataProcessed,
  DataSharedWithRecipient,
  ProcessingActivityDeclared,
} from '../catalogue'
import type { ActivityState } from '../deciders/activity'
import type { AdequacyState } from '../deciders/adequacy'
import { isEea } from '../jurisdiction/eea'
import type { ComplianceRule } from '../ledger/decision'
import { checkTransfer } from './processors-and-transfers'
import { firstMissing, firstViolation, lawful, violation, type Verdict } from './verdict'

/**
 * Rule 1, purpose and activity (GDPR Arts. 5(1)(b)-(c), 6, 30): processing names a declared
 * activity of the same controller, in force at its time, whose purposes, legal bases and data
 * categories cover it; sharing also names a recipient the activity declares, and outside the
 * EEA a transfer the activity declares with a mechanism valid at the time. A declaration
 * fills Art. 30(1)(a)-(g) / 30(2)(a)-(d): the codec makes every field non-empty (retention
 * and security measures may be an explicit "not possible" with a reason); this rule adds what
 * depends on the role and the countries, and a retention entry for every declared data
 * category of a controller's record (Art. 30(1)(f)).
 */

/** The part of an act that rule 1 compares with the activity. */
export type ActivityAct = Pick<DataProcessed, 'activityId' | 'purpose' | 'legalBasis'> & {
  readonly dataCategories: readonly string[]
  readonly specialCategoryCondition?: DataProcessed['specialCategoryCondition'] | undefined
  readonly ePrivacyBasis?: DataProcessed['ePrivacyBasis'] | undefined
}

const ACTIVITY_ARTICLE = 'GDPR Art. 5(1)(b), Art. 30(1)'

/**
 * Does the activity, as the ledger holds it, cover the act done at `at` for `controllerId`?
 *
 * @example
 * ```ts
 * import { checkActivityCovers } from '@gdpr-ledger/core'
 * checkActivityCovers(activityState, processing, 'telco_se', occurredAt)
 * ```
 */
export const checkActivityCovers = (
  activity: ActivityState,
  act: ActivityAct,
  controllerId: string,
  at: string,
): Verdict => {
  const declaration = activity.declaration
  if (activity.status === 'none' || declaration === undefined)
    return violation(
      'activity.declared',
      ACTIVITY_ARTICLE,
      `activity ${act.activityId} is not declared in the record of processing activities`,
    )
  return firstViolation(
    () =>
      activity.controllerId === controllerId
        ? lawful
        : violation(
            'activity.declared',
            ACTIVITY_ARTICLE,
            `activity ${act.activityId} is declared by another controller`,
          ),
    () =>
      (activity.declaredAt ?? at) <= at &&
      (activity.status !== 'retired' || activity.retiredAt === undefined || at < activity.retiredAt)
        ? lawful
        : violation(
            'activity.declared',
            ACTIVITY_ARTICLE,
            `activity ${act.activityId} is not in force at the time of processing (declared later or retired)`,
          ),
    () =>
      declaration.purposes.includes(act.purpose)
        ? lawful
        : violation(
            'activity.purpose',
            'GDPR Art. 5(1)(b)',
            `purpose ${act.purpose} is not a declared purpose of activity ${act.activityId}`,
          ),
    () =>
      declaration.legalBases.some(
        (b) =>
          b.basis === act.legalBasis &&
          (act.specialCategoryCondition === undefined ||
            b.specialCategoryCondition === act.specialCategoryCondition) &&
          (act.ePrivacyBasis === undefined || b.ePrivacyBasis === act.ePrivacyBasis),
      )
        ? lawful
        : violation(
            'activity.legal-basis',
            'GDPR Art. 6(1), Art. 9(2); ePrivacy Directive arts. 6, 9',
            `activity ${act.activityId} declares no legal basis ${[act.legalBasis, act.specialCategoryCondition, act.ePrivacyBasis].filter((x) => x !== undefined).join(' + ')}`,
          ),
    () => {
      const category = firstMissing(act.dataCategories, declaration.dataCategories)
      return category === undefined
        ? lawful
        : violation(
            'activity.data-categories',
            'GDPR Art. 5(1)(c), Art. 30(1)(c)',
            `category ${category} is not a declared data category of activity ${act.activityId}`,
          )
    },
  )
}

/**
 * Sharing goes to a recipient the activity declares; outside the EEA, under a transfer the
 * activity declares for that recipient, with a mechanism valid at `at`.
 *
 * @example
 * ```ts
 * import { checkRecipient } from '@gdpr-ledger/core'
 * checkRecipient(activityState, sharing, occurredAt, adequacyRegister)
 * ```
 */
export const checkRecipient = (
  activity: ActivityState,
  sharing: Pick<DataSharedWithRecipient, 'activityId' | 'recipientId' | 'country'>,
  at: string,
  register: AdequacyState | undefined,
): Verdict => {
  const declaration = activity.declaration
  if (declaration === undefined) return lawful
  if (!declaration.recipients.some((r) => r.recipientId === sharing.recipientId))
    return violation(
      'activity.recipient',
      'GDPR Art. 30(1)(d), Art. 13(1)(e)',
      `recipient ${sharing.recipientId} is not a declared recipient of activity ${sharing.activityId}`,
    )
  if (isEea(sharing.country)) return lawful
  const transfer = declaration.transfers.find(
    (t) => t.recipientId === sharing.recipientId && t.country === sharing.country,
  )
  if (transfer === undefined)
    return violation(
      'transfer.declared',
      'GDPR Art. 30(1)(e), Art. 44',
      `activity ${sharing.activityId} declares no transfer to this recipient in ${sharing.country}`,
    )
  return checkTransfer(transfer, at, register)
}

/**
 * A declaration or amendment completes Art. 30 for its role: a processor names the
 * controllers it processes for (30(2)(a)); joint controllers name each other (Art. 26(1));
 * each transfer outside the EEA documents at least one mechanism (30(1)(e), 46); a
 * controller's or joint controller's record gives, for every data category it declares, a
 * retention entry (30(1)(f) "where possible": a period, a rule, or `not-possible` with the
 * reason). A processor's record (30(2)) has no retention field in the Regulation, so its
 * categories need no entry of their own. All are `activity.record-complete`.
 *
 * @example
 * ```ts
 * import { checkActivityRecord } from '@gdpr-ledger/core'
 * checkActivityRecord({ ...declaration, role: 'processor', processingFor: [] }) // Left(activity.record-complete)
 * checkActivityRecord({
 *   ...declaration,
 *   dataCategories: ['call-records', 'location'],
 *   retention: [{ kind: 'period', dataCategory: 'call-records', period: 'P5M', from: 'collected' }],
 * }) // Left(activity.record-complete, GDPR Art. 30(1)(f)): location has no retention entry
 * ```
 */
export const checkActivityRecord = (
  declaration: Pick<
    ProcessingActivityDeclared,
    'role' | 'transfers' | 'processingFor' | 'jointControllers' | 'dataCategories' | 'retention'
  >,
): Verdict =>
  firstViolation(
    () =>
      declaration.role === 'processor' && (declaration.processingFor ?? []).length === 0
        ? violation(
            'activity.record-complete',
            'GDPR Art. 30(2)(a)',
            'a processor record names each controller it processes for',
          )
        : lawful,
    () =>
      declaration.role === 'joint-controller' && (declaration.jointControllers ?? []).length === 0
        ? violation(
            'activity.record-complete',
            'GDPR Art. 26(1), Art. 30(1)(a)',
            'a joint controller record names the other joint controllers',
          )
        : lawful,
    () => {
      const bare = declaration.transfers.find((t) => !isEea(t.country) && t.mechanisms.length === 0)
      return bare === undefined
        ? lawful
        : violation(
            'activity.record-complete',
            'GDPR Art. 30(1)(e), Art. 46',
            `the transfer to ${bare.country} documents no transfer mechanism`,
          )
    },
    () => {
      if (declaration.role === 'processor') return lawful
      const covered = declaration.retention.map((entry) => entry.dataCategory)
      const uncovered = firstMissing(declaration.dataCategories, covered)
      return uncovered === undefined
        ? lawful
        : violation(
            'activity.record-complete',
            'GDPR Art. 30(1)(f)',
            `data category ${uncovered} has no retention entry (a period, a rule, or "not possible" with the reason)`,
          )
    },
  )

/**
 * Runs rule 1 on declarations, amendments, processing and sharing. As a `ComplianceRule` over a ledger `Decision`: the ledger runs it on every command
 * (it is in `builtInRules`); a findings projection can run it over a decision rebuilt from
 * imported facts.
 *
 * @example
 * ```ts
 * import { purposeAndActivityRule } from '@gdpr-ledger/core'
 * const verdict = purposeAndActivityRule(decision) // Right(undefined), or Left(ComplianceViolation)
 * ```
 */
export const purposeAndActivityRule: ComplianceRule = (decision) => {
  const { command } = decision
  switch (command.event.type) {
    case 'ProcessingActivityDeclared':
    case 'ProcessingActivityAmended':
      return checkActivityRecord(command.event.data)
    case 'DataProcessed':
    case 'DataSharedWithRecipient': {
      const activity = decision.streams.activity?.state
      if (activity === undefined) return lawful
      const act = command.event
      return firstViolation(
        () => checkActivityCovers(activity, act.data, command.controllerId, command.occurredAt),
        () =>
          act.type === 'DataSharedWithRecipient'
            ? checkRecipient(
                activity,
                act.data,
                command.occurredAt,
                decision.streams.adequacy?.state,
              )
            : lawful,
      )
    }
    default:
      return lawful
  }
}

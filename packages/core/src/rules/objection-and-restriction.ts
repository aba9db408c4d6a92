import type { DataProcessed } from '../catalogue'
import type { SubjectState } from '../deciders/subject'
import type { Jurisdiction } from '../jurisdiction/jurisdiction'
import type { ComplianceRule } from '../ledger/decision'
import { coveringConsent } from './consent'
import type { RulePolicy } from './policy'
import { firstViolation, lawful, violation, type Verdict } from './verdict'

/**
 * Rule 3, objection and restriction (GDPR Arts. 18, 21). An objection to direct marketing
 * (Art. 21(2)-(3)) is absolute. An objection to processing on Art. 6(1)(e) or (f) stops it
 * unless compelling legitimate grounds, or the establishment, exercise or defence of legal
 * claims, are decided for the purpose after the objection (Art. 21(1)). While processing is
 * restricted (Art. 18(1)) only storage is allowed, or processing for a purpose an Art. 18(2)
 * ground was decided for during the restriction (a consent ground also needs the consent).
 */

/** An act as rule 3 judges it. */
export type ObjectableAct = Pick<DataProcessed, 'purpose' | 'legalBasis'> & {
  readonly action?: DataProcessed['action'] | undefined
  readonly restrictionGround?: DataProcessed['restrictionGround'] | undefined
}

const BASIS_OF_SCOPE = {
  'legitimate-interests': 'legitimate-interests',
  'public-task': 'public-task',
} as const

/**
 * Objections raised at or before `at` that cover the act.
 *
 * @example
 * ```ts
 * import { checkObjection, defaultPolicy } from '@gdpr-ledger/core'
 * checkObjection(subjectState, { purpose: 'marketing', legalBasis: 'consent' }, occurredAt, defaultPolicy)
 * ```
 */
export const checkObjection = (
  subject: Pick<SubjectState, 'objections' | 'compellingGrounds'>,
  act: ObjectableAct,
  at: string,
  policy: RulePolicy,
): Verdict => {
  for (const objection of subject.objections) {
    if (objection.raisedAt > at) continue
    const named = objection.purposes?.includes(act.purpose)
    if (objection.scope === 'direct-marketing') {
      if (
        named === true ||
        (named === undefined && policy.directMarketingPurposes.includes(act.purpose))
      )
        return violation(
          'objection.direct-marketing',
          'GDPR Art. 21(3)',
          `the subject objected to direct marketing: purpose ${act.purpose} is no longer processed, whatever the legal basis`,
        )
      continue
    }
    if (act.legalBasis !== BASIS_OF_SCOPE[objection.scope] || named === false) continue
    const overridden = subject.compellingGrounds.some(
      (g) =>
        g.purposes.includes(act.purpose) && objection.raisedAt <= g.decidedAt && g.decidedAt <= at,
    )
    if (!overridden)
      return violation(
        'objection.legitimate-grounds',
        'GDPR Art. 21(1)',
        `the subject objected to processing on ${act.legalBasis} for purpose ${act.purpose}; it stops unless compelling legitimate grounds or legal claims are decided`,
      )
  }
  return lawful
}

/**
 * Is processing restricted at `at`? The restriction in force then, if any.
 *
 * @example
 * ```ts
 * import { restrictionAt } from '@gdpr-ledger/core'
 * restrictionAt(subjectState, '2026-11-23T09:00:00.000Z')?.ground // 'accuracy-contested'
 * ```
 */
export const restrictionAt = (subject: Pick<SubjectState, 'restrictions'>, at: string) =>
  subject.restrictions.find((r) => r.from <= at && (r.liftedAt === undefined || at < r.liftedAt))

/**
 * While restricted, only storage, or processing for a purpose an Art. 18(2) ground was
 * decided for during the restriction.
 *
 * @example
 * ```ts
 * import { checkRestriction, jurisdictions } from '@gdpr-ledger/core'
 * checkRestriction(subjectState, { purpose: 'billing', legalBasis: 'contract', action: 'read' }, occurredAt, jurisdictions.SE)
 * ```
 */
export const checkRestriction = (
  subject: Pick<
    SubjectState,
    'restrictions' | 'restrictedProcessingAllowed' | 'consents' | 'withdrawals'
  >,
  act: ObjectableAct,
  at: string,
  jurisdiction: Jurisdiction,
): Verdict => {
  const restriction = restrictionAt(subject, at)
  if (restriction === undefined || act.action === 'store') return lawful
  const allowed = subject.restrictedProcessingAllowed.some(
    (g) =>
      g.purposes.includes(act.purpose) &&
      restriction.from <= g.decidedAt &&
      g.decidedAt <= at &&
      (act.restrictionGround === undefined || act.restrictionGround === g.ground) &&
      (g.ground !== 'consent' ||
        coveringConsent(subject, act.purpose, at, jurisdiction) !== undefined),
  )
  return allowed
    ? lawful
    : violation(
        'restriction.storage-only',
        'GDPR Art. 18(2)',
        `processing is restricted (${restriction.ground}): only storage is allowed, or processing on an Art. 18(2) ground decided for purpose ${act.purpose}`,
      )
}

/**
 * Runs rule 3 on processing and sharing records. As a `ComplianceRule` over a ledger `Decision`: the ledger runs it on every command
 * (it is in `builtInRules`); a findings projection can run it over a decision rebuilt from
 * imported facts.
 *
 * @example
 * ```ts
 * import { objectionAndRestrictionRule } from '@gdpr-ledger/core'
 * const verdict = objectionAndRestrictionRule(decision) // Right(undefined), or Left(ComplianceViolation)
 * ```
 */
export const objectionAndRestrictionRule: ComplianceRule = (decision) => {
  const { command } = decision
  const subject = decision.streams.subject?.state
  if (subject === undefined) return lawful
  switch (command.event.type) {
    case 'DataProcessed':
    case 'DataSharedWithRecipient': {
      const act = command.event.data
      return firstViolation(
        () => checkObjection(subject, act, command.occurredAt, decision.policy),
        () => checkRestriction(subject, act, command.occurredAt, decision.jurisdiction),
      )
    }
    default:
      return lawful
  }
}

import type { AssessmentRecord, DisclosureState } from '../deciders/disclosure'
import { isEea } from '../jurisdiction/eea'
import type { ComplianceRule } from '../ledger/decision'
import type { RulePolicy } from './policy'
import { firstMissing, firstViolation, lawful, violation } from './verdict'
import type { Verdict } from './verdict'

/**
 * Rule 4, disclosures to authorities: only on a received request naming the statute it is
 * made under (ePrivacy Directive art. 15(1); GDPR Art. 6(1)(c)), assessed "comply" (or
 * "partially comply") before the disclosure by an actor in a role the operator's procedures
 * authorise (ePrivacy art. 4(1a)), within the request's scope (Art. 5(1)(c)); an authority
 * outside the EEA only under an international agreement (GDPR Art. 48). Norway, Iceland and
 * Liechtenstein are in the EEA. A gag keeps a disclosure out of the subject's access report
 * until it ends or is lifted.
 */

/**
 * The assessment in force at `at`: of those made at or before it, the latest by its own time
 * (of two at the same instant, the one recorded last); `undefined` before the first. Rules
 * judge `occurredAt`, never the recording order: an assessment recorded late with an earlier
 * time takes its place in time, and a re-assessment after a disclosure does not judge it.
 * `at` defaults to the end of time: the assessment in force now and from here on.
 *
 * @example
 * ```ts
 * import { assessmentInForce } from '@gdpr-ledger/core'
 * // Assessed "comply" on 1 March, re-assessed "refuse" on 10 March:
 * assessmentInForce(disclosureState, '2026-03-05T12:00:00.000Z')?.decision // 'comply'
 * assessmentInForce(disclosureState)?.decision // 'refuse'
 * ```
 */
export const assessmentInForce = (
  state: Pick<DisclosureState, 'assessments'>,
  at?: string,
): AssessmentRecord | undefined => {
  let inForce: AssessmentRecord | undefined
  for (const assessment of state.assessments) {
    if (at !== undefined && assessment.assessedAt > at) continue
    if (inForce === undefined || assessment.assessedAt >= inForce.assessedAt) inForce = assessment
  }
  return inForce
}

/**
 * Whether a disclosure is lawful at `at` on the request's stream state, judged by the
 * assessment in force at `at`.
 *
 * @example
 * ```ts
 * import { checkDisclosure, defaultPolicy } from '@gdpr-ledger/core'
 * checkDisclosure(disclosureState, { subjectIds: ['sub-8f3a'], dataCategories: ['call-records'] }, occurredAt, defaultPolicy)
 * ```
 */
export const checkDisclosure = (
  state: DisclosureState,
  disclosure: {
    readonly subjectIds: readonly string[]
    readonly dataCategories: readonly string[]
  },
  at: string,
  policy: RulePolicy,
): Verdict => {
  const { request, receivedAt } = state
  const assessment = assessmentInForce(state, at)
  if (request === undefined || receivedAt === undefined || receivedAt > at)
    return violation(
      'disclosure.assessed-request',
      'ePrivacy Directive art. 15(1); GDPR Art. 6(1)(c)',
      'data is disclosed to an authority only on a request received before the disclosure',
    )
  return firstViolation(
    () =>
      assessment === undefined ||
      assessment.decision === 'refuse' ||
      assessment.assessedAt < receivedAt
        ? violation(
            'disclosure.assessed-request',
            'ePrivacy Directive art. 15(1), 4(1a); GDPR Art. 6(1)(c)',
            'the request must be assessed "comply" or "partially comply" before anything is disclosed',
          )
        : lawful,
    () =>
      assessment !== undefined &&
      !policy.authorisedDisclosureRoles.includes(assessment.assessedBy.role)
        ? violation(
            'disclosure.authorised-assessor',
            'ePrivacy Directive art. 4(1a)',
            `the request was assessed in role ${assessment.assessedBy.role}, which the operator's procedures do not authorise to assess authority requests`,
          )
        : lawful,
    () => {
      const category = firstMissing(disclosure.dataCategories, request.scope.dataCategories)
      const outside = firstMissing(disclosure.subjectIds, request.scope.subjectIds) !== undefined
      return category !== undefined || outside
        ? violation(
            'disclosure.within-scope',
            'GDPR Art. 5(1)(c)',
            category !== undefined
              ? `category ${category} is outside the request's scope`
              : "a subject outside the request's scope would be disclosed",
          )
        : lawful
    },
    () =>
      !isEea(request.authority.country) && request.internationalAgreement === undefined
        ? violation(
            'disclosure.third-country-agreement',
            'GDPR Art. 48',
            `the authority is in ${request.authority.country}, outside the EEA: a disclosure needs an international agreement such as a mutual legal assistance treaty`,
          )
        : lawful,
  )
}

/**
 * Is a disclosure made on this request hidden from the subject at `at`? While a gag is in
 * force (until `gagUntil`, or until lifted, whichever is first) the disclosure stays out of
 * the access report.
 *
 * @example
 * ```ts
 * import { isGagged } from '@gdpr-ledger/core'
 * isGagged(disclosureState, '2026-12-01T00:00:00.000Z') // true while the gag runs
 * ```
 */
export const isGagged = (
  state: Pick<DisclosureState, 'request' | 'gagLiftedAt'>,
  at: string,
): boolean => {
  const gagUntil = state.request?.gagUntil
  if (gagUntil === undefined || at >= gagUntil) return false
  return state.gagLiftedAt === undefined || at < state.gagLiftedAt
}

/**
 * Runs rule 4 on disclosures. As a `ComplianceRule` over a ledger `Decision`: the ledger runs it on every command
 * (it is in `builtInRules`); a findings projection can run it over a decision rebuilt from
 * imported facts.
 *
 * @example
 * ```ts
 * import { disclosureRule } from '@gdpr-ledger/core'
 * const verdict = disclosureRule(decision) // Right(undefined), or Left(ComplianceViolation)
 * ```
 */
export const disclosureRule: ComplianceRule = (decision) => {
  const { command } = decision
  const state = decision.streams.disclosure?.state
  if (command.event.type !== 'DataDisclosedToAuthority' || state === undefined) return lawful
  return checkDisclosure(state, command.event.data, command.occurredAt, decision.policy)
}

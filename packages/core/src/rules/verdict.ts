import * as E from 'fp-ts/lib/Either.js'
import { complianceViolation, type ComplianceViolation } from '../errors'

/**
 * What a rule function says about one act: lawful, or the violation with its rule id and
 * article. The same value the ledger returns when it refuses, and the findings projection lists.
 */
export type Verdict = E.Either<ComplianceViolation, void>

/** The act breaks no rule. */
export const lawful: Verdict = E.right(undefined)

/**
 * The act breaks `rule` (a stable id) of `article`; `explanation` names categories, never
 * personal data. The helper a caller's own rules use to refuse like the built-in ones.
 *
 * @example
 * ```ts
 * import { lawful, violation, type ComplianceRule } from '@gdpr-ledger/core'
 * const noNightlyMarketing: ComplianceRule = ({ command }) =>
 *   command.event.type === 'DataProcessed' &&
 *   command.event.data.purpose === 'marketing' &&
 *   new Date(command.occurredAt).getUTCHours() < 6
 *     ? violation('house.no-nightly-marketing', 'house policy 3.1', 'marketing is not processed at night')
 *     : lawful
 * ```
 */
export const violation = (rule: string, article: string, explanation: string): Verdict =>
  E.left(complianceViolation(rule, article, explanation))

/**
 * The first violation among checks run in order, or lawful: later checks do not run.
 *
 * @example
 * ```ts
 * import { checkObjection, checkRestriction, defaultPolicy, firstViolation, jurisdictions } from '@gdpr-ledger/core'
 * firstViolation(
 *   () => checkObjection(subject, act, at, defaultPolicy),
 *   () => checkRestriction(subject, act, at, jurisdictions.SE),
 * )
 * ```
 */
export const firstViolation = (...checks: readonly (() => Verdict)[]): Verdict => {
  for (const check of checks) {
    const verdict = check()
    if (E.isLeft(verdict)) return verdict
  }
  return lawful
}

/** The first item of `items` missing from `allowed`, if any. */
export const firstMissing = (
  items: readonly string[],
  allowed: readonly string[],
): string | undefined => items.find((item) => !allowed.includes(item))

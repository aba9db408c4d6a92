import type { ComplianceRule } from '../ledger/decision'
import { breachRule } from './breach-clocks'
import { consentRule } from './consent'
import { disclosureRule } from './disclosure'
import { dsrRule } from './dsr-deadlines'
import { objectionAndRestrictionRule } from './objection-and-restriction'
import { processorsAndTransfersRule } from './processors-and-transfers'
import { purposeAndActivityRule } from './purpose-and-activity'
import { retentionRule } from './retention'
import { trafficAndLocationRule } from './traffic-and-location'

/**
 * The rules every ledger runs, in the order a refusal is reported: whether the activity
 * covers the act comes before the subject's rights, and those before the data's kind and age.
 * A caller's own rules run after these.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { builtInRules, type Decision } from '@gdpr-ledger/core'
 * // Judge a decision (say, an imported fact rebuilt as one) by every built-in rule.
 * const violations = (decision: Decision) =>
 *   builtInRules.map((rule) => rule(decision)).filter(E.isLeft).map((v) => v.left)
 * ```
 */
export const builtInRules: readonly ComplianceRule[] = [
  purposeAndActivityRule,
  consentRule,
  objectionAndRestrictionRule,
  trafficAndLocationRule,
  retentionRule,
  disclosureRule,
  processorsAndTransfersRule,
  dsrRule,
  breachRule,
]

import type { DataProcessed, DataSharedWithRecipient, EPrivacyBasis } from '../catalogue'
import type { ComplianceRule } from '../ledger/decision'
import type { RulePolicy } from './policy'
import { firstViolation, lawful, violation, type Verdict } from './verdict'

/**
 * Rule 9, traffic and location data (ePrivacy Directive arts. 6, 9, 10, 15). Traffic data is
 * processed only on an ePrivacy ground: transmission; billing, billing enquiries and disputes;
 * fault handling and troubleshooting; fraud detection and network security (recital 29);
 * disclosure under national law (art. 15(1)); consent; or anonymised. Marketing and
 * value-added services on traffic or location data need consent (art. 6(3), 9(1)). Location
 * data other than traffic data is processed only anonymised or with consent, except for
 * emergency calls (art. 10(b)). Which categories are traffic or location data, and which
 * purposes are marketing, comes from the operator's `RulePolicy`. Sharing the data with a
 * recipient (`DataSharedWithRecipient`) is processing of it and is judged alike: handing
 * call records to a partner for its marketing needs consent as using them does.
 */

const TRAFFIC_GROUNDS: readonly EPrivacyBasis[] = [
  'transmission',
  'billing',
  'fault-handling',
  'fraud-and-security',
  'national-law-disclosure',
  'consent',
  'anonymised',
]
const LOCATION_GROUNDS: readonly EPrivacyBasis[] = ['consent', 'anonymised', 'emergency-call']

/**
 * Whether processing of traffic or location data rests on an ePrivacy ground that allows it.
 *
 * @example
 * ```ts
 * import { checkTrafficAndLocation, defaultPolicy } from '@gdpr-ledger/core'
 * checkTrafficAndLocation({ purpose: 'customer-support', dataCategories: ['call-records'] }, defaultPolicy)
 * // Left(traffic.eprivacy-basis): call records are traffic data
 * ```
 */
export const checkTrafficAndLocation = (
  act: Pick<DataProcessed | DataSharedWithRecipient, 'purpose'> & {
    readonly dataCategories: readonly string[]
    readonly ePrivacyBasis?: EPrivacyBasis | undefined
  },
  policy: RulePolicy,
): Verdict => {
  const traffic = act.dataCategories.find((c) => policy.trafficDataCategories.includes(c))
  const location = act.dataCategories.find((c) => policy.locationDataCategories.includes(c))
  if (traffic === undefined && location === undefined) return lawful
  const basis = act.ePrivacyBasis
  const marketing =
    policy.directMarketingPurposes.includes(act.purpose) ||
    policy.valueAddedServicePurposes.includes(act.purpose)
  return firstViolation(
    () =>
      traffic !== undefined && (basis === undefined || !TRAFFIC_GROUNDS.includes(basis))
        ? violation(
            'traffic.eprivacy-basis',
            'ePrivacy Directive art. 6(1)-(5)',
            `category ${traffic} is traffic data: the processing must name its ePrivacy ground (transmission, billing, fault handling, fraud and security, disclosure under national law, consent, anonymised)`,
          )
        : lawful,
    () =>
      marketing && basis !== 'consent'
        ? violation(
            'traffic.marketing-consent',
            'ePrivacy Directive art. 6(3), 9(1)',
            `purpose ${act.purpose} is marketing or a value-added service: traffic and location data are used for it only with consent`,
          )
        : lawful,
    () =>
      location !== undefined && (basis === undefined || !LOCATION_GROUNDS.includes(basis))
        ? violation(
            'location.consent-or-anonymised',
            'ePrivacy Directive art. 9(1), 10(b)',
            `category ${location} is location data other than traffic data: it is processed only anonymised, with consent, or for an emergency call`,
          )
        : lawful,
  )
}

/**
 * Runs rule 9 on processing and sharing records. As a `ComplianceRule` over a ledger `Decision`: the ledger runs it on every command
 * (it is in `builtInRules`); a findings projection can run it over a decision rebuilt from
 * imported facts.
 *
 * @example
 * ```ts
 * import { trafficAndLocationRule } from '@gdpr-ledger/core'
 * const verdict = trafficAndLocationRule(decision) // Right(undefined), or Left(ComplianceViolation)
 * ```
 */
export const trafficAndLocationRule: ComplianceRule = (decision) => {
  const { event } = decision.command
  switch (event.type) {
    case 'DataProcessed':
    case 'DataSharedWithRecipient':
      return checkTrafficAndLocation(event.data, decision.policy)
    default:
      return lawful
  }
}

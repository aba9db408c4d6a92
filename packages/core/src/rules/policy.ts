import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import { toIssues } from '../codec/decode'
import { Slug, boundedArray, strictRecord } from '../codec/primitives'

/**
 * The operator's own vocabulary, as the rules need it: which data categories are traffic,
 * location or customer data, which purposes are direct marketing or value-added services,
 * and who may assess an authority's request. It does not vary by country (that is the
 * `Jurisdiction`) but by operator, so it is configuration with defaults from the domain
 * sources.
 *
 * @example
 * ```ts
 * import { RulePolicy } from '@gdpr-ledger/core'
 * RulePolicy.is(JSON.parse(configText)) // check a policy loaded from configuration
 * ```
 */
export const RulePolicy = strictRecord('RulePolicy', {
  /** ePrivacy Directive art. 2(b): data processed to convey or bill a communication. */
  trafficDataCategories: boundedArray(Slug, 100),
  /** ePrivacy Directive art. 2(c) and 9: location data other than traffic data. */
  locationDataCategories: boundedArray(Slug, 100),
  /** Data kept for the customer relationship: erased a set time after it ends (rule 8). */
  customerDataCategories: boundedArray(Slug, 100),
  /** Purposes that are direct marketing (Art. 21(2)-(3); ePrivacy art. 6(3)). */
  directMarketingPurposes: boundedArray(Slug, 100),
  /** Value-added services built on traffic or location data (ePrivacy art. 2(g), 6(3), 9). */
  valueAddedServicePurposes: boundedArray(Slug, 100),
  /** Roles whose assessment of an authority's request counts (ePrivacy art. 4(1a) procedures). */
  authorisedDisclosureRoles: boundedArray(Slug, 100),
})
export type RulePolicy = t.TypeOf<typeof RulePolicy>

/**
 * The default policy, in the vocabulary of the operators' texts (Advox's customer data and
 * traffic data, Dstny's CDR data, Telia's disclosures to the police on legal request).
 *
 * @example
 * ```ts
 * import { createInMemoryStore, createLedger, defaultPolicy } from '@gdpr-ledger/core'
 * const ledger = createLedger({
 *   store: createInMemoryStore(),
 *   policy: { ...defaultPolicy, trafficDataCategories: [...defaultPolicy.trafficDataCategories, 'sms-records'] },
 * })
 * ```
 */
export const defaultPolicy: RulePolicy = Object.freeze({
  trafficDataCategories: ['call-records', 'usage-volumes', 'traffic-data', 'cdr'],
  locationDataCategories: ['location', 'cell-location'],
  customerDataCategories: [
    'subscriber-identity',
    'contact-details',
    'billing-information',
    'credentials',
    'support-cases',
    'ip-addresses',
  ],
  directMarketingPurposes: ['marketing', 'direct-marketing', 'location-offers'],
  valueAddedServicePurposes: ['location-offers', 'value-added-services'],
  authorisedDisclosureRoles: [
    'legal-officer',
    'law-enforcement-liaison',
    'data-protection-officer',
  ],
})

/**
 * Checks a policy and returns it frozen; throws a `TypeError` naming the failing fields (a
 * configuration error).
 *
 * @example
 * ```ts
 * import { definePolicy, defaultPolicy } from '@gdpr-ledger/core'
 * const policy = definePolicy({
 *   ...defaultPolicy,
 *   authorisedDisclosureRoles: ['legal-officer', 'security-liaison'],
 * })
 * ```
 */
export const definePolicy = (policy: RulePolicy): RulePolicy => {
  const decoded = RulePolicy.decode(policy)
  if (E.isLeft(decoded)) {
    const fields = toIssues(decoded.left).map((issue) => `${issue.path}: ${issue.expected}`)
    throw new TypeError(`invalid rule policy (${fields.join('; ')})`)
  }
  return Object.freeze(decoded.right)
}

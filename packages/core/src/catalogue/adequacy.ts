import type * as t from 'io-ts'
import { CountryCode, Instant, Name, Text, strictRecord } from '../codec/primitives'

/**
 * `adequacy-<country>`: the adequacy decisions (GDPR Art. 45) the ledger relies on for one
 * third country, and their end. A transfer mechanism of kind `adequacy` names its decision;
 * when this register knows that decision, the decision must be in force at the transfer's
 * `occurredAt`, so an invalidation (such as the EU-US Privacy Shield on 16 July 2020) stops
 * transfers relying on it without rewriting the records that did.
 */

export const AdequacyDecisionRecorded = strictRecord(
  'AdequacyDecisionRecorded',
  {
    country: CountryCode,
    /** The decision, as transfer mechanisms cite it: `Commission Implementing Decision (EU) 2023/1795`. */
    decision: Name,
    validFrom: Instant,
  },
  {
    /** A sunset or review date written into the decision. */
    validUntil: Instant,
    /** Where the decision covers only part of the country's recipients (certified organisations). */
    scope: Text,
  },
)
export type AdequacyDecisionRecorded = t.TypeOf<typeof AdequacyDecisionRecorded>

/** The decision stopped applying at this event's `occurredAt` (repealed, suspended, annulled by the CJEU). */
export const AdequacyDecisionRevoked = strictRecord('AdequacyDecisionRevoked', {
  country: CountryCode,
  decision: Name,
  reason: Text,
})
export type AdequacyDecisionRevoked = t.TypeOf<typeof AdequacyDecisionRevoked>

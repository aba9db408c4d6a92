import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import { toIssues } from '../codec/decode'
import {
  CountryCode,
  IsoDuration,
  Name,
  NonNegativeInt,
  Text,
  oneOf,
  strictRecord,
} from '../codec/primitives'
import { isTimeZone } from './calendar'

/**
 * How "traffic data is kept at most N months or until the invoice is settled" is read
 * (ePrivacy Directive art. 6(2)): `later-of` keeps it until both have passed, since the
 * article allows keeping it while payment may still be pursued; `earlier-of` erases it at
 * whichever comes first.
 *
 * @example
 * ```ts
 * import { TrafficRetentionReading } from '@gdpr-ledger/core'
 * TrafficRetentionReading.is('later-of') // true
 * ```
 */
export const TrafficRetentionReading = oneOf('TrafficRetentionReading', ['later-of', 'earlier-of'])
export type TrafficRetentionReading = t.TypeOf<typeof TrafficRetentionReading>

const Statutory = <P extends t.Props>(name: string, props: P) =>
  strictRecord(name, { ...props, statute: Text })

/**
 * A country's profile: everything the rules need that varies by country, as data (DESIGN.md,
 * "Rules are data where they vary by country"). Validated by the `Jurisdiction` codec, so a
 * profile can be loaded from configuration.
 *
 * @example
 * ```ts
 * import { Jurisdiction, defineJurisdiction } from '@gdpr-ledger/core'
 * const profile = defineJurisdiction(JSON.parse(configText) as Jurisdiction) // throws when malformed
 * ```
 */
export const Jurisdiction = strictRecord('Jurisdiction', {
  /** ISO 3166-1 alpha-2 code of the country. */
  country: CountryCode,
  name: Name,
  /** IANA time zone in which calendar periods (months, days) are counted. */
  timeZone: Name,
  /** The data protection supervisory authority (GDPR Art. 51). */
  supervisoryAuthority: strictRecord('SupervisoryAuthority', { name: Name, shortName: Name }),
  /** Art. 8(1): the age from which a child's consent to an information society service is its own. */
  childConsent: Statutory('ChildConsentAge', { age: NonNegativeInt }),
  /**
   * Bookkeeping records are kept until the end of the `years`-th calendar year after the year
   * they concern (the financial year taken as the calendar year).
   */
  bookkeeping: Statutory('BookkeepingPeriod', { years: NonNegativeInt }),
  /**
   * How long the ledger's own records are kept to demonstrate compliance (Art. 5(2)). No
   * statute sets it: the shipped value is a policy default to be set on legal advice.
   */
  accountabilityPeriod: IsoDuration,
  retention: strictRecord('RetentionDefaults', {
    /** Traffic data: the period from its collection, and how it combines with settlement. */
    trafficData: strictRecord('TrafficDataRetention', {
      period: IsoDuration,
      reading: TrafficRetentionReading,
    }),
    /** Customer data: how long after the customer relationship ends (unless a legal hold). */
    customerData: strictRecord('CustomerDataRetention', { afterRelationshipEnds: IsoDuration }),
  }),
})
export type Jurisdiction = t.TypeOf<typeof Jurisdiction>

/**
 * Checks a profile and returns it frozen. A bad profile is a configuration error, so this
 * throws a `TypeError` naming the failing fields.
 *
 * @example
 * ```ts
 * import { defineJurisdiction, jurisdictions } from '@gdpr-ledger/core'
 *
 * // Sweden, with traffic data erased at the earlier of 5 months and settlement.
 * const strictSweden = defineJurisdiction({
 *   ...jurisdictions.SE,
 *   retention: { ...jurisdictions.SE.retention, trafficData: { period: 'P5M', reading: 'earlier-of' } },
 * })
 * ```
 */
export const defineJurisdiction = (profile: Jurisdiction): Jurisdiction => {
  const decoded = Jurisdiction.decode(profile)
  if (E.isLeft(decoded)) {
    const fields = toIssues(decoded.left).map((issue) => `${issue.path}: ${issue.expected}`)
    throw new TypeError(`invalid jurisdiction profile (${fields.join('; ')})`)
  }
  if (!isTimeZone(decoded.right.timeZone))
    throw new TypeError('invalid jurisdiction profile (timeZone: an IANA time zone)')
  return Object.freeze(decoded.right)
}

import * as t from 'io-ts'
import {
  CountryCode,
  Instant,
  Name,
  NonNegativeInt,
  PseudonymousId,
  Slug,
  Text,
  nonEmptyArray,
  oneOf,
  strictRecord,
} from '../codec/primitives'
import { ActorRef, DataCategory } from './vocabulary'

/** `disclosure-<requestId>`: a request from an authority (police, regulator, court) and its outcome. */

export const AuthorityKind = oneOf('AuthorityKind', [
  'police',
  'prosecutor',
  'court',
  'security-service',
  'customs',
  'tax',
  'regulator',
  'other',
])

export const Authority = strictRecord('Authority', {
  authorityId: PseudonymousId,
  name: Name,
  country: CountryCode,
  kind: AuthorityKind,
})
export type Authority = t.TypeOf<typeof Authority>

export const DisclosureScope = strictRecord(
  'DisclosureScope',
  {
    subjectIds: nonEmptyArray(PseudonymousId, 1000),
    dataCategories: nonEmptyArray(DataCategory, 50),
  },
  { periodFrom: Instant, periodTo: Instant },
)
export type DisclosureScope = t.TypeOf<typeof DisclosureScope>

export const AuthorityRequestReceived = strictRecord(
  'AuthorityRequestReceived',
  {
    requestId: PseudonymousId,
    authority: Authority,
    /** The statute the request is made under, e.g. `LEK 2022:482 9 kap. 22 §`. */
    statute: Name,
    scope: DisclosureScope,
  },
  {
    /** The subject may not be told until then (the disclosure is kept out of access reports). */
    gagUntil: Instant,
    /** Art. 48: the international agreement a third-country request relies on. */
    internationalAgreement: Name,
    reference: Name,
  },
)
export type AuthorityRequestReceived = t.TypeOf<typeof AuthorityRequestReceived>

export const AuthorityRequestAssessed = strictRecord(
  'AuthorityRequestAssessed',
  {
    requestId: PseudonymousId,
    decision: oneOf('AssessmentDecision', ['comply', 'partially-comply', 'refuse']),
    assessedBy: ActorRef,
  },
  { reasons: Text },
)
export type AuthorityRequestAssessed = t.TypeOf<typeof AuthorityRequestAssessed>

export const DataDisclosedToAuthority = strictRecord('DataDisclosedToAuthority', {
  requestId: PseudonymousId,
  subjectIds: nonEmptyArray(PseudonymousId, 1000),
  dataCategories: nonEmptyArray(DataCategory, 50),
  recordCount: NonNegativeInt,
  channel: Slug,
})
export type DataDisclosedToAuthority = t.TypeOf<typeof DataDisclosedToAuthority>

export const AuthorityRequestRefused = strictRecord('AuthorityRequestRefused', {
  requestId: PseudonymousId,
  reasons: Text,
})
export type AuthorityRequestRefused = t.TypeOf<typeof AuthorityRequestRefused>

export const GagLifted = strictRecord('GagLifted', { requestId: PseudonymousId })
export type GagLifted = t.TypeOf<typeof GagLifted>

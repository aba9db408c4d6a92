import * as t from 'io-ts'
import {
  Instant,
  Name,
  PseudonymousId,
  Slug,
  Text,
  nonEmptyArray,
  oneOf,
  strictRecord,
} from '../codec/primitives'
import { Channel, DataCategory } from './vocabulary'

/** `dsr-<requestId>`: one data-subject request under Arts. 12-22, from receipt to outcome. */

export const RequestKind = oneOf('RequestKind', [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
])
export type RequestKind = t.TypeOf<typeof RequestKind>

export const RequestReceived = strictRecord(
  'RequestReceived',
  { requestId: PseudonymousId, subjectId: PseudonymousId, kind: RequestKind, channel: Channel },
  { dataCategories: nonEmptyArray(DataCategory, 50) },
)
export type RequestReceived = t.TypeOf<typeof RequestReceived>

export const IdentityVerificationRequested = strictRecord('IdentityVerificationRequested', {
  requestId: PseudonymousId,
  method: Slug,
})
export type IdentityVerificationRequested = t.TypeOf<typeof IdentityVerificationRequested>

export const IdentityVerified = strictRecord('IdentityVerified', {
  requestId: PseudonymousId,
  method: Slug,
})
export type IdentityVerified = t.TypeOf<typeof IdentityVerified>

/** Art. 12(3): up to two further months, told to the subject within the first month with reasons. */
export const DeadlineExtended = strictRecord('DeadlineExtended', {
  requestId: PseudonymousId,
  months: t.union([t.literal(1), t.literal(2)], 'ExtensionMonths (1 | 2)'),
  reasons: Text,
  noticeSentAt: Instant,
})
export type DeadlineExtended = t.TypeOf<typeof DeadlineExtended>

/** The confirmation that erasure happened, system by system (the seeds' "deletion confirmation"). */
export const DeletionConfirmation = strictRecord('DeletionConfirmation', {
  systems: nonEmptyArray(Slug, 50),
  confirmedAt: Instant,
  reference: Name,
})
export type DeletionConfirmation = t.TypeOf<typeof DeletionConfirmation>

export const RequestFulfilled = strictRecord(
  'RequestFulfilled',
  { requestId: PseudonymousId, channel: Channel },
  {
    deletionConfirmation: DeletionConfirmation,
    /** Reference of the access report or export handed over. */
    deliveryRef: Name,
  },
)
export type RequestFulfilled = t.TypeOf<typeof RequestFulfilled>

export const RequestRefused = strictRecord('RequestRefused', {
  requestId: PseudonymousId,
  reasons: nonEmptyArray(Text, 10),
  /** Art. 12(4): complaint to a supervisory authority and judicial remedy. */
  remedies: nonEmptyArray(Text, 10),
})
export type RequestRefused = t.TypeOf<typeof RequestRefused>

export const RecipientNotified = strictRecord('RecipientNotified', {
  requestId: PseudonymousId,
  recipientId: PseudonymousId,
})
export type RecipientNotified = t.TypeOf<typeof RecipientNotified>

/** Art. 19: notification proved impossible or involves disproportionate effort. */
export const RecipientNotificationExempted = strictRecord('RecipientNotificationExempted', {
  requestId: PseudonymousId,
  recipientId: PseudonymousId,
  ground: oneOf('Art19Exemption', ['impossible', 'disproportionate-effort']),
  reasons: Text,
})
export type RecipientNotificationExempted = t.TypeOf<typeof RecipientNotificationExempted>

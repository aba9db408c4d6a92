import * as t from 'io-ts'
import {
  Instant,
  Name,
  NonNegativeInt,
  PseudonymousId,
  Slug,
  Text,
  boundedArray,
  nonEmptyArray,
  oneOf,
  strictRecord,
} from '../codec/primitives'
import { Art18Ground } from './processing'
import { ActorRef, Channel, DataCategory, Purpose } from './vocabulary'

/**
 * `subject-<controller>-<subject>`: the rights state of one subject towards one controller.
 * Small and rarely written; gates decide from it.
 */

export const ConsentGiven = strictRecord(
  'ConsentGiven',
  {
    subjectId: PseudonymousId,
    purpose: Purpose,
    /** Hash or version id of the notice the subject was shown (Art. 7(1) proof). */
    noticeVersion: Name,
    channel: Channel,
  },
  {
    /** Art. 8: the consent was given or authorised by the holder of parental responsibility. */
    parentalAuthorisation: t.boolean,
    /**
     * The subject's age in whole years when consenting, where the backend knows it: below the
     * jurisdiction's child consent age (Art. 8(1)) the consent needs parental authorisation.
     */
    subjectAge: NonNegativeInt,
  },
)
export type ConsentGiven = t.TypeOf<typeof ConsentGiven>

export const ConsentWithdrawn = strictRecord('ConsentWithdrawn', {
  subjectId: PseudonymousId,
  purpose: Purpose,
  channel: Channel,
})
export type ConsentWithdrawn = t.TypeOf<typeof ConsentWithdrawn>

/** Art. 21: direct marketing (21(2)-(3), absolute) or processing on 6(1)(e)/(f) (21(1)). */
export const ObjectionScope = oneOf('ObjectionScope', [
  'direct-marketing',
  'legitimate-interests',
  'public-task',
])

export const ObjectionRaised = strictRecord(
  'ObjectionRaised',
  { subjectId: PseudonymousId, scope: ObjectionScope, channel: Channel },
  {
    /** The purposes objected to; absent means every purpose in scope. */
    purposes: boundedArray(Purpose, 20),
    requestId: PseudonymousId,
  },
)
export type ObjectionRaised = t.TypeOf<typeof ObjectionRaised>

export const CompellingGroundsDecided = strictRecord('CompellingGroundsDecided', {
  subjectId: PseudonymousId,
  purposes: nonEmptyArray(Purpose, 20),
  /** Art. 21(1): compelling legitimate grounds, or establishment, exercise or defence of legal claims. */
  ground: oneOf('CompellingGround', ['compelling-legitimate-grounds', 'legal-claims']),
  decidedBy: ActorRef,
  reasons: Text,
})
export type CompellingGroundsDecided = t.TypeOf<typeof CompellingGroundsDecided>

/** Art. 18(1)(a)-(d). */
export const RestrictionGround = oneOf('RestrictionGround', [
  'accuracy-contested',
  'unlawful-processing',
  'needed-for-legal-claims',
  'objection-pending',
])

export const ProcessingRestricted = strictRecord(
  'ProcessingRestricted',
  { subjectId: PseudonymousId, ground: RestrictionGround },
  { requestId: PseudonymousId },
)
export type ProcessingRestricted = t.TypeOf<typeof ProcessingRestricted>

/**
 * Art. 18(2): a decision that restricted data may still be processed for these purposes,
 * beyond storage, on one of the article's grounds (with the subject's consent, for legal
 * claims, to protect another person's rights, for an important public interest).
 */
export const RestrictedProcessingAllowed = strictRecord('RestrictedProcessingAllowed', {
  subjectId: PseudonymousId,
  ground: Art18Ground,
  purposes: nonEmptyArray(Purpose, 20),
  decidedBy: ActorRef,
  reasons: Text,
})
export type RestrictedProcessingAllowed = t.TypeOf<typeof RestrictedProcessingAllowed>

export const RestrictionLifted = strictRecord('RestrictionLifted', {
  subjectId: PseudonymousId,
  reason: Text,
})
export type RestrictionLifted = t.TypeOf<typeof RestrictionLifted>

/** The subject became (or became again) a customer: customer data is in use, not due for erasure. */
export const RelationshipStarted = strictRecord('RelationshipStarted', {
  subjectId: PseudonymousId,
})
export type RelationshipStarted = t.TypeOf<typeof RelationshipStarted>

export const RelationshipEnded = strictRecord('RelationshipEnded', {
  subjectId: PseudonymousId,
  reason: oneOf('RelationshipEndReason', [
    'contract-terminated',
    'ported-out',
    'deceased',
    'inactive',
    'other',
  ]),
})
export type RelationshipEnded = t.TypeOf<typeof RelationshipEnded>

export const LegalHoldPlaced = strictRecord(
  'LegalHoldPlaced',
  {
    subjectId: PseudonymousId,
    holdId: PseudonymousId,
    reason: oneOf('LegalHoldReason', ['bookkeeping', 'legal-claims', 'authority-order', 'other']),
    dataCategories: nonEmptyArray(DataCategory, 50),
  },
  { until: Instant, statute: Name },
)
export type LegalHoldPlaced = t.TypeOf<typeof LegalHoldPlaced>

export const LegalHoldLifted = strictRecord('LegalHoldLifted', {
  subjectId: PseudonymousId,
  holdId: PseudonymousId,
})
export type LegalHoldLifted = t.TypeOf<typeof LegalHoldLifted>

export const DataErased = strictRecord(
  'DataErased',
  {
    subjectId: PseudonymousId,
    dataCategories: nonEmptyArray(DataCategory, 50),
    systems: nonEmptyArray(Slug, 50),
    method: oneOf('ErasureMethod', ['deleted', 'anonymised', 'crypto-shredded']),
  },
  { requestId: PseudonymousId },
)
export type DataErased = t.TypeOf<typeof DataErased>

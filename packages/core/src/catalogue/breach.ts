import * as t from 'io-ts'
import {
  Instant,
  Name,
  NonNegativeInt,
  PseudonymousId,
  Text,
  nonEmptyArray,
  oneOf,
  strictRecord,
} from '../codec/primitives'
import { ActorRef, Channel, DataCategory } from './vocabulary'

/**
 * `breach-<breachId>`: one personal-data breach. The regimes (GDPR Arts. 33-34, ePrivacy /
 * Reg. 611/2013, NIS2) are derived from the facts recorded on detection, never typed in.
 */

export const BreachNature = oneOf('BreachNature', ['confidentiality', 'integrity', 'availability'])

export const BreachDetected = strictRecord(
  'BreachDetected',
  {
    breachId: PseudonymousId,
    /** When the breach was detected (the ePrivacy 24 h clock runs from here). */
    detectedAt: Instant,
    /** When the controller became aware with reasonable certainty (GDPR 72 h, NIS2 clocks). */
    awareAt: Instant,
    nature: nonEmptyArray(BreachNature, 3),
    dataCategories: nonEmptyArray(DataCategory, 50),
    approxSubjects: NonNegativeInt,
    approxRecords: NonNegativeInt,
    role: oneOf('BreachRole', ['controller', 'processor']),
    /** The recorder provides a publicly available electronic communications service. */
    publicEcsProvider: t.boolean,
    /** The breach arose in providing that public service. */
    inPublicService: t.boolean,
    /** The entity is essential or important under NIS2. */
    nis2Entity: t.boolean,
  },
  { startedAt: Instant, summary: Text },
)
export type BreachDetected = t.TypeOf<typeof BreachDetected>

export const BreachAssessed = strictRecord(
  'BreachAssessed',
  {
    breachId: PseudonymousId,
    risk: oneOf('BreachRisk', ['none', 'risk', 'high']),
    /** The data was unintelligible to anyone unauthorised (encrypted, key not compromised). */
    dataUnintelligible: t.boolean,
    assessedBy: ActorRef,
  },
  { reasons: Text },
)
export type BreachAssessed = t.TypeOf<typeof BreachAssessed>

export const BreachRegime = oneOf('BreachRegime', ['gdpr', 'eprivacy', 'nis2'])
export type BreachRegime = t.TypeOf<typeof BreachRegime>

export const AuthorityNotified = strictRecord(
  'AuthorityNotified',
  {
    breachId: PseudonymousId,
    regime: BreachRegime,
    authority: Name,
    /** GDPR/ePrivacy: initial, follow-up, final; NIS2: early-warning, notification, final. */
    stage: oneOf('NotificationStage', [
      'initial',
      'follow-up',
      'early-warning',
      'notification',
      'final',
    ]),
    complete: t.boolean,
  },
  { reasonsForDelay: Text, reference: Name },
)
export type AuthorityNotified = t.TypeOf<typeof AuthorityNotified>

/** Art. 33(2): a processor tells its controller without undue delay. */
export const ControllerNotified = strictRecord('ControllerNotified', {
  breachId: PseudonymousId,
  notifiedControllerId: PseudonymousId,
})
export type ControllerNotified = t.TypeOf<typeof ControllerNotified>

export const SubjectsNotified = strictRecord('SubjectsNotified', {
  breachId: PseudonymousId,
  channel: Channel,
  approxSubjects: NonNegativeInt,
})
export type SubjectsNotified = t.TypeOf<typeof SubjectsNotified>

/** Art. 34(3)(a)-(c), or ePrivacy art. 4(3) (data made unintelligible). */
export const SubjectNotificationExempted = strictRecord('SubjectNotificationExempted', {
  breachId: PseudonymousId,
  ground: oneOf('SubjectNotificationExemption', [
    'data-unintelligible',
    'risk-no-longer-likely',
    'disproportionate-effort-public-communication',
  ]),
  reasons: Text,
})
export type SubjectNotificationExempted = t.TypeOf<typeof SubjectNotificationExempted>

export const BreachClosed = strictRecord('BreachClosed', {
  breachId: PseudonymousId,
  summary: Text,
})
export type BreachClosed = t.TypeOf<typeof BreachClosed>

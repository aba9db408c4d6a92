import * as t from 'io-ts'
import {
  Name,
  PseudonymousId,
  Text,
  boundedArray,
  nonEmptyArray,
  strictRecord,
} from '../codec/primitives'
import {
  DataCategory,
  LawfulBasis,
  Party,
  ProcessingRole,
  Purpose,
  Recipient,
  Retention,
  SecurityMeasures,
  SubjectCategory,
  Transfer,
} from './vocabulary'

/**
 * `activity-<activityId>`: one Art. 30 record of processing. A declaration holds every field
 * of Art. 30(1)(a)-(g) (controller) or 30(2)(a)-(d) (processor); an amendment replaces it as a
 * whole, so the register at any position is the last declaration seen.
 */
const declaration = {
  activityId: PseudonymousId,
  name: Name,
  role: ProcessingRole,
  /** Art. 30(1)(a) / 30(2)(a): the controller (and its representative and DPO). */
  controller: Party,
  purposes: nonEmptyArray(Purpose, 20),
  legalBases: nonEmptyArray(LawfulBasis, 10),
  subjectCategories: nonEmptyArray(SubjectCategory, 20),
  dataCategories: nonEmptyArray(DataCategory, 50),
  recipients: boundedArray(Recipient, 50),
  transfers: boundedArray(Transfer, 50),
  retention: nonEmptyArray(Retention, 50),
  securityMeasures: SecurityMeasures,
}
const declarationOptional = {
  /** Art. 26: the other joint controllers. */
  jointControllers: boundedArray(Party, 10),
  /** Art. 30(2)(a): for a processor, the controllers it processes for. */
  processingFor: boundedArray(Party, 100),
  description: Text,
}

export const ProcessingActivityDeclared = strictRecord(
  'ProcessingActivityDeclared',
  declaration,
  declarationOptional,
)
export type ProcessingActivityDeclared = t.TypeOf<typeof ProcessingActivityDeclared>

export const ProcessingActivityAmended = strictRecord(
  'ProcessingActivityAmended',
  { ...declaration, reason: Text },
  declarationOptional,
)
export type ProcessingActivityAmended = t.TypeOf<typeof ProcessingActivityAmended>

export const ProcessingActivityRetired = strictRecord('ProcessingActivityRetired', {
  activityId: PseudonymousId,
  reason: Text,
})
export type ProcessingActivityRetired = t.TypeOf<typeof ProcessingActivityRetired>

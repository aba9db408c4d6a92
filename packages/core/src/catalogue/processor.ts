import * as t from 'io-ts'
import {
  CountryCode,
  Instant,
  IsoDuration,
  Name,
  PseudonymousId,
  Text,
  boundedArray,
  nonEmptyArray,
  oneOf,
  strictRecord,
  taggedUnion,
} from '../codec/primitives'
import { DataCategory, Purpose, SubjectCategory, TransferMechanism } from './vocabulary'

/**
 * `processor-<processorId>`: one processor relationship under Art. 28 (the agreement with the
 * controller named on the events) and its chain of sub-processors.
 */

/** Art. 28(2): how the controller authorised sub-processors. */
export const SubProcessorAuthorisationKind = oneOf('SubProcessorAuthorisationKind', [
  'specific',
  'general',
])

export const DataProcessingAgreementSigned = strictRecord(
  'DataProcessingAgreementSigned',
  {
    processorId: PseudonymousId,
    processorName: Name,
    country: CountryCode,
    subjectMatter: Text,
    duration: Text,
    purposes: nonEmptyArray(Purpose, 20),
    dataCategories: nonEmptyArray(DataCategory, 50),
    subjectCategories: nonEmptyArray(SubjectCategory, 20),
    subProcessorAuthorisation: SubProcessorAuthorisationKind,
    documentRef: Name,
  },
  {
    /** For general authorisation: how long the controller has to object to a change notice. */
    objectionWindow: IsoDuration,
    transferMechanisms: boundedArray(TransferMechanism, 10),
  },
)
export type DataProcessingAgreementSigned = t.TypeOf<typeof DataProcessingAgreementSigned>

/** The authorisation a sub-processor is engaged under. */
export const SubProcessorAuthorisation = taggedUnion('SubProcessorAuthorisation', 'kind', {
  specific: strictRecord('SpecificAuthorisation', {
    kind: t.literal('specific'),
    reference: Name,
    grantedAt: Instant,
  }),
  general: strictRecord('GeneralAuthorisation', {
    kind: t.literal('general'),
    changeNoticeSentAt: Instant,
    objectionWindow: IsoDuration,
  }),
})
export type SubProcessorAuthorisation = t.TypeOf<typeof SubProcessorAuthorisation>

export const SubProcessorEngaged = strictRecord('SubProcessorEngaged', {
  processorId: PseudonymousId,
  subProcessorId: PseudonymousId,
  name: Name,
  country: CountryCode,
  services: nonEmptyArray(Text, 20),
  dataCategories: nonEmptyArray(DataCategory, 50),
  purposes: nonEmptyArray(Purpose, 20),
  authorisation: SubProcessorAuthorisation,
  transferMechanisms: boundedArray(TransferMechanism, 10),
})
export type SubProcessorEngaged = t.TypeOf<typeof SubProcessorEngaged>

export const SubProcessorObjected = strictRecord('SubProcessorObjected', {
  processorId: PseudonymousId,
  subProcessorId: PseudonymousId,
  reason: Text,
})
export type SubProcessorObjected = t.TypeOf<typeof SubProcessorObjected>

export const SubProcessorRemoved = strictRecord('SubProcessorRemoved', {
  processorId: PseudonymousId,
  subProcessorId: PseudonymousId,
  reason: Text,
})
export type SubProcessorRemoved = t.TypeOf<typeof SubProcessorRemoved>

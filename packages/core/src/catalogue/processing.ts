import * as t from 'io-ts'
import {
  CountryCode,
  Instant,
  Name,
  NonNegativeInt,
  PseudonymousId,
  Slug,
  nonEmptyArray,
  oneOf,
  strictRecord,
} from '../codec/primitives'
import {
  DataCategory,
  EPrivacyBasis,
  LegalBasis,
  ProcessingAction,
  Purpose,
  RecipientKind,
  SpecialCategoryCondition,
} from './vocabulary'

/**
 * `processing-<controller>-<subject>`: the high-volume record of what was done with one
 * subject's data. Appended with expected version `any`; never read to decide.
 */

/** Art. 18(2): the grounds on which restricted data may still be processed beyond storage. */
export const Art18Ground = oneOf('Art18Ground', [
  'consent',
  'legal-claims',
  'protect-another-person',
  'important-public-interest',
])
export type Art18Ground = t.TypeOf<typeof Art18Ground>

export const DataProcessed = strictRecord(
  'DataProcessed',
  {
    subjectId: PseudonymousId,
    actorId: PseudonymousId,
    actorRole: Slug,
    system: Slug,
    activityId: PseudonymousId,
    purpose: Purpose,
    legalBasis: LegalBasis,
    dataCategories: nonEmptyArray(DataCategory, 50),
    action: ProcessingAction,
  },
  {
    specialCategoryCondition: SpecialCategoryCondition,
    ePrivacyBasis: EPrivacyBasis,
    restrictionGround: Art18Ground,
    /** How many records the act touched (a batch of CDRs), when more than one. */
    recordCount: NonNegativeInt,
    /** A pseudonymous reference to the batch, case or ticket. */
    reference: PseudonymousId,
  },
)
export type DataProcessed = t.TypeOf<typeof DataProcessed>

/**
 * Art. 19: the ledger must know who received what to notify them after rectification or
 * erasure. Sharing traffic or location data is processing of it (ePrivacy arts. 6, 9): as on
 * `DataProcessed`, `ePrivacyBasis` names the ground, and rule 9 requires it when the shared
 * categories are traffic or location data.
 */
export const DataSharedWithRecipient = strictRecord(
  'DataSharedWithRecipient',
  {
    subjectId: PseudonymousId,
    activityId: PseudonymousId,
    recipientId: PseudonymousId,
    recipientName: Name,
    recipientKind: RecipientKind,
    country: CountryCode,
    purpose: Purpose,
    legalBasis: LegalBasis,
    dataCategories: nonEmptyArray(DataCategory, 50),
  },
  { ePrivacyBasis: EPrivacyBasis },
)
export type DataSharedWithRecipient = t.TypeOf<typeof DataSharedWithRecipient>

/** Traffic data of the billed period may be kept until the invoice can no longer be challenged. */
export const InvoiceSettled = strictRecord('InvoiceSettled', {
  subjectId: PseudonymousId,
  invoiceId: PseudonymousId,
  periodFrom: Instant,
  periodTo: Instant,
})
export type InvoiceSettled = t.TypeOf<typeof InvoiceSettled>

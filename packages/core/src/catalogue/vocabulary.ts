import * as t from 'io-ts'
import {
  CountryCode,
  Instant,
  IsoDuration,
  Name,
  PseudonymousId,
  Slug,
  Text,
  boundedArray,
  nonEmptyArray,
  oneOf,
  strictRecord,
  taggedUnion,
} from '../codec/primitives'

/**
 * The words events are made of: legal bases, purposes, data categories, recipients,
 * transfer mechanisms, retention. Codecs sit next to their types (io-ts style).
 */

/** GDPR Art. 6(1)(a)-(f). */
export const LegalBasis = oneOf('LegalBasis', [
  'consent',
  'contract',
  'legal-obligation',
  'vital-interests',
  'public-task',
  'legitimate-interests',
])
export type LegalBasis = t.TypeOf<typeof LegalBasis>

/** GDPR Art. 9(2)(a)-(j): the condition that lifts the ban on special-category data. */
export const SpecialCategoryCondition = oneOf('SpecialCategoryCondition', [
  'explicit-consent',
  'employment-social-security',
  'vital-interests',
  'not-for-profit-body',
  'made-public-by-subject',
  'legal-claims',
  'substantial-public-interest',
  'health-or-social-care',
  'public-health',
  'archiving-research-statistics',
])
export type SpecialCategoryCondition = t.TypeOf<typeof SpecialCategoryCondition>

/**
 * The ePrivacy ground for processing traffic or location data (Directive 2002/58/EC arts.
 * 6, 9, 10, 15): transmission, billing (incl. enquiries and disputes), fault handling, fraud
 * and network security (recital 29), disclosure under national law, consent (marketing and
 * value-added services), anonymised data, emergency calls.
 */
export const EPrivacyBasis = oneOf('EPrivacyBasis', [
  'transmission',
  'billing',
  'fault-handling',
  'fraud-and-security',
  'national-law-disclosure',
  'consent',
  'anonymised',
  'emergency-call',
])
export type EPrivacyBasis = t.TypeOf<typeof EPrivacyBasis>

/** A legal basis as an activity declares it: Art. 6, with the Art. 9 and ePrivacy grounds where they apply. */
export const LawfulBasis = strictRecord(
  'LawfulBasis',
  { basis: LegalBasis },
  { specialCategoryCondition: SpecialCategoryCondition, ePrivacyBasis: EPrivacyBasis },
)
export type LawfulBasis = t.TypeOf<typeof LawfulBasis>

/** A purpose of processing, as a code: `billing`, `customer-support`, `marketing`. */
export const Purpose = Slug
export type Purpose = string

/** A category of personal data, as a code: `call-records`, `contact-details`, `location`. */
export const DataCategory = Slug
export type DataCategory = string

/** A category of data subjects, as a code: `subscribers`, `business-customer-employees`. */
export const SubjectCategory = Slug
export type SubjectCategory = string

/** Who receives personal data (Art. 30(1)(d), Art. 15(1)(c)). */
export const RecipientKind = oneOf('RecipientKind', [
  'internal',
  'processor',
  'sub-processor',
  'third-party',
  'business-partner',
  'authority',
])
export type RecipientKind = t.TypeOf<typeof RecipientKind>

export const Recipient = strictRecord('Recipient', {
  recipientId: PseudonymousId,
  name: Name,
  kind: RecipientKind,
  country: CountryCode,
})
export type Recipient = t.TypeOf<typeof Recipient>

/** Art. 49(1)(a)-(g) derogations for specific situations. */
export const Art49Derogation = oneOf('Art49Derogation', [
  'explicit-consent',
  'contract-with-subject',
  'contract-in-subject-interest',
  'public-interest',
  'legal-claims',
  'vital-interests',
  'public-register',
])
export type Art49Derogation = t.TypeOf<typeof Art49Derogation>

/** A safeguard that makes a transfer outside the EEA lawful (GDPR Arts. 45-49). */
export const TransferMechanism = taggedUnion('TransferMechanism', 'kind', {
  adequacy: strictRecord(
    'AdequacyDecision',
    { kind: t.literal('adequacy'), decision: Name, validFrom: Instant },
    { validUntil: Instant },
  ),
  sccs: strictRecord('StandardContractualClauses', {
    kind: t.literal('sccs'),
    module: oneOf('SccModule', [
      'controller-to-controller',
      'controller-to-processor',
      'processor-to-processor',
      'processor-to-controller',
    ]),
    version: Name,
    transferImpactAssessment: strictRecord('TransferImpactAssessment', {
      reference: Name,
      assessedAt: Instant,
    }),
  }),
  bcr: strictRecord('BindingCorporateRules', {
    kind: t.literal('bcr'),
    reference: Name,
    approvedBy: Name,
  }),
  derogation: strictRecord('Art49DerogationRecord', {
    kind: t.literal('derogation'),
    ground: Art49Derogation,
    documentation: Text,
  }),
})
export type TransferMechanism = t.TypeOf<typeof TransferMechanism>

/** A transfer of personal data to a third country (Art. 30(1)(e)). */
export const Transfer = strictRecord('Transfer', {
  recipientId: PseudonymousId,
  country: CountryCode,
  mechanisms: boundedArray(TransferMechanism, 10),
})
export type Transfer = t.TypeOf<typeof Transfer>

/** What starts a retention period running. */
export const RetentionTrigger = oneOf('RetentionTrigger', [
  'collected',
  'processed',
  'invoice-settled',
  'relationship-ended',
  'request-closed',
])
export type RetentionTrigger = t.TypeOf<typeof RetentionTrigger>

/**
 * How long one data category is kept (Art. 30(1)(f)): a period from a trigger, a rule (such
 * as traffic data "until the invoice can no longer be challenged", with an upper bound), or an
 * explicit "not possible" with the reason. Never empty.
 */
export const Retention = taggedUnion('Retention', 'kind', {
  period: strictRecord('RetentionPeriod', {
    kind: t.literal('period'),
    dataCategory: DataCategory,
    period: IsoDuration,
    from: RetentionTrigger,
  }),
  rule: strictRecord(
    'RetentionRule',
    { kind: t.literal('rule'), dataCategory: DataCategory, rule: Slug, description: Text },
    { maxPeriod: IsoDuration, from: RetentionTrigger },
  ),
  'not-possible': strictRecord('RetentionNotPossible', {
    kind: t.literal('not-possible'),
    dataCategory: DataCategory,
    reason: Text,
  }),
})
export type Retention = t.TypeOf<typeof Retention>

/** Art. 30(1)(g): a general description of the security measures, or why none can be given. */
export const SecurityMeasures = taggedUnion('SecurityMeasures', 'kind', {
  described: strictRecord('SecurityMeasuresDescribed', {
    kind: t.literal('described'),
    measures: nonEmptyArray(Text, 50),
  }),
  'not-possible': strictRecord('SecurityMeasuresNotPossible', {
    kind: t.literal('not-possible'),
    reason: Text,
  }),
})
export type SecurityMeasures = t.TypeOf<typeof SecurityMeasures>

/** A party named in a register: name and business contact (never a data subject). */
export const Party = strictRecord(
  'Party',
  { name: Name, contact: Name },
  { representative: Name, dataProtectionOfficer: Name },
)
export type Party = t.TypeOf<typeof Party>

/** The role an organisation plays for an activity (Arts. 4(7), 4(8), 26). */
export const ProcessingRole = oneOf('ProcessingRole', [
  'controller',
  'processor',
  'joint-controller',
])
export type ProcessingRole = t.TypeOf<typeof ProcessingRole>

/** What was done to the data (Art. 4(2) operations, grouped). */
export const ProcessingAction = oneOf('ProcessingAction', [
  'collect',
  'read',
  'update',
  'use',
  'store',
  'transmit',
  'analyse',
  'export',
  'delete',
  'anonymise',
])
export type ProcessingAction = t.TypeOf<typeof ProcessingAction>

/** How a subject acted (consent given or withdrawn, a request made). */
export const Channel = oneOf('Channel', [
  'web',
  'app',
  'shop',
  'phone',
  'sms',
  'email',
  'paper',
  'api',
])
export type Channel = t.TypeOf<typeof Channel>

/** An actor who did something: a pseudonymous id and the role they acted in. */
export const ActorRef = strictRecord('ActorRef', { actorId: PseudonymousId, role: Slug })
export type ActorRef = t.TypeOf<typeof ActorRef>

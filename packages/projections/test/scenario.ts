import {
  createInMemoryStore,
  createLedger,
  describeError,
  jurisdictions,
  serialiseMetadata,
  streamIds,
  type CommandInput,
  type CommandName,
  type ImportedFact,
  type InMemoryEventStore,
  type Ledger,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'

/**
 * Two and a half years at Nordtele AB, a Swedish operator, from the operators' own texts
 * (Telia's 24 months after the relationship ends, Advox's traffic data kept at most 5 months
 * or until the invoice is settled, police requests on legal request, sub-processors in and
 * outside the EEA), with the seeds' cases: traffic data older than 5 months, a customer gone
 * 24 months, a breach notified at 73 h, a police request from a non-EEA authority refused.
 * Every report is judged at `NOW`.
 */
export const NOW = '2026-11-23T12:00:00.000Z'
export const SE = jurisdictions.SE
export const CONTROLLER = 'nordtele_se'
export const OTHER_CONTROLLER = 'switchboard_customer_1'

/** Anna: an active subscriber with old traffic data, a withdrawn marketing consent and a police disclosure under a gag. */
export const ANNA = 'sub-anna7c'
/** Bo: a customer gone more than 24 months, with bookkeeping data on hold. */
export const BO = 'sub-bo41'
/** Cleo: data-subject requests (access overdue, erasure done, portability open). */
export const CLEO = 'sub-cleo9'

const party = {
  name: 'Nordtele AB',
  contact: 'dataskydd@nordtele.example',
  dataProtectionOfficer: 'dpo@nordtele.example',
}
const security = {
  kind: 'described',
  measures: ['encryption in transit and at rest', 'role-based access with logging'],
} as const

type Step = { [N in CommandName]: { at: string; name: N; command: CommandInput<N> } }[CommandName]
const step = <N extends CommandName>(at: string, name: N, command: CommandInput<N>): Step =>
  ({ at, name, command }) as Step

const activity = (
  overrides: Partial<CommandInput<'declareProcessingActivity'>> &
    Pick<
      CommandInput<'declareProcessingActivity'>,
      'activityId' | 'name' | 'purposes' | 'legalBases' | 'dataCategories' | 'retention'
    >,
): CommandInput<'declareProcessingActivity'> => ({
  controllerId: CONTROLLER,
  actor: 'dpo-office',
  role: 'controller',
  controller: party,
  subjectCategories: ['subscribers'],
  recipients: [],
  transfers: [],
  securityMeasures: security,
  ...overrides,
})

const customerRetention = (dataCategory: string) =>
  ({ kind: 'period', dataCategory, period: 'P24M', from: 'relationship-ended' }) as const
const trafficRetention = {
  kind: 'rule',
  dataCategory: 'call-records',
  rule: 'until-invoice-settled',
  maxPeriod: 'P5M',
  from: 'processed',
  description: 'traffic data kept at most 5 months or until the invoice is settled',
} as const

const setup = (): Step[] => [
  step(
    '2024-01-10T08:00:00.000Z',
    'declareProcessingActivity',
    activity({
      activityId: 'act-service',
      name: 'Mobile subscription: delivering the service',
      purposes: ['service-delivery', 'transmission'],
      legalBases: [{ basis: 'contract', ePrivacyBasis: 'transmission' }],
      dataCategories: ['subscriber-identity', 'contact-details', 'call-records'],
      retention: [
        customerRetention('subscriber-identity'),
        customerRetention('contact-details'),
        trafficRetention,
      ],
    }),
  ),
  step(
    '2024-01-10T08:01:00.000Z',
    'declareProcessingActivity',
    activity({
      activityId: 'act-billing',
      name: 'Billing and invoice disputes',
      purposes: ['billing'],
      legalBases: [{ basis: 'contract', ePrivacyBasis: 'billing' }, { basis: 'legal-obligation' }],
      dataCategories: ['call-records', 'billing-information', 'subscriber-identity'],
      recipients: [
        {
          recipientId: 'inkasso-nord',
          name: 'Inkasso Nord AB',
          kind: 'third-party',
          country: 'SE',
        },
      ],
      retention: [
        trafficRetention,
        {
          kind: 'period',
          dataCategory: 'billing-information',
          period: 'P7Y',
          from: 'invoice-settled',
        },
        customerRetention('subscriber-identity'),
      ],
    }),
  ),
  step(
    '2024-01-10T08:02:00.000Z',
    'declareProcessingActivity',
    activity({
      activityId: 'act-support',
      name: 'Customer support',
      purposes: ['customer-support'],
      legalBases: [{ basis: 'contract' }, { basis: 'contract', ePrivacyBasis: 'billing' }],
      dataCategories: ['call-records', 'contact-details', 'support-cases'],
      retention: [
        { kind: 'period', dataCategory: 'support-cases', period: 'P24M', from: 'request-closed' },
        customerRetention('contact-details'),
        trafficRetention,
      ],
    }),
  ),
  step(
    '2024-01-10T08:03:00.000Z',
    'declareProcessingActivity',
    activity({
      activityId: 'act-marketing',
      name: 'Marketing of own services',
      purposes: ['marketing'],
      legalBases: [{ basis: 'consent', ePrivacyBasis: 'consent' }],
      dataCategories: ['contact-details', 'usage-volumes'],
      retention: [
        { kind: 'period', dataCategory: 'contact-details', period: 'P24M', from: 'collected' },
        { kind: 'period', dataCategory: 'usage-volumes', period: 'P12M', from: 'collected' },
      ],
    }),
  ),
  step(
    '2024-01-10T08:04:00.000Z',
    'declareProcessingActivity',
    activity({
      activityId: 'act-backup',
      name: 'Off-site backup of the customer register',
      purposes: ['service-delivery'],
      legalBases: [{ basis: 'contract' }],
      dataCategories: ['subscriber-identity', 'contact-details'],
      recipients: [
        { recipientId: 'vault-us', name: 'Vault Storage Inc.', kind: 'processor', country: 'US' },
      ],
      transfers: [
        {
          recipientId: 'vault-us',
          country: 'US',
          mechanisms: [
            {
              kind: 'sccs',
              module: 'controller-to-processor',
              version: '2021/914',
              transferImpactAssessment: {
                reference: 'TIA-2023-07',
                assessedAt: '2023-12-01T00:00:00.000Z',
              },
            },
          ],
        },
      ],
      retention: [customerRetention('subscriber-identity'), customerRetention('contact-details')],
    }),
  ),
  step(
    '2024-01-10T08:05:00.000Z',
    'declareProcessingActivity',
    activity({
      activityId: 'act-switchboard',
      name: 'Hosted switchboard for business customers',
      role: 'processor',
      processingFor: [{ name: 'Acme Konsult AB', contact: 'it@acme.example' }],
      purposes: ['switchboard-answering'],
      legalBases: [{ basis: 'contract' }],
      subjectCategories: ['business-customer-employees', 'callers'],
      dataCategories: ['call-records', 'contact-details'],
      retention: [
        { kind: 'not-possible', dataCategory: 'call-records', reason: 'set by each customer' },
      ],
    }),
  ),
  step('2024-01-10T08:06:00.000Z', 'signDataProcessingAgreement', {
    controllerId: CONTROLLER,
    actor: 'dpo-office',
    processorId: 'cloudcall',
    processorName: 'CloudCall AB',
    country: 'SE',
    subjectMatter: 'hosted switchboard and call routing',
    duration: 'the term of the service agreement',
    purposes: ['service-delivery'],
    dataCategories: ['call-records', 'contact-details'],
    subjectCategories: ['subscribers', 'callers'],
    subProcessorAuthorisation: 'specific',
    documentRef: 'DPA-2024-014',
  }),
  step('2024-01-10T08:07:00.000Z', 'engageSubProcessor', {
    controllerId: CONTROLLER,
    actor: 'dpo-office',
    processorId: 'cloudcall',
    subProcessorId: 'google-cloud-emea',
    name: 'Google Cloud EMEA Ltd',
    country: 'IE',
    services: ['storage of call recordings'],
    dataCategories: ['call-records'],
    purposes: ['service-delivery'],
    authorisation: {
      kind: 'specific',
      reference: 'AUTH-2024-003',
      grantedAt: '2024-01-09T00:00:00.000Z',
    },
    transferMechanisms: [],
  }),
]

const base = { controllerId: CONTROLLER }
const processing = (
  subjectId: string,
  overrides: Partial<CommandInput<'recordProcessing'>> &
    Pick<CommandInput<'recordProcessing'>, 'activityId' | 'purpose' | 'dataCategories' | 'action'>,
): CommandInput<'recordProcessing'> => ({
  ...base,
  actor: 'backend',
  subjectId,
  actorId: 'web-shop',
  actorRole: 'system',
  system: 'crm',
  legalBasis: 'contract',
  ...overrides,
})

const history = (): Step[] => [
  // Bo: a customer since 2024, gone on 1 October 2024.
  step(
    '2024-02-01T09:00:00.000Z',
    'recordProcessing',
    processing(BO, {
      activityId: 'act-service',
      purpose: 'service-delivery',
      dataCategories: ['subscriber-identity', 'contact-details'],
      action: 'collect',
    }),
  ),
  step(
    '2024-09-01T09:00:00.000Z',
    'recordProcessing',
    processing(BO, {
      actorId: 'billing-run',
      system: 'billing',
      activityId: 'act-billing',
      purpose: 'billing',
      legalBasis: 'legal-obligation',
      dataCategories: ['billing-information'],
      action: 'store',
    }),
  ),
  step('2024-10-01T09:00:00.000Z', 'endRelationship', {
    ...base,
    actor: 'crm',
    subjectId: BO,
    reason: 'contract-terminated',
  }),
  step('2024-10-01T09:05:00.000Z', 'placeLegalHold', {
    ...base,
    actor: 'finance',
    subjectId: BO,
    holdId: 'hold-bookkeeping-bo',
    reason: 'bookkeeping',
    dataCategories: ['billing-information'],
    statute: 'Bokföringslag (1999:1078) 7 kap. 2 §',
  }),

  // Anna: signs up in May 2026, traffic data rated and billed, marketing consent given and withdrawn.
  step(
    '2026-05-10T09:00:00.000Z',
    'recordProcessing',
    processing(ANNA, {
      system: 'web-shop',
      activityId: 'act-service',
      purpose: 'service-delivery',
      dataCategories: ['subscriber-identity', 'contact-details'],
      action: 'collect',
    }),
  ),
  step(
    '2026-05-20T02:00:00.000Z',
    'recordProcessing',
    processing(ANNA, {
      actorId: 'cdr-rating',
      system: 'cdr-pipeline',
      activityId: 'act-billing',
      purpose: 'billing',
      ePrivacyBasis: 'billing',
      dataCategories: ['call-records'],
      action: 'analyse',
      recordCount: 142,
      reference: 'batch-2026-05-20',
    }),
  ),
  step('2026-06-01T10:00:00.000Z', 'giveConsent', {
    ...base,
    actor: 'web-shop',
    subjectId: ANNA,
    purpose: 'marketing',
    noticeVersion: 'privacy-notice-2026-05',
    channel: 'web',
  }),
  step('2026-06-05T10:00:00.000Z', 'settleInvoice', {
    ...base,
    actor: 'billing',
    subjectId: ANNA,
    invoiceId: 'inv-2026-05-anna',
    periodFrom: '2026-05-01T00:00:00.000Z',
    periodTo: '2026-06-01T00:00:00.000Z',
  }),
  step(
    '2026-06-10T10:00:00.000Z',
    'recordProcessing',
    processing(ANNA, {
      actorId: 'campaign-engine',
      activityId: 'act-marketing',
      purpose: 'marketing',
      legalBasis: 'consent',
      ePrivacyBasis: 'consent',
      dataCategories: ['contact-details', 'usage-volumes'],
      action: 'use',
    }),
  ),
  step('2026-07-01T10:00:00.000Z', 'withdrawConsent', {
    ...base,
    actor: 'self-service-app',
    subjectId: ANNA,
    purpose: 'marketing',
    channel: 'app',
  }),
  step('2026-08-01T08:00:00.000Z', 'receiveAuthorityRequest', {
    ...base,
    actor: 'legal-desk',
    requestId: 'police-se-1',
    authority: {
      authorityId: 'se-police',
      name: 'Polismyndigheten',
      country: 'SE',
      kind: 'police',
    },
    statute: 'LEK (2022:482) 9 kap. 31 §',
    scope: { subjectIds: [ANNA], dataCategories: ['call-records'] },
    gagUntil: '2027-02-01T00:00:00.000Z',
    reference: 'PM-2026-881',
  }),
  step('2026-08-01T09:00:00.000Z', 'assessAuthorityRequest', {
    ...base,
    actor: 'legal-officer-7',
    requestId: 'police-se-1',
    decision: 'comply',
    assessedBy: { actorId: 'legal-officer-7', role: 'legal-officer' },
  }),
  step('2026-08-01T10:00:00.000Z', 'discloseToAuthority', {
    ...base,
    actor: 'legal-officer-7',
    requestId: 'police-se-1',
    subjectIds: [ANNA],
    dataCategories: ['call-records'],
    recordCount: 37,
    channel: 'secure-portal',
  }),
  step('2026-09-01T10:00:00.000Z', 'recordSharing', {
    ...base,
    actor: 'billing',
    subjectId: ANNA,
    activityId: 'act-billing',
    recipientId: 'inkasso-nord',
    recipientName: 'Inkasso Nord AB',
    recipientKind: 'third-party',
    country: 'SE',
    purpose: 'billing',
    legalBasis: 'contract',
    dataCategories: ['billing-information'],
  }),
  step(
    '2026-11-20T13:00:00.000Z',
    'recordProcessing',
    processing(ANNA, {
      actor: 'agent-42',
      actorId: 'agent-42',
      actorRole: 'support-agent',
      system: 'support-desk',
      activityId: 'act-support',
      purpose: 'customer-support',
      ePrivacyBasis: 'billing',
      dataCategories: ['call-records'],
      action: 'read',
      reference: 'case-5521',
    }),
  ),

  // Bo's data to Norwegian police (EEA: no Art. 48 agreement needed), no gag.
  step('2026-08-15T08:00:00.000Z', 'receiveAuthorityRequest', {
    ...base,
    actor: 'legal-desk',
    requestId: 'police-no-1',
    authority: { authorityId: 'no-police', name: 'Politiet', country: 'NO', kind: 'police' },
    statute: 'Straffeprosessloven § 210',
    scope: { subjectIds: [BO], dataCategories: ['subscriber-identity'] },
  }),
  step('2026-08-15T09:00:00.000Z', 'assessAuthorityRequest', {
    ...base,
    actor: 'legal-officer-7',
    requestId: 'police-no-1',
    decision: 'partially-comply',
    assessedBy: { actorId: 'legal-officer-7', role: 'legal-officer' },
  }),
  step('2026-08-15T10:00:00.000Z', 'discloseToAuthority', {
    ...base,
    actor: 'legal-officer-7',
    requestId: 'police-no-1',
    subjectIds: [BO],
    dataCategories: ['subscriber-identity'],
    recordCount: 1,
    channel: 'secure-portal',
  }),
  // A police request from outside the EEA without an international agreement: refused.
  step('2026-09-10T08:00:00.000Z', 'receiveAuthorityRequest', {
    ...base,
    actor: 'legal-desk',
    requestId: 'fbi-1',
    authority: {
      authorityId: 'us-fbi',
      name: 'Federal Bureau of Investigation',
      country: 'US',
      kind: 'police',
    },
    statute: '18 U.S.C. § 2703',
    scope: { subjectIds: [ANNA], dataCategories: ['call-records'] },
  }),
  step('2026-09-10T09:00:00.000Z', 'assessAuthorityRequest', {
    ...base,
    actor: 'legal-officer-7',
    requestId: 'fbi-1',
    decision: 'refuse',
    assessedBy: { actorId: 'legal-officer-7', role: 'legal-officer' },
    reasons: 'a third-country authority without an international agreement (GDPR Art. 48)',
  }),
  step('2026-09-10T10:00:00.000Z', 'refuseAuthorityRequest', {
    ...base,
    actor: 'legal-officer-7',
    requestId: 'fbi-1',
    reasons: 'no mutual legal assistance treaty request',
  }),

  // Cleo: customer data in the CRM, usage on consent, bookkeeping data in billing; three requests.
  step(
    '2026-08-01T09:00:00.000Z',
    'recordProcessing',
    processing(CLEO, {
      activityId: 'act-service',
      purpose: 'service-delivery',
      dataCategories: ['subscriber-identity', 'contact-details'],
      action: 'collect',
    }),
  ),
  step('2026-08-02T09:00:00.000Z', 'giveConsent', {
    ...base,
    actor: 'web-shop',
    subjectId: CLEO,
    purpose: 'marketing',
    noticeVersion: 'privacy-notice-2026-05',
    channel: 'app',
  }),
  step(
    '2026-08-03T09:00:00.000Z',
    'recordProcessing',
    processing(CLEO, {
      actorId: 'campaign-engine',
      activityId: 'act-marketing',
      purpose: 'marketing',
      legalBasis: 'consent',
      ePrivacyBasis: 'consent',
      dataCategories: ['usage-volumes'],
      action: 'analyse',
    }),
  ),
  step(
    '2026-08-04T09:00:00.000Z',
    'recordProcessing',
    processing(CLEO, {
      actorId: 'billing-run',
      system: 'billing',
      activityId: 'act-billing',
      purpose: 'billing',
      legalBasis: 'legal-obligation',
      dataCategories: ['billing-information'],
      action: 'store',
    }),
  ),
  step(
    '2026-08-05T09:00:00.000Z',
    'recordProcessing',
    processing(CLEO, {
      actorId: 'support-tool',
      system: 'support-desk',
      activityId: 'act-support',
      purpose: 'customer-support',
      dataCategories: ['support-cases'],
      action: 'collect',
    }),
  ),
  step('2026-08-06T09:00:00.000Z', 'recordSharing', {
    ...base,
    actor: 'billing',
    subjectId: CLEO,
    activityId: 'act-billing',
    recipientId: 'inkasso-nord',
    recipientName: 'Inkasso Nord AB',
    recipientKind: 'third-party',
    country: 'SE',
    purpose: 'billing',
    legalBasis: 'contract',
    dataCategories: ['billing-information'],
  }),
  step('2026-09-01T09:00:00.000Z', 'receiveRequest', {
    ...base,
    actor: 'privacy-desk',
    requestId: 'dsr-cleo-erasure',
    subjectId: CLEO,
    kind: 'erasure',
    channel: 'email',
    dataCategories: ['support-cases'],
  }),
  step('2026-09-20T09:00:00.000Z', 'recordErasure', {
    ...base,
    actor: 'privacy-desk',
    subjectId: CLEO,
    dataCategories: ['support-cases'],
    systems: ['support-desk'],
    method: 'deleted',
    requestId: 'dsr-cleo-erasure',
  }),
  step('2026-09-20T10:00:00.000Z', 'fulfilRequest', {
    ...base,
    actor: 'privacy-desk',
    requestId: 'dsr-cleo-erasure',
    channel: 'email',
    deletionConfirmation: {
      systems: ['support-desk'],
      confirmedAt: '2026-09-20T09:30:00.000Z',
      reference: 'DEL-2026-044',
    },
  }),
  step('2026-10-01T09:00:00.000Z', 'receiveRequest', {
    ...base,
    actor: 'privacy-desk',
    requestId: 'dsr-cleo-access',
    subjectId: CLEO,
    kind: 'access',
    channel: 'web',
  }),
  step('2026-11-15T09:00:00.000Z', 'receiveRequest', {
    ...base,
    actor: 'privacy-desk',
    requestId: 'dsr-cleo-portability',
    subjectId: CLEO,
    kind: 'portability',
    channel: 'app',
  }),

  // A breach in the public service: ePrivacy 24 h and NIS2 clocks (notified in time, NIS2 notification still running).
  step('2026-11-22T10:30:00.000Z', 'detectBreach', {
    ...base,
    actor: 'security-desk',
    breachId: 'breach-cdr-leak',
    detectedAt: '2026-11-22T10:00:00.000Z',
    awareAt: '2026-11-22T10:30:00.000Z',
    nature: ['confidentiality'],
    dataCategories: ['call-records'],
    approxSubjects: 3000,
    approxRecords: 41000,
    role: 'controller',
    publicEcsProvider: true,
    inPublicService: true,
    nis2Entity: true,
  }),
  step('2026-11-22T20:00:00.000Z', 'notifyAuthorityOfBreach', {
    ...base,
    actor: 'dpo-office',
    breachId: 'breach-cdr-leak',
    regime: 'eprivacy',
    authority: 'Post- och telestyrelsen',
    stage: 'initial',
    complete: true,
  }),
  step('2026-11-22T20:05:00.000Z', 'notifyAuthorityOfBreach', {
    ...base,
    actor: 'dpo-office',
    breachId: 'breach-cdr-leak',
    regime: 'nis2',
    authority: 'CERT-SE',
    stage: 'early-warning',
    complete: false,
  }),
]

let ids = 0
const factId = () => {
  ids += 1
  return `00000000-0000-4000-8000-${String(ids).padStart(12, '0')}`
}

/** Facts from an older system, recorded through the import path (no gate judged them). */
const importedFacts = (): ImportedFact[] => [
  // Marketing after Anna's withdrawal: the consent rule would have refused it.
  {
    id: factId(),
    type: 'DataProcessed',
    controllerId: CONTROLLER,
    occurredAt: '2026-07-15T10:00:00.000Z',
    actor: 'legacy-campaigns',
    data: {
      subjectId: ANNA,
      actorId: 'legacy-campaigns',
      actorRole: 'system',
      system: 'crm',
      activityId: 'act-marketing',
      purpose: 'marketing',
      legalBasis: 'consent',
      ePrivacyBasis: 'consent',
      dataCategories: ['contact-details'],
      action: 'use',
    },
  },
  // A GDPR breach notified to IMY 73 hours after awareness, without reasons for the delay.
  {
    id: factId(),
    type: 'BreachDetected',
    controllerId: CONTROLLER,
    occurredAt: '2026-10-05T08:00:00.000Z',
    actor: 'security-desk',
    data: {
      breachId: 'breach-misaddressed',
      detectedAt: '2026-10-05T07:30:00.000Z',
      awareAt: '2026-10-05T08:00:00.000Z',
      nature: ['confidentiality'],
      dataCategories: ['billing-information', 'contact-details'],
      approxSubjects: 120,
      approxRecords: 120,
      role: 'controller',
      publicEcsProvider: true,
      inPublicService: false,
      nis2Entity: false,
    },
  },
  {
    id: factId(),
    type: 'BreachAssessed',
    controllerId: CONTROLLER,
    occurredAt: '2026-10-05T12:00:00.000Z',
    actor: 'dpo-office',
    data: {
      breachId: 'breach-misaddressed',
      risk: 'risk',
      dataUnintelligible: false,
      assessedBy: { actorId: 'dpo-1', role: 'data-protection-officer' },
    },
  },
  {
    id: factId(),
    type: 'AuthorityNotified',
    controllerId: CONTROLLER,
    occurredAt: '2026-10-08T09:00:00.000Z',
    actor: 'dpo-office',
    data: {
      breachId: 'breach-misaddressed',
      regime: 'gdpr',
      authority: 'Integritetsskyddsmyndigheten',
      stage: 'initial',
      complete: true,
    },
  },
  // A sub-processor in the US engaged without any transfer mechanism.
  {
    id: factId(),
    type: 'SubProcessorEngaged',
    controllerId: CONTROLLER,
    occurredAt: '2026-03-01T10:00:00.000Z',
    actor: 'cloudcall-admin',
    data: {
      processorId: 'cloudcall',
      subProcessorId: 'analytics-us',
      name: 'CallMetrics Inc.',
      country: 'US',
      services: ['call quality analytics'],
      dataCategories: ['call-records'],
      purposes: ['service-delivery'],
      authorisation: {
        kind: 'specific',
        reference: 'AUTH-2026-001',
        grantedAt: '2026-02-20T00:00:00.000Z',
      },
      transferMechanisms: [],
    },
  },
]

export interface Scenario {
  readonly store: InMemoryEventStore
  readonly ledger: Ledger
  /** Moves the ledger's clock. */
  readonly setClock: (instant: string) => void
}

const unwrap = <A>(what: string, result: E.Either<Parameters<typeof describeError>[0], A>): A => {
  if (E.isLeft(result)) throw new Error(`${what} was refused: ${describeError(result.left)}`)
  return result.right
}

/**
 * Records the history through a ledger on a clock that walks through it (so every gate
 * happens "now" and `recordedAt` follows the story), imports the legacy facts on 12 November
 * 2026, and appends one processing record decided on a rights state that had already moved
 * (a race with the withdrawal).
 */
export const buildScenario = async (): Promise<Scenario> => {
  ids = 0
  const store = createInMemoryStore()
  let now = new Date('2024-01-01T00:00:00.000Z')
  const ledger = createLedger({ store, clock: () => now, jurisdiction: SE })
  const setClock = (instant: string) => {
    now = new Date(instant)
  }
  const steps = [...setup(), ...history()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  for (const s of steps) {
    setClock(s.at)
    unwrap(`${s.name} at ${s.at}`, await ledger.execute(s.name, s.command))
    if (s.name === 'withdrawConsent') await appendRacingMarketing(store)
  }
  setClock('2026-11-12T09:00:00.000Z')
  unwrap('import', await ledger.import(importedFacts()))
  setClock(NOW)
  return { store, ledger, setClock }
}

/**
 * The campaign engine read Anna's rights stream at version 1 (consent given), the withdrawal
 * landed as version 2, and the processing record was stored after it: `decidedOn` shows it.
 */
const appendRacingMarketing = async (store: InMemoryEventStore) => {
  const subjectStream = streamIds.subject(CONTROLLER, ANNA)
  const appended = await store.append(
    streamIds.processing(CONTROLLER, ANNA),
    [
      {
        id: '00000000-0000-4000-9000-000000000001',
        type: 'DataProcessed',
        controllerId: CONTROLLER,
        occurredAt: '2026-07-01T10:00:01.000Z',
        recordedAt: '2026-07-01T10:00:02.000Z',
        data: JSON.stringify({
          subjectId: ANNA,
          actorId: 'campaign-engine',
          actorRole: 'system',
          system: 'crm',
          activityId: 'act-marketing',
          purpose: 'marketing',
          legalBasis: 'consent',
          ePrivacyBasis: 'consent',
          dataCategories: ['contact-details'],
          action: 'use',
        }),
        metadata: serialiseMetadata({
          schemaVersion: 1,
          actor: 'campaign-engine',
          decidedOn: { [subjectStream]: 1, [streamIds.activity('act-marketing')]: 1 },
        }),
      },
    ],
    { expectedVersion: 'any' },
  )
  if (E.isLeft(appended)) throw new Error('the racing record was not appended')
}

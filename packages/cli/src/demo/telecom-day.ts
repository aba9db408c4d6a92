import {
  describeError,
  type CommandInput,
  type CommandName,
  type Ledger,
  type LedgerError,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import type { SimulatedClock } from './simulated-clock'

/**
 * A realistic day at a Nordic operator, from the operators' own texts: a subscriber signs up,
 * gives marketing consent and later withdraws it, call records are processed for billing, a
 * support agent reads the call list, the police ask for traffic data under a statute and get
 * it, a sub-processor is engaged and a breach is detected.
 */

export const CONTROLLER = 'nordtele_se'

/** One step of the day and what the ledger answered. */
export interface DayStep {
  readonly at: string
  readonly what: string
  readonly outcome: 'recorded' | 'already recorded' | 'refused'
  /** The ledger was meant to refuse this step. */
  readonly refusalExpected: boolean
  readonly detail?: string
}

const controllerParty = {
  name: 'Nordtele AB',
  contact: 'dataskydd@nordtele.example',
  dataProtectionOfficer: 'dpo@nordtele.example',
}
const security = {
  kind: 'described',
  measures: [
    'encryption in transit and at rest',
    'pseudonymised subscriber ids',
    'role-based access with logging',
  ],
} as const

/** The Art. 30 records the day relies on (declared once; re-runs find them in place). */
const activities = [
  {
    activityId: 'act-service-delivery',
    name: 'Mobile subscription: delivering the service',
    purposes: ['service-delivery', 'transmission'],
    legalBases: [{ basis: 'contract', ePrivacyBasis: 'transmission' }],
    dataCategories: ['subscriber-identity', 'contact-details', 'call-records'],
    retention: [
      {
        kind: 'period',
        dataCategory: 'subscriber-identity',
        period: 'P24M',
        from: 'relationship-ended',
      },
      {
        kind: 'period',
        dataCategory: 'contact-details',
        period: 'P24M',
        from: 'relationship-ended',
      },
      {
        kind: 'rule',
        dataCategory: 'call-records',
        rule: 'until-invoice-settled',
        maxPeriod: 'P5M',
        from: 'processed',
        description: 'traffic data kept at most 5 months or until the invoice is settled',
      },
    ],
  },
  {
    activityId: 'act-billing',
    name: 'Billing and invoice disputes',
    purposes: ['billing'],
    legalBases: [{ basis: 'contract', ePrivacyBasis: 'billing' }, { basis: 'legal-obligation' }],
    dataCategories: ['call-records', 'billing-information', 'subscriber-identity'],
    retention: [
      {
        kind: 'rule',
        dataCategory: 'call-records',
        rule: 'until-invoice-settled',
        maxPeriod: 'P5M',
        from: 'processed',
        description: 'traffic data kept until the invoice can no longer be challenged',
      },
      {
        kind: 'period',
        dataCategory: 'billing-information',
        period: 'P7Y',
        from: 'invoice-settled',
      },
      {
        kind: 'period',
        dataCategory: 'subscriber-identity',
        period: 'P24M',
        from: 'relationship-ended',
      },
    ],
  },
  {
    activityId: 'act-support',
    name: 'Customer support',
    purposes: ['customer-support'],
    // Reading call records on a billing question is billing enquiry handling (ePD art. 6(2)).
    legalBases: [{ basis: 'contract', ePrivacyBasis: 'billing' }],
    dataCategories: ['call-records', 'contact-details', 'support-cases'],
    retention: [
      { kind: 'period', dataCategory: 'support-cases', period: 'P24M', from: 'request-closed' },
      {
        kind: 'rule',
        dataCategory: 'call-records',
        rule: 'until-invoice-settled',
        maxPeriod: 'P5M',
        from: 'processed',
        description: 'read from the billing system, not copied',
      },
      {
        kind: 'period',
        dataCategory: 'contact-details',
        period: 'P24M',
        from: 'relationship-ended',
      },
    ],
  },
  {
    activityId: 'act-marketing',
    name: 'Marketing of own services',
    purposes: ['marketing'],
    legalBases: [{ basis: 'consent', ePrivacyBasis: 'consent' }],
    dataCategories: ['contact-details', 'usage-volumes'],
    retention: [
      { kind: 'period', dataCategory: 'contact-details', period: 'P24M', from: 'collected' },
      { kind: 'period', dataCategory: 'usage-volumes', period: 'P12M', from: 'collected' },
    ],
  },
  {
    activityId: 'act-authority-disclosure',
    name: 'Disclosure to authorities under law',
    purposes: ['law-enforcement-disclosure'],
    legalBases: [{ basis: 'legal-obligation', ePrivacyBasis: 'national-law-disclosure' }],
    dataCategories: ['call-records', 'subscriber-identity'],
    retention: [
      {
        kind: 'not-possible',
        dataCategory: 'call-records',
        reason: 'disclosed data is held by the authority under its own rules',
      },
      {
        kind: 'period',
        dataCategory: 'subscriber-identity',
        period: 'P24M',
        from: 'relationship-ended',
      },
    ],
  },
] as const

type Step = {
  [N in CommandName]: {
    minute: number
    what: string
    name: N
    command: CommandInput<N>
    refusal?: true
  }
}[CommandName]

const step = <N extends CommandName>(
  minute: number,
  what: string,
  name: N,
  command: CommandInput<N>,
): Step => ({ minute, what, name, command }) as Step

/** A step the ledger must refuse: the gate doing its job. */
const refused = <N extends CommandName>(
  minute: number,
  what: string,
  name: N,
  command: CommandInput<N>,
): Step => ({ minute, what, name, command, refusal: true }) as Step

const setupSteps = (): Step[] => [
  ...activities.map((activity, i) =>
    step(i, `Art. 30 record "${activity.name}" declared`, 'declareProcessingActivity', {
      controllerId: CONTROLLER,
      actor: 'dpo-office',
      commandId: `setup-${activity.activityId}`,
      role: 'controller',
      controller: controllerParty,
      subjectCategories: ['subscribers'],
      recipients: [],
      transfers: [],
      securityMeasures: security,
      ...activity,
      purposes: [...activity.purposes],
      legalBases: [
        ...activity.legalBases,
      ] as CommandInput<'declareProcessingActivity'>['legalBases'],
      dataCategories: [...activity.dataCategories],
      retention: [...activity.retention] as CommandInput<'declareProcessingActivity'>['retention'],
    }),
  ),
  step(
    6,
    'data processing agreement signed with CloudCall AB (switchboard platform)',
    'signDataProcessingAgreement',
    {
      controllerId: CONTROLLER,
      actor: 'dpo-office',
      commandId: 'setup-dpa-cloudcall',
      processorId: 'cloudcall',
      processorName: 'CloudCall AB',
      country: 'SE',
      subjectMatter: 'hosted switchboard and call routing for business subscribers',
      duration: 'the term of the service agreement',
      purposes: ['service-delivery', 'switchboard-answering'],
      dataCategories: ['call-records', 'contact-details'],
      subjectCategories: ['subscribers', 'callers'],
      subProcessorAuthorisation: 'specific',
      documentRef: 'DPA-2026-014',
    },
  ),
]

const daySteps = (subject: string, run: string, day: SimulatedClock): Step[] => {
  const base = { controllerId: CONTROLLER }
  const period = {
    periodFrom: new Date(day.dayStart.getTime() - 30 * 86_400_000).toISOString(),
    periodTo: day.dayStart.toISOString(),
  }
  return [
    step(60, 'subscriber signs up in the web shop', 'recordProcessing', {
      ...base,
      actor: 'web-shop',
      subjectId: subject,
      actorId: 'web-shop',
      actorRole: 'system',
      system: 'web-shop',
      activityId: 'act-service-delivery',
      purpose: 'service-delivery',
      legalBasis: 'contract',
      dataCategories: ['subscriber-identity', 'contact-details'],
      action: 'collect',
    }),
    step(62, 'marketing consent given on the web (notice v2026-10)', 'giveConsent', {
      ...base,
      actor: 'web-shop',
      subjectId: subject,
      purpose: 'marketing',
      noticeVersion: 'privacy-notice-2026-10',
      channel: 'web',
    }),
    step(150, 'campaign system selects the subscriber for an offer', 'recordProcessing', {
      ...base,
      actor: 'campaigns',
      subjectId: subject,
      actorId: 'campaign-engine',
      actorRole: 'system',
      system: 'crm',
      activityId: 'act-marketing',
      purpose: 'marketing',
      legalBasis: 'consent',
      ePrivacyBasis: 'consent',
      dataCategories: ['contact-details', 'usage-volumes'],
      action: 'use',
    }),
    step(240, 'marketing consent withdrawn in the app', 'withdrawConsent', {
      ...base,
      actor: 'self-service-app',
      subjectId: subject,
      purpose: 'marketing',
      channel: 'app',
    }),
    refused(270, 'campaign system tries the offer again after the withdrawal', 'recordProcessing', {
      ...base,
      actor: 'campaigns',
      subjectId: subject,
      actorId: 'campaign-engine',
      actorRole: 'system',
      system: 'crm',
      activityId: 'act-marketing',
      purpose: 'marketing',
      legalBasis: 'consent',
      ePrivacyBasis: 'consent',
      dataCategories: ['contact-details', 'usage-volumes'],
      action: 'use',
    }),
    step(300, "CDR pipeline rates the day's call records for billing", 'recordProcessing', {
      ...base,
      actor: 'cdr-pipeline',
      subjectId: subject,
      actorId: 'cdr-rating',
      actorRole: 'system',
      system: 'cdr-pipeline',
      activityId: 'act-billing',
      purpose: 'billing',
      legalBasis: 'contract',
      ePrivacyBasis: 'billing',
      dataCategories: ['call-records'],
      action: 'analyse',
      recordCount: 142,
      reference: `batch-${run}`,
    }),
    step(375, 'support agent 42 reads the call list on a billing question', 'recordProcessing', {
      ...base,
      actor: 'agent-42',
      subjectId: subject,
      actorId: 'agent-42',
      actorRole: 'support-agent',
      system: 'support-desk',
      activityId: 'act-support',
      purpose: 'customer-support',
      legalBasis: 'contract',
      ePrivacyBasis: 'billing',
      dataCategories: ['call-records'],
      action: 'read',
      reference: `case-${run}`,
    }),
    step(
      420,
      'police request traffic data under the Electronic Communications Act',
      'receiveAuthorityRequest',
      {
        ...base,
        actor: 'legal-desk',
        requestId: `police-${run}`,
        authority: {
          authorityId: 'se-police',
          name: 'Polismyndigheten',
          country: 'SE',
          kind: 'police',
        },
        statute: 'LEK (2022:482) 9 kap. 31 §',
        scope: { subjectIds: [subject], dataCategories: ['call-records'], ...period },
        gagUntil: new Date(day.dayStart.getTime() + 90 * 86_400_000).toISOString(),
        reference: `PM-${run}`,
      },
    ),
    step(440, 'legal officer assesses the request: comply', 'assessAuthorityRequest', {
      ...base,
      actor: 'legal-officer-7',
      requestId: `police-${run}`,
      decision: 'comply',
      assessedBy: { actorId: 'legal-officer-7', role: 'legal-officer' },
      reasons: 'statute and scope verified',
    }),
    step(465, 'call records disclosed to the police', 'discloseToAuthority', {
      ...base,
      actor: 'legal-officer-7',
      requestId: `police-${run}`,
      subjectIds: [subject],
      dataCategories: ['call-records'],
      recordCount: 37,
      channel: 'secure-portal',
    }),
    step(
      480,
      'sub-processor Google Cloud EMEA engaged for call recording storage',
      'engageSubProcessor',
      {
        ...base,
        actor: 'dpo-office',
        commandId: 'setup-subprocessor-gcp',
        processorId: 'cloudcall',
        subProcessorId: 'google-cloud-emea',
        name: 'Google Cloud EMEA Ltd',
        country: 'IE',
        services: ['storage of call recordings'],
        dataCategories: ['call-content'],
        purposes: ['service-delivery'],
        authorisation: {
          kind: 'specific',
          reference: 'AUTH-2026-003',
          // Fixed, like every setup step's data, so a run on a later day retries it idempotently.
          grantedAt: '2026-01-15T09:00:00.000Z',
        },
        transferMechanisms: [],
      },
    ),
    step(560, 'breach detected: invoices e-mailed to the wrong customers', 'detectBreach', {
      ...base,
      actor: 'security-desk',
      breachId: `breach-${run}`,
      detectedAt: new Date(day.dayStart.getTime() + 555 * 60_000).toISOString(),
      awareAt: new Date(day.dayStart.getTime() + 560 * 60_000).toISOString(),
      nature: ['confidentiality'],
      dataCategories: ['billing-information', 'contact-details'],
      approxSubjects: 120,
      approxRecords: 120,
      role: 'controller',
      publicEcsProvider: true,
      inPublicService: false,
      nis2Entity: true,
    }),
    step(590, 'breach assessed: risk to the subscribers', 'assessBreach', {
      ...base,
      actor: 'dpo-office',
      breachId: `breach-${run}`,
      risk: 'risk',
      dataUnintelligible: false,
      assessedBy: { actorId: 'dpo-1', role: 'data-protection-officer' },
    }),
  ]
}

const outcomeOf = (
  result: E.Either<LedgerError, { duplicate: boolean }>,
): Pick<DayStep, 'outcome' | 'detail'> =>
  E.isRight(result)
    ? { outcome: result.right.duplicate ? 'already recorded' : 'recorded' }
    : { outcome: 'refused', detail: describeError(result.left) }

/**
 * Records the day for a fresh subscriber pseudonym `sub-<run>`. Setup (activities, the
 * processor agreement, the sub-processor) carries command ids, so a second run finds it in
 * place and appends nothing new for it.
 */
export const recordTelecomDay = async (
  ledger: Ledger,
  day: SimulatedClock,
  run: string,
): Promise<{ subjectId: string; steps: DayStep[] }> => {
  const subjectId = `sub-${run}`
  const steps: DayStep[] = []
  for (const s of [...setupSteps(), ...daySteps(subjectId, run, day)]) {
    const at = day.at(s.minute)
    const result = await ledger.execute(s.name, s.command)
    steps.push({ at, what: s.what, refusalExpected: s.refusal === true, ...outcomeOf(result) })
  }
  return { subjectId, steps }
}

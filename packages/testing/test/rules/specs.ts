import type { CommandInput, CommandName } from '@gdpr-ledger/core'
import type { SpecStep } from '../../src'

/** Given/when/then steps for the rule specifications, in the seeds' vocabulary. */

export const CONTROLLER = 'nordtele_se'
export const SUBJECT = 'sub-8f3a'

export const step = <N extends CommandName>(
  name: N,
  command: CommandInput<N>,
  at: string,
): SpecStep => ({ name, command, at })

const party = { name: 'Nordtele AB', contact: 'dataskydd@nordtele.example' }

export const declare = (
  overrides: Partial<CommandInput<'declareProcessingActivity'>> = {},
): CommandInput<'declareProcessingActivity'> => ({
  controllerId: CONTROLLER,
  actor: 'dpo-office',
  activityId: 'act-marketing',
  name: 'Marketing of own services',
  role: 'controller',
  controller: party,
  purposes: ['marketing'],
  legalBases: [{ basis: 'consent', ePrivacyBasis: 'consent' }],
  subjectCategories: ['subscribers'],
  dataCategories: ['contact-details', 'usage-volumes'],
  recipients: [],
  transfers: [],
  retention: [
    { kind: 'period', dataCategory: 'contact-details', period: 'P24M', from: 'relationship-ended' },
    { kind: 'period', dataCategory: 'usage-volumes', period: 'P12M', from: 'collected' },
  ],
  securityMeasures: { kind: 'described', measures: ['encryption at rest'] },
  ...overrides,
})

export const declareSupport = declare({
  activityId: 'act-support',
  name: 'Customer support and billing enquiries',
  purposes: ['customer-support'],
  legalBases: [{ basis: 'contract', ePrivacyBasis: 'billing' }, { basis: 'contract' }],
  dataCategories: ['call-records', 'contact-details', 'support-cases'],
  retention: [
    {
      kind: 'rule',
      dataCategory: 'call-records',
      rule: 'until-invoice-settled',
      maxPeriod: 'P5M',
      description: 'traffic data until the invoice can no longer be challenged',
    },
    { kind: 'period', dataCategory: 'contact-details', period: 'P24M', from: 'relationship-ended' },
    { kind: 'period', dataCategory: 'support-cases', period: 'P24M', from: 'request-closed' },
  ],
})

export const consent = (
  occurredAt: string,
  overrides: Partial<CommandInput<'giveConsent'>> = {},
): CommandInput<'giveConsent'> => ({
  controllerId: CONTROLLER,
  actor: 'web-shop',
  subjectId: SUBJECT,
  purpose: 'marketing',
  noticeVersion: 'privacy-notice-2026-10',
  channel: 'web',
  occurredAt,
  ...overrides,
})

export const withdrawal = (occurredAt: string): CommandInput<'withdrawConsent'> => ({
  controllerId: CONTROLLER,
  actor: 'self-service-app',
  subjectId: SUBJECT,
  purpose: 'marketing',
  channel: 'app',
  occurredAt,
})

export const marketing = (
  overrides: Partial<CommandInput<'recordProcessing'>> = {},
): CommandInput<'recordProcessing'> => ({
  controllerId: CONTROLLER,
  actor: 'campaigns',
  subjectId: SUBJECT,
  actorId: 'campaign-engine',
  actorRole: 'system',
  system: 'crm',
  activityId: 'act-marketing',
  purpose: 'marketing',
  legalBasis: 'consent',
  ePrivacyBasis: 'consent',
  dataCategories: ['usage-volumes'],
  action: 'use',
  ...overrides,
})

export const supportRead = (
  overrides: Partial<CommandInput<'recordProcessing'>> = {},
): CommandInput<'recordProcessing'> => ({
  controllerId: CONTROLLER,
  actor: 'agent-42',
  subjectId: SUBJECT,
  actorId: 'agent-42',
  actorRole: 'support-agent',
  system: 'support-desk',
  activityId: 'act-support',
  purpose: 'customer-support',
  legalBasis: 'contract',
  dataCategories: ['contact-details'],
  action: 'read',
  ...overrides,
})

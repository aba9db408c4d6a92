import * as E from 'fp-ts/lib/Either.js'
import type { CommandInput, EventStore } from '../src'

/** A fixed clock the tests move by hand. */
export const manualClock = (start = '2026-11-23T08:00:00.000Z') => {
  let now = new Date(start)
  return {
    clock: () => now,
    set: (instant: string) => {
      now = new Date(instant)
    },
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms)
    },
  }
}

export const CONTROLLER = 'telco_se'

export const declareBilling = (
  overrides: Partial<CommandInput<'declareProcessingActivity'>> = {},
): CommandInput<'declareProcessingActivity'> => ({
  controllerId: CONTROLLER,
  actor: 'dpo-office',
  activityId: 'act-billing',
  name: 'Billing and invoice disputes',
  role: 'controller',
  controller: { name: 'Telco AB', contact: 'dataskydd@telco.example' },
  purposes: ['billing'],
  legalBases: [{ basis: 'contract', ePrivacyBasis: 'billing' }],
  subjectCategories: ['subscribers'],
  dataCategories: ['call-records', 'billing-information'],
  recipients: [],
  transfers: [],
  retention: [
    {
      kind: 'rule',
      dataCategory: 'call-records',
      rule: 'until-invoice-settled',
      maxPeriod: 'P5M',
      description: 'traffic data until the invoice is settled',
    },
    {
      kind: 'period',
      dataCategory: 'billing-information',
      period: 'P7Y',
      from: 'invoice-settled',
    },
  ],
  securityMeasures: { kind: 'described', measures: ['encryption at rest'] },
  ...overrides,
})

export const giveConsent = (
  overrides: Partial<CommandInput<'giveConsent'>> = {},
): CommandInput<'giveConsent'> => ({
  controllerId: CONTROLLER,
  actor: 'web-shop',
  subjectId: 'sub-8f3a',
  purpose: 'marketing',
  noticeVersion: 'notice-2026-10',
  channel: 'web',
  ...overrides,
})

export const recordBilling = (
  overrides: Partial<CommandInput<'recordProcessing'>> = {},
): CommandInput<'recordProcessing'> => ({
  controllerId: CONTROLLER,
  actor: 'cdr-pipeline',
  subjectId: 'sub-8f3a',
  actorId: 'cdr-rating',
  actorRole: 'system',
  system: 'cdr-pipeline',
  activityId: 'act-billing',
  purpose: 'billing',
  legalBasis: 'contract',
  ePrivacyBasis: 'billing',
  dataCategories: ['call-records'],
  action: 'analyse',
  ...overrides,
})

export const detectBreach = (
  overrides: Partial<CommandInput<'detectBreach'>> = {},
): CommandInput<'detectBreach'> => ({
  controllerId: CONTROLLER,
  actor: 'security-desk',
  breachId: 'br-1',
  detectedAt: '2026-11-23T07:00:00.000Z',
  awareAt: '2026-11-23T07:30:00.000Z',
  nature: ['confidentiality'],
  dataCategories: ['billing-information'],
  approxSubjects: 120,
  approxRecords: 120,
  role: 'controller',
  publicEcsProvider: true,
  inPublicService: false,
  nis2Entity: false,
  ...overrides,
})

/** How many events the store holds (up to 10,000), or -1 when it cannot be read. */
export const countAll = async (store: EventStore): Promise<number> => {
  const page = await store.readAll({ limit: 10_000 })
  return E.isRight(page) ? page.right.length : -1
}

import type { CommandInput, Ledger, LedgerError } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'

/**
 * The operator's Art. 30 records, declared at start-up. Command ids make a restart (or a
 * second instance) find them in place instead of failing.
 */
type Declaration = Omit<CommandInput<'declareProcessingActivity'>, 'controllerId' | 'actor'>

const controller = { name: 'Nordtele AB', contact: 'dataskydd@nordtele.example' }
const security = {
  kind: 'described',
  measures: ['encryption in transit and at rest', 'pseudonymised subscriber ids', 'access logging'],
} as const
const common = {
  role: 'controller',
  controller,
  subjectCategories: ['subscribers'],
  recipients: [],
  transfers: [],
  securityMeasures: security,
} as const
const customerData = (dataCategory: string) =>
  ({ kind: 'period', dataCategory, period: 'P24M', from: 'relationship-ended' }) as const
const trafficData = {
  kind: 'rule',
  dataCategory: 'call-records',
  rule: 'until-invoice-settled',
  maxPeriod: 'P5M',
  from: 'processed',
  description: 'traffic data: at most five months or until the invoice is settled',
} as const

export const activities: readonly Declaration[] = [
  {
    ...common,
    activityId: 'act-service-delivery',
    name: 'Mobile subscription: sign-up and delivering the service',
    purposes: ['service-delivery'],
    legalBases: [{ basis: 'contract' }],
    dataCategories: ['subscriber-identity', 'contact-details'],
    retention: [customerData('subscriber-identity'), customerData('contact-details')],
  },
  {
    ...common,
    activityId: 'act-billing',
    name: 'Rating call records and billing',
    purposes: ['billing'],
    legalBases: [{ basis: 'contract', ePrivacyBasis: 'billing' }],
    dataCategories: ['call-records'],
    retention: [trafficData],
  },
  {
    ...common,
    activityId: 'act-support',
    name: 'Customer support',
    purposes: ['customer-support'],
    // A call list read on a billing question is a billing enquiry (ePrivacy art. 6(2)).
    legalBases: [{ basis: 'contract', ePrivacyBasis: 'billing' }],
    dataCategories: ['call-records', 'contact-details'],
    retention: [trafficData, customerData('contact-details')],
  },
  {
    ...common,
    activityId: 'act-offers',
    name: 'Offers of our own services, and location-based offers',
    purposes: ['marketing', 'location-offers'],
    legalBases: [{ basis: 'consent', ePrivacyBasis: 'consent' }],
    dataCategories: ['contact-details', 'cell-location'],
    retention: [
      { kind: 'period', dataCategory: 'contact-details', period: 'P24M', from: 'collected' },
      { kind: 'period', dataCategory: 'cell-location', period: 'P1D', from: 'collected' },
    ],
  },
]

export const declareActivities = async (
  ledger: Ledger,
  controllerId: string,
): Promise<E.Either<LedgerError, void>> => {
  for (const activity of activities) {
    const declared = await ledger.declareProcessingActivity({
      ...activity,
      controllerId,
      actor: 'dpo-office',
      commandId: `declare-${activity.activityId}`,
    })
    if (E.isLeft(declared)) return declared
  }
  return E.right(undefined)
}

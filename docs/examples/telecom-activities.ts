import type { CommandInput, Ledger } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'

// #region activities
// The Art. 30 records of a Swedish operator, in the words of its privacy notice: customer
// data (contract), traffic data for billing (ePrivacy art. 6(2)), marketing on consent.
type Activity = CommandInput<'declareProcessingActivity'>

const nordtele = {
  controllerId: 'nordtele_se',
  actor: 'dpo-office',
  role: 'controller',
  controller: { name: 'Nordtele AB', contact: 'dataskydd@nordtele.example' },
  subjectCategories: ['subscribers'],
  recipients: [],
  transfers: [],
  securityMeasures: { kind: 'described', measures: ['encryption at rest', 'role-based access'] },
} as const

export const activities: Activity[] = [
  {
    ...nordtele,
    activityId: 'act-billing',
    name: 'Billing and invoice disputes',
    purposes: ['billing'],
    legalBases: [{ basis: 'contract', ePrivacyBasis: 'billing' }],
    dataCategories: ['call-records', 'billing-information'],
    retention: [
      {
        kind: 'rule',
        dataCategory: 'call-records',
        rule: 'until-invoice-settled',
        maxPeriod: 'P5M',
        from: 'processed',
        description: 'traffic data: at most five months or until the invoice is settled',
      },
      {
        kind: 'period',
        dataCategory: 'billing-information',
        period: 'P7Y',
        from: 'invoice-settled',
      },
    ],
  },
  {
    ...nordtele,
    activityId: 'act-support',
    name: 'Customer support',
    purposes: ['customer-support'],
    // A billing question read from the call list is a billing enquiry (ePrivacy art. 6(2)).
    legalBases: [{ basis: 'contract', ePrivacyBasis: 'billing' }],
    dataCategories: ['call-records', 'contact-details', 'support-cases'],
    retention: [
      { kind: 'period', dataCategory: 'support-cases', period: 'P24M', from: 'request-closed' },
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
        description: 'read in the billing system, never copied',
      },
    ],
  },
  {
    ...nordtele,
    activityId: 'act-marketing',
    name: 'Offers of our own services',
    purposes: ['marketing', 'location-offers'],
    legalBases: [{ basis: 'consent', ePrivacyBasis: 'consent' }],
    dataCategories: ['contact-details', 'usage-volumes', 'cell-location'],
    retention: [
      { kind: 'period', dataCategory: 'contact-details', period: 'P24M', from: 'collected' },
      { kind: 'period', dataCategory: 'usage-volumes', period: 'P3M', from: 'collected' },
      { kind: 'period', dataCategory: 'cell-location', period: 'P1D', from: 'collected' },
    ],
  },
]

/** Declares the records once; a command id makes a second run append nothing. */
export const declareActivities = async (ledger: Ledger): Promise<void> => {
  for (const activity of activities) {
    const declared = await ledger.declareProcessingActivity({
      ...activity,
      commandId: `declare-${activity.activityId}`,
    })
    if (E.isLeft(declared)) throw new Error(`${activity.activityId} was refused`)
  }
}
// #endregion activities

import { createInMemoryStore, createLedger } from '@gdpr-ledger/core'
import { recorded, refusedBy } from './support/assert'
import { declareActivities } from './telecom-activities'

const ledger = createLedger({ store: createInMemoryStore() })
await declareActivities(ledger)

// #region purpose
const billingRun = {
  controllerId: 'nordtele_se',
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
  recordCount: 142,
} as const

const billed = await ledger.recordProcessing(billingRun)
// Right: act-billing declares the purpose, the legal bases and the category

const reused = await ledger.recordProcessing({ ...billingRun, purpose: 'churn-analysis' })
// Left: activity.purpose (GDPR Art. 5(1)(b))
const widened = await ledger.recordProcessing({
  ...billingRun,
  dataCategories: ['call-records', 'cell-location'],
})
// Left: activity.data-categories (GDPR Art. 5(1)(c), Art. 30(1)(c))
const rebased = await ledger.recordProcessing({ ...billingRun, legalBasis: 'legitimate-interests' })
// Left: activity.legal-basis (GDPR Art. 6(1), Art. 9(2); ePrivacy Directive arts. 6, 9)
const undeclared = await ledger.recordProcessing({ ...billingRun, activityId: 'act-fraud' })
// Left: activity.declared (GDPR Art. 5(1)(b), Art. 30(1)): no such record
// #endregion purpose

recorded(billed)
refusedBy(reused, 'activity.purpose')
refusedBy(widened, 'activity.data-categories')
refusedBy(rebased, 'activity.legal-basis')
refusedBy(undeclared, 'activity.declared')

// #region processor-record
// A switchboard answering calls for business customers is their processor: its record
// names the controllers it processes for (Art. 30(2)(a)).
const switchboard = {
  controllerId: 'we4you_no',
  actor: 'dpo-office',
  activityId: 'act-switchboard',
  name: 'Switchboard answering for business customers',
  role: 'processor',
  controller: { name: 'We4you AS', contact: 'personvern@we4you.example' },
  purposes: ['switchboard-answering'],
  legalBases: [{ basis: 'contract' }],
  subjectCategories: ['callers', 'business-customer-employees'],
  dataCategories: ['contact-details', 'call-records'],
  recipients: [],
  transfers: [],
  retention: [
    {
      kind: 'not-possible',
      dataCategory: 'contact-details',
      reason: 'deleted on the customer instruction, without undue delay',
    },
  ],
  securityMeasures: { kind: 'described', measures: ['signed confidentiality declarations'] },
} as const

const incomplete = await ledger.declareProcessingActivity(switchboard)
// Left: activity.record-complete (GDPR Art. 30(2)(a))
const complete = await ledger.declareProcessingActivity({
  ...switchboard,
  processingFor: [{ name: 'Fjordbygg AS', contact: 'post@fjordbygg.example' }],
})
// Right
// #endregion processor-record

refusedBy(incomplete, 'activity.record-complete')
recorded(complete)

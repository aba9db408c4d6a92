import { createInMemoryStore, createLedger, describeError } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'

const ledger = createLedger({ store: createInMemoryStore() })
const controller = { controllerId: 'nordtele_se', actor: 'dpo-office' }

// The Art. 30 record every processing names (declared once, amended as a whole).
await ledger.declareProcessingActivity({
  ...controller,
  activityId: 'act-support',
  name: 'Customer support',
  role: 'controller',
  controller: { name: 'Nordtele AB', contact: 'dataskydd@nordtele.example' },
  purposes: ['customer-support'],
  legalBases: [{ basis: 'contract', ePrivacyBasis: 'billing' }],
  subjectCategories: ['subscribers'],
  dataCategories: ['call-records', 'contact-details'],
  recipients: [],
  transfers: [],
  retention: [
    { kind: 'period', dataCategory: 'call-records', period: 'P5M', from: 'processed' },
    { kind: 'period', dataCategory: 'contact-details', period: 'P24M', from: 'relationship-ended' },
  ],
  securityMeasures: { kind: 'described', measures: ['role-based access with logging'] },
})

// A gate: record it just before the support desk shows the call list.
const read = await ledger.recordProcessing({
  controllerId: 'nordtele_se',
  subjectId: 'sub-8f3a', // your pseudonym for the subscriber
  actor: 'agent-42',
  actorId: 'agent-42',
  actorRole: 'support-agent',
  system: 'support-desk',
  activityId: 'act-support',
  purpose: 'customer-support',
  legalBasis: 'contract',
  ePrivacyBasis: 'billing', // call records are traffic data: name the ePrivacy ground
  dataCategories: ['call-records'],
  action: 'read',
})
if (E.isLeft(read)) throw new Error(describeError(read.left)) // InvalidInput, ComplianceViolation, …

await ledger.checkpoint()
const report = await ledger.verify()
console.log(E.isRight(report) && report.right.ok ? 'chain verified' : report)

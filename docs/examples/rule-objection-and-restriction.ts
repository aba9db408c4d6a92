import { createInMemoryStore, createLedger } from '@gdpr-ledger/core'
import { recorded, refusedBy } from './support/assert'
import { declareActivities } from './telecom-activities'

const ledger = createLedger({ store: createInMemoryStore() })
await declareActivities(ledger)
const subscriber = { controllerId: 'nordtele_se', subjectId: 'sub-3d90' }
await ledger.giveConsent({
  ...subscriber,
  actor: 'web-signup',
  purpose: 'marketing',
  noticeVersion: 'privacy-notice-2026-10',
  channel: 'web',
})

// #region objection
const offer = {
  ...subscriber,
  actor: 'campaigns',
  actorId: 'campaign-engine',
  actorRole: 'system',
  system: 'crm',
  activityId: 'act-marketing',
  purpose: 'marketing',
  legalBasis: 'consent',
  ePrivacyBasis: 'consent',
  dataCategories: ['contact-details'],
  action: 'use',
} as const

// "Stop sending me offers", said on the phone: an objection, whatever the consent says.
await ledger.raiseObjection({
  ...subscriber,
  actor: 'agent-42',
  scope: 'direct-marketing',
  channel: 'phone',
})
const afterObjection = await ledger.recordProcessing(offer)
// Left: objection.direct-marketing (GDPR Art. 21(3)), although the consent was never withdrawn
// #endregion objection

refusedBy(afterObjection, 'objection.direct-marketing')

// #region restriction
// The subscriber contests the accuracy of their invoices: processing is restricted (Art. 18(1)(a)).
await ledger.restrictProcessing({ ...subscriber, actor: 'agent-42', ground: 'accuracy-contested' })

const supportRead = {
  ...subscriber,
  actor: 'agent-7',
  actorId: 'agent-7',
  actorRole: 'support-agent',
  system: 'support-desk',
  activityId: 'act-support',
  purpose: 'customer-support',
  legalBasis: 'contract',
  ePrivacyBasis: 'billing',
  dataCategories: ['call-records'],
  action: 'read',
} as const

const read = await ledger.recordProcessing(supportRead)
// Left: restriction.storage-only (GDPR Art. 18(2))
const kept = await ledger.recordProcessing({ ...supportRead, action: 'store' })
// Right: storing is what a restriction leaves

// A decision on an Art. 18(2) ground opens one purpose again, for the restriction it is made in.
await ledger.allowRestrictedProcessing({
  ...subscriber,
  actor: 'dpo-office',
  ground: 'legal-claims',
  purposes: ['customer-support'],
  decidedBy: { actorId: 'dpo-1', role: 'data-protection-officer' },
  reasons: 'the invoice dispute is handled as a legal claim',
})
const forTheClaim = await ledger.recordProcessing({
  ...supportRead,
  restrictionGround: 'legal-claims',
})
// Right
// #endregion restriction

refusedBy(read, 'restriction.storage-only')
recorded(kept)
recorded(forTheClaim)

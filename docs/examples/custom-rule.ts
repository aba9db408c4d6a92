import { createInMemoryStore, createLedger, jurisdictions } from '@gdpr-ledger/core'
import { noNightlyCampaigns } from './house-rules'
import { recorded, refusedBy } from './support/assert'
import { declareActivities } from './telecom-activities'

// #region ledger
const ledger = createLedger({
  store: createInMemoryStore(),
  jurisdiction: jurisdictions.SE,
  clock: () => new Date('2026-11-23T23:30:00.000Z'), // 00:30 in Stockholm
  rules: [noNightlyCampaigns], // after the built-in rules, on every command
})
// #endregion ledger

await declareActivities(ledger)
const subscriber = { controllerId: 'nordtele_se', subjectId: 'sub-8f3a' }
recorded(
  await ledger.giveConsent({
    ...subscriber,
    actor: 'web-signup',
    purpose: 'marketing',
    noticeVersion: 'privacy-notice-2026-10',
    channel: 'web',
    occurredAt: '2026-11-20T10:00:00.000Z',
  }),
)
refusedBy(
  await ledger.recordProcessing({
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
  }),
  'house.no-nightly-campaigns',
)

import { createInMemoryStore, createLedger, jurisdictions } from '@gdpr-ledger/core'
import { recorded, refusedBy, same } from './support/assert'
import { declareActivities } from './telecom-activities'

const ledger = createLedger({ store: createInMemoryStore(), jurisdiction: jurisdictions.SE })
await declareActivities(ledger)
const subscriber = { controllerId: 'nordtele_se', subjectId: 'sub-77c1' }

// #region consent
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
  dataCategories: ['contact-details', 'usage-volumes'],
  action: 'use',
} as const

const beforeConsent = await ledger.recordProcessing(offer)
// Left: consent.covering-consent (GDPR Art. 6(1)(a), 7(1); ePrivacy Directive art. 6(3), 9(1)):
//       "no consent for purpose marketing is recorded"

await ledger.giveConsent({
  ...subscriber,
  actor: 'web-signup',
  purpose: 'marketing',
  noticeVersion: 'privacy-notice-2026-10', // Art. 7(1): which notice the subject was shown
  channel: 'web',
})
const withConsent = await ledger.recordProcessing(offer) // Right

await ledger.withdrawConsent({ ...subscriber, actor: 'app', purpose: 'marketing', channel: 'app' })
const afterWithdrawal = await ledger.recordProcessing(offer)
// Left: consent.covering-consent: "the consent for purpose marketing was withdrawn at or
//       before the time of processing". The offer sent before the withdrawal stays lawful.
// #endregion consent

same(
  refusedBy(beforeConsent, 'consent.covering-consent').article,
  'GDPR Art. 6(1)(a), 7(1); ePrivacy Directive art. 6(3), 9(1)',
)
recorded(withConsent)
same(
  refusedBy(afterWithdrawal, 'consent.covering-consent').explanation,
  'the consent for purpose marketing was withdrawn at or before the time of processing',
)

// #region child
// Art. 8(1): in Sweden a child below 13 consents only with a parent's authorisation.
const childConsent = {
  controllerId: 'nordtele_se',
  subjectId: 'sub-0c42',
  actor: 'web-signup',
  purpose: 'location-offers',
  noticeVersion: 'privacy-notice-2026-10',
  channel: 'app',
  subjectAge: 12,
} as const

const alone = await ledger.giveConsent(childConsent)
// Left: consent.child-consent-age (GDPR Art. 8(1); Lag (2018:218) 2 kap. 4 §)
const withParent = await ledger.giveConsent({ ...childConsent, parentalAuthorisation: true })
// Right
// #endregion child

same(
  refusedBy(alone, 'consent.child-consent-age').article,
  'GDPR Art. 8(1); Lag (2018:218) 2 kap. 4 §',
)
recorded(withParent)

import {
  createInMemoryStore,
  createLedger,
  checkTrafficAndLocation,
  defaultPolicy,
} from '@gdpr-ledger/core'
import { recorded, refusedBy, same } from './support/assert'
import { declareActivities } from './telecom-activities'

const ledger = createLedger({ store: createInMemoryStore() })
await declareActivities(ledger)
const subscriber = { controllerId: 'nordtele_se', subjectId: 'sub-5e21' }

// #region traffic
const supportRead = {
  ...subscriber,
  actor: 'agent-42',
  actorId: 'agent-42',
  actorRole: 'support-agent',
  system: 'support-desk',
  activityId: 'act-support',
  purpose: 'customer-support',
  legalBasis: 'contract',
  dataCategories: ['call-records'],
  action: 'read',
} as const

const noGround = await ledger.recordProcessing(supportRead)
// Left: traffic.eprivacy-basis (ePrivacy Directive art. 6(1)-(5)): call records are traffic
//       data, and processing them names its ePrivacy ground
const billingEnquiry = await ledger.recordProcessing({ ...supportRead, ePrivacyBasis: 'billing' })
// Right: a billing enquiry (art. 6(2)), which act-support declares
// #endregion traffic

refusedBy(noGround, 'traffic.eprivacy-basis')
recorded(billingEnquiry)

// #region sharing
// Handing traffic data to a partner is processing it: the sharing names its ePrivacy ground,
// and a partner's marketing on usage volumes needs the subscriber's consent.
await ledger.declareProcessingActivity({
  controllerId: 'nordtele_se',
  actor: 'dpo-office',
  activityId: 'act-partner-offers',
  name: 'Offers from partners, on usage',
  role: 'controller',
  controller: { name: 'Nordtele AB', contact: 'dataskydd@nordtele.example' },
  purposes: ['marketing'],
  legalBases: [{ basis: 'consent', ePrivacyBasis: 'consent' }],
  subjectCategories: ['subscribers'],
  dataCategories: ['usage-volumes'],
  recipients: [
    {
      recipientId: 'rcp-partner',
      name: 'Partner Offers AB',
      kind: 'business-partner',
      country: 'SE',
    },
  ],
  transfers: [],
  retention: [{ kind: 'period', dataCategory: 'usage-volumes', period: 'P3M', from: 'collected' }],
  securityMeasures: { kind: 'described', measures: ['encryption in transit'] },
})
const toPartner = {
  ...subscriber,
  actor: 'crm',
  activityId: 'act-partner-offers',
  recipientId: 'rcp-partner',
  recipientName: 'Partner Offers AB',
  recipientKind: 'business-partner',
  country: 'SE',
  purpose: 'marketing',
  legalBasis: 'consent',
  dataCategories: ['usage-volumes'],
} as const

const sharedWithoutConsent = await ledger.recordSharing({ ...toPartner, ePrivacyBasis: 'consent' })
// Left: consent.covering-consent (GDPR Art. 6(1)(a), 7(1); ePrivacy Directive art. 6(3), 9(1))
await ledger.giveConsent({
  ...subscriber,
  actor: 'web-shop',
  purpose: 'marketing',
  noticeVersion: 'notice-2026-10',
  channel: 'web',
})
const sharedWithoutGround = await ledger.recordSharing(toPartner)
// Left: traffic.eprivacy-basis: usage volumes are traffic data, whoever receives them
const sharedOnConsent = await ledger.recordSharing({ ...toPartner, ePrivacyBasis: 'consent' })
// Right
// #endregion sharing

refusedBy(sharedWithoutGround, 'traffic.eprivacy-basis')
refusedBy(sharedWithoutConsent, 'consent.covering-consent')
recorded(sharedOnConsent)

// #region location
// The rule functions are exported: judge an act without a ledger, e.g. in a design review.
checkTrafficAndLocation(
  { purpose: 'location-offers', dataCategories: ['cell-location'], ePrivacyBasis: 'transmission' },
  defaultPolicy,
)
// Left: traffic.marketing-consent (ePrivacy Directive art. 6(3), 9(1))
checkTrafficAndLocation(
  {
    purpose: 'network-planning',
    dataCategories: ['cell-location'],
    ePrivacyBasis: 'fault-handling',
  },
  defaultPolicy,
)
// Left: location.consent-or-anonymised (ePrivacy Directive art. 9(1), 10(b))
checkTrafficAndLocation(
  { purpose: 'network-planning', dataCategories: ['cell-location'], ePrivacyBasis: 'anonymised' },
  defaultPolicy,
)
// Right
// #endregion location

const verdicts = [
  checkTrafficAndLocation(
    {
      purpose: 'location-offers',
      dataCategories: ['cell-location'],
      ePrivacyBasis: 'transmission',
    },
    defaultPolicy,
  ),
  checkTrafficAndLocation(
    {
      purpose: 'network-planning',
      dataCategories: ['cell-location'],
      ePrivacyBasis: 'fault-handling',
    },
    defaultPolicy,
  ),
  checkTrafficAndLocation(
    { purpose: 'network-planning', dataCategories: ['cell-location'], ePrivacyBasis: 'anonymised' },
    defaultPolicy,
  ),
]
same(
  verdicts.map((v) => (v._tag === 'Left' ? v.left.rule : 'lawful')),
  ['traffic.marketing-consent', 'location.consent-or-anonymised', 'lawful'],
)

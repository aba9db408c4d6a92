import { createInMemoryStore, createLedger } from '@gdpr-ledger/core'
import { recorded, refusedBy } from './support/assert'

const ledger = createLedger({ store: createInMemoryStore() })
const legalDesk = { controllerId: 'nordtele_se', actor: 'legal-desk' }

// #region disclosure
await ledger.receiveAuthorityRequest({
  ...legalDesk,
  requestId: 'pm-2026-0412',
  authority: { authorityId: 'se-police', name: 'Polismyndigheten', country: 'SE', kind: 'police' },
  statute: 'LEK (2022:482) 9 kap. 31 §',
  scope: { subjectIds: ['sub-8f3a'], dataCategories: ['call-records'] },
  gagUntil: '2027-03-01T00:00:00.000Z', // kept out of the subscriber's access report until then
})
const disclosure = {
  ...legalDesk,
  requestId: 'pm-2026-0412',
  subjectIds: ['sub-8f3a'],
  dataCategories: ['call-records'],
  recordCount: 37,
  channel: 'secure-portal',
} as const

const unassessed = await ledger.discloseToAuthority(disclosure)
// Left: disclosure.assessed-request (ePrivacy Directive art. 15(1), 4(1a); GDPR Art. 6(1)(c))

await ledger.assessAuthorityRequest({
  ...legalDesk,
  requestId: 'pm-2026-0412',
  decision: 'comply',
  assessedBy: { actorId: 'officer-7', role: 'legal-officer' }, // a role the policy authorises
  reasons: 'statute and scope verified',
})
const tooMuch = await ledger.discloseToAuthority({
  ...disclosure,
  dataCategories: ['call-records', 'cell-location'],
})
// Left: disclosure.within-scope (GDPR Art. 5(1)(c)): cell-location was not asked for
const disclosed = await ledger.discloseToAuthority(disclosure) // Right
// #endregion disclosure

refusedBy(unassessed, 'disclosure.assessed-request')
refusedBy(tooMuch, 'disclosure.within-scope')
recorded(disclosed)

// #region assessor-and-country
// A request from outside the EEA, assessed by someone the procedures do not authorise.
await ledger.receiveAuthorityRequest({
  ...legalDesk,
  requestId: 'us-2026-0031',
  authority: {
    authorityId: 'us-fbi',
    name: 'Federal Bureau of Investigation',
    country: 'US',
    kind: 'police',
  },
  statute: '18 U.S.C. § 2703',
  scope: { subjectIds: ['sub-8f3a'], dataCategories: ['subscriber-identity'] },
})
await ledger.assessAuthorityRequest({
  ...legalDesk,
  requestId: 'us-2026-0031',
  decision: 'comply',
  assessedBy: { actorId: 'agent-42', role: 'support-agent' },
})
const byAgent = await ledger.discloseToAuthority({
  ...legalDesk,
  requestId: 'us-2026-0031',
  subjectIds: ['sub-8f3a'],
  dataCategories: ['subscriber-identity'],
  recordCount: 1,
  channel: 'e-mail',
})
// Left: disclosure.authorised-assessor (ePrivacy Directive art. 4(1a)). Once a legal officer
// has assessed it: Left: disclosure.third-country-agreement (GDPR Art. 48), unless the request
// names an international agreement (a mutual legal assistance treaty).
// #endregion assessor-and-country

refusedBy(byAgent, 'disclosure.authorised-assessor')
recorded(
  await ledger.assessAuthorityRequest({
    ...legalDesk,
    requestId: 'us-2026-0031',
    decision: 'comply',
    assessedBy: { actorId: 'officer-7', role: 'legal-officer' },
  }),
)
refusedBy(
  await ledger.discloseToAuthority({
    ...legalDesk,
    requestId: 'us-2026-0031',
    subjectIds: ['sub-8f3a'],
    dataCategories: ['subscriber-identity'],
    recordCount: 1,
    channel: 'e-mail',
  }),
  'disclosure.third-country-agreement',
)

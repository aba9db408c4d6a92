import {
  breachClocks,
  createInMemoryStore,
  createLedger,
  jurisdictions,
  loadStream,
  streamIds,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { recorded, refusedBy, same } from './support/assert'

const store = createInMemoryStore()
const ledger = createLedger({ store })
const securityDesk = { controllerId: 'nordtele_se', actor: 'security-desk' }

// #region regimes
// Call records exposed by a fault in the mobile network: a breach in providing the public
// service, so the ePrivacy regime applies (24 hours), replacing GDPR Arts. 33-34 (Art. 95).
await ledger.detectBreach({
  ...securityDesk,
  breachId: 'br-2026-014',
  detectedAt: '2026-03-02T07:30:00.000Z',
  awareAt: '2026-03-02T09:00:00.000Z',
  nature: ['confidentiality'],
  dataCategories: ['call-records'],
  approxSubjects: 1200,
  approxRecords: 48000,
  role: 'controller',
  publicEcsProvider: true,
  inPublicService: true,
  nis2Entity: true,
  occurredAt: '2026-03-02T09:00:00.000Z',
})
const underGdpr = await ledger.notifyAuthorityOfBreach({
  ...securityDesk,
  breachId: 'br-2026-014',
  regime: 'gdpr',
  authority: 'IMY',
  stage: 'initial',
  complete: false,
  occurredAt: '2026-03-02T15:00:00.000Z',
})
// Left: breach.regime (GDPR Art. 95; ePrivacy Directive art. 4(3))
const underEprivacy = await ledger.notifyAuthorityOfBreach({
  ...securityDesk,
  breachId: 'br-2026-014',
  regime: 'eprivacy',
  authority: 'PTS',
  stage: 'initial',
  complete: false, // a second notice is due within 3 days
  occurredAt: '2026-03-02T15:00:00.000Z',
})
// Right
// #endregion regimes

refusedBy(underGdpr, 'breach.regime')
recorded(underEprivacy)

// #region clocks
const breach = await loadStream(store, 'breach', streamIds.breach('br-2026-014'), {})
if (E.isLeft(breach)) throw new Error('store unavailable')
for (const clock of breachClocks(breach.right.state, jurisdictions.SE, '2026-03-03T12:00:00.000Z'))
  console.log(clock.obligation, clock.status, clock.dueAt ?? '')
// eprivacy-authority met 2026-03-03T07:30:00.000Z
// eprivacy-follow-up running 2026-03-05T22:59:59.999Z
// eprivacy-subscribers running     (awaiting the risk assessment)
// nis2-early-warning late 2026-03-03T09:00:00.000Z
// nis2-notification running 2026-03-05T09:00:00.000Z
// nis2-final-report running        (starts with the incident notification)
// #endregion clocks

if (E.isRight(breach))
  same(
    breachClocks(breach.right.state, jurisdictions.SE, '2026-03-03T12:00:00.000Z').map((c) => [
      c.obligation,
      c.status,
      c.dueAt ?? '',
    ]),
    [
      ['eprivacy-authority', 'met', '2026-03-03T07:30:00.000Z'],
      ['eprivacy-follow-up', 'running', '2026-03-05T22:59:59.999Z'],
      ['eprivacy-subscribers', 'running', ''],
      ['nis2-early-warning', 'late', '2026-03-03T09:00:00.000Z'],
      ['nis2-notification', 'running', '2026-03-05T09:00:00.000Z'],
      ['nis2-final-report', 'running', ''],
    ],
  )

// #region reasons-for-delay
// A GDPR breach (invoices e-mailed to the wrong customers is not a fault of the network):
// a first notice after 72 hours must give the reasons for the delay.
await ledger.detectBreach({
  ...securityDesk,
  breachId: 'br-2026-015',
  detectedAt: '2026-04-07T08:00:00.000Z',
  awareAt: '2026-04-07T10:00:00.000Z',
  nature: ['confidentiality'],
  dataCategories: ['billing-information'],
  approxSubjects: 120,
  approxRecords: 120,
  role: 'controller',
  publicEcsProvider: true,
  inPublicService: false,
  nis2Entity: false,
  occurredAt: '2026-04-07T10:00:00.000Z',
})
const lateNotice = {
  ...securityDesk,
  breachId: 'br-2026-015',
  regime: 'gdpr',
  authority: 'IMY',
  stage: 'initial',
  complete: true,
  occurredAt: '2026-04-10T10:00:00.001Z', // 72 h and 1 ms after awareness
} as const
const withoutReasons = await ledger.notifyAuthorityOfBreach(lateNotice)
// Left: breach.reasons-for-delay (GDPR Art. 33(1))
const withReasons = await ledger.notifyAuthorityOfBreach({
  ...lateNotice,
  reasonsForDelay: 'the scope was only known once the mail logs were restored',
})
// Right: the clock shows late-with-reasons
// #endregion reasons-for-delay

refusedBy(withoutReasons, 'breach.reasons-for-delay')
recorded(withReasons)

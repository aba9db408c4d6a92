import { randomUUID } from 'node:crypto'
import { createInMemoryStore, createLedger } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { recorded, same } from './support/assert'
import { declareActivities } from './telecom-activities'

const ledger = createLedger({ store: createInMemoryStore() })
await declareActivities(ledger)
const subscriber = { controllerId: 'nordtele_se', subjectId: 'sub-8f3a' }
const anHourAgo = new Date(Date.now() - 3_600_000).toISOString()

// #region gate-and-fact
// A fact happened when it happened: a consent given on paper last week is recorded today.
const consent = await ledger.giveConsent({
  ...subscriber,
  actor: 'shop-stockholm',
  purpose: 'marketing',
  noticeVersion: 'privacy-notice-2026-10',
  channel: 'paper',
  occurredAt: new Date(Date.now() - 7 * 86_400_000).toISOString(),
})
// Right

// A gate happens now (at most `maxSkew`, default 5 minutes, earlier): it can still say no.
const campaign = {
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
const campaignRun = { ...subscriber, actor: 'campaigns', ...campaign }
const backdated = await ledger.recordProcessing({ ...campaignRun, occurredAt: anHourAgo })
// Left: InvalidInput at `occurredAt`: "a gate happens now; record older facts through import"
// #endregion gate-and-fact

recorded(consent)
same(
  E.isLeft(backdated) && backdated.left._tag === 'InvalidInput'
    ? backdated.left.issues[0]?.path
    : '',
  'occurredAt',
)

// #region import
// History from before the ledger, or from a system that cannot be gated: facts with their own
// ids, recorded as they were. Import never refuses a well-formed fact on rule grounds; the
// findings projection judges it later with the same rule functions.
const history = [
  {
    id: randomUUID(), // keep it with the source record: a re-import is then a no-op
    type: 'DataProcessed',
    controllerId: 'nordtele_se',
    occurredAt: anHourAgo,
    actor: 'legacy-crm',
    data: { ...campaign, subjectId: 'sub-41aa' },
  },
]
const imported = await ledger.import(history)
// Right({ imported: 1, alreadyPresent: 0, streams: 1 }), although sub-41aa never consented
const again = await ledger.import(history)
// Right({ imported: 0, alreadyPresent: 1, streams: 1 })
// #endregion import

same(recorded(imported), { imported: 1, alreadyPresent: 0, streams: 1 })
same(recorded(again), { imported: 0, alreadyPresent: 1, streams: 1 })

// #region retries
// A command id makes a retry safe: the second call appends nothing and returns the first result.
const withdrawal = {
  ...subscriber,
  actor: 'self-service-app',
  purpose: 'marketing',
  channel: 'app',
  commandId: 'app-req-5d1c9',
} as const
const first = await ledger.withdrawConsent(withdrawal)
const retried = await ledger.withdrawConsent(withdrawal)
// Right, with retried.right.duplicate === true and the same event ids
const reused = await ledger.withdrawConsent({ ...withdrawal, purpose: 'location-offers' })
// Left: IdempotencyConflict: the command id was already used for a different command
// #endregion retries

same(recorded(retried).duplicate, true)
same(recorded(retried).events[0]?.id, recorded(first).events[0]?.id)
same(E.isLeft(reused) ? reused.left._tag : 'recorded', 'IdempotencyConflict')

// #region transitions
// Deciders keep each stream's story in order: no assessment of a request never received.
const assessed = await ledger.assessAuthorityRequest({
  controllerId: 'nordtele_se',
  actor: 'legal-desk',
  requestId: 'pm-2026-9999',
  decision: 'comply',
  assessedBy: { actorId: 'officer-7', role: 'legal-officer' },
})
// Left: InvalidTransition: "no authority request with this id is received"

// Commands by name, for a router that takes them from HTTP bodies (`unknown` until decoded).
const body: unknown = JSON.parse(
  '{"controllerId":"nordtele_se","subjectId":"sub-8f3a","actor":"web-shop","purpose":"location-offers","noticeVersion":"privacy-notice-2026-10","channel":"web"}',
)
const routed = await ledger.execute('giveConsent', body)
// #endregion transitions

same(E.isLeft(assessed) ? assessed.left._tag : 'recorded', 'InvalidTransition')
recorded(routed)

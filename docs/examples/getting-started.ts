// #region open
import { createLedger, describeError } from '@gdpr-ledger/core'
import { pgliteStore } from '@gdpr-ledger/postgres'
import { accessReport, describeProjectionError, loadReportContext } from '@gdpr-ledger/projections'
import * as E from 'fp-ts/lib/Either.js'
import { declareActivities } from './telecom-activities'

// PGlite is PostgreSQL in this process: `memory://` for a try-out, a directory to keep it.
const opened = await pgliteStore({ dataDir: 'memory://' })
if (E.isLeft(opened)) throw new Error(describeError(opened.left))
const store = opened.right
const ledger = createLedger({ store })
await declareActivities(ledger)
// #endregion open

// #region first-event
// A fact: the subscriber ticked the marketing box on the sign-up page. `subjectId` is your
// pseudonym for the subscriber, never a phone number or an e-mail address.
const subscriber = { controllerId: 'nordtele_se', subjectId: 'sub-8f3a' }
const consent = await ledger.giveConsent({
  ...subscriber,
  actor: 'web-signup',
  purpose: 'marketing',
  noticeVersion: 'privacy-notice-2026-10',
  channel: 'web',
})
if (E.isLeft(consent)) throw new Error(describeError(consent.left))
console.log(consent.right.streamId, consent.right.streamVersion) // subject-nordtele_se-sub-8f3a 1
// #endregion first-event

// #region gate
// A gate: ask just before agent 42 opens the call list. Right: go ahead, it is recorded.
// Left: do not show it; the error says which rule and article.
const read = await ledger.recordProcessing({
  ...subscriber,
  actor: 'agent-42',
  actorId: 'agent-42',
  actorRole: 'support-agent',
  system: 'support-desk',
  activityId: 'act-support',
  purpose: 'customer-support',
  legalBasis: 'contract',
  ePrivacyBasis: 'billing',
  dataCategories: ['call-records'],
  action: 'read',
  reference: 'case-2291',
})
if (E.isLeft(read)) throw new Error(describeError(read.left))
// #endregion gate

// #region refusal
await ledger.withdrawConsent({
  ...subscriber,
  actor: 'self-service-app',
  purpose: 'marketing',
  channel: 'app',
})
const offer = await ledger.recordProcessing({
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
})
if (E.isLeft(offer)) {
  const error = offer.left
  switch (error._tag) {
    case 'ComplianceViolation': // the gate refused: do not send the offer
      console.log(error.rule, error.article) // consent.covering-consent GDPR Art. 6(1)(a), 7(1); ePrivacy …
      break
    case 'InvalidInput': // a bug in the caller: which fields, never their values
      console.log(error.issues)
      break
    default: // StoreUnavailable, WrongExpectedVersion after retries, …: try again later
      console.log(describeError(error))
  }
}
// #endregion refusal
if (E.isRight(offer) || offer.left._tag !== 'ComplianceViolation')
  throw new Error('the offer after the withdrawal must be refused')

// #region first-report
// The Art. 15 access report for the subscriber: purposes, categories, recipients, retention,
// consents, and who processed what, when and why. Registers come from a replay here; a
// long-running service keeps them current with a projection runner instead.
const context = await loadReportContext(store)
if (E.isLeft(context)) throw new Error(describeProjectionError(context.left))
const access = await accessReport(store, context.right, {
  ...subscriber,
  now: new Date().toISOString(),
})
if (E.isLeft(access)) throw new Error(describeProjectionError(access.left))
for (const entry of access.right.processing)
  console.log(entry.occurredAt, entry.actorId, entry.action, entry.dataCategories, entry.purpose)
// 2026-11-23T09:14:03.512Z agent-42 read [ 'call-records' ] customer-support
for (const { purpose, periods } of access.right.consents.purposes)
  console.log(
    purpose,
    periods.map((p) => [p.givenAt, p.withdrawnAt ?? 'in force']),
  )
// marketing [ [ '2026-11-23T09:14:03.498Z', '2026-11-23T09:14:03.530Z' ] ]: given, then withdrawn
// #endregion first-report

// #region verify
// Seal the heads of the streams written so far, then re-check every chain.
const checkpoint = await ledger.checkpoint()
if (E.isLeft(checkpoint)) throw new Error(describeError(checkpoint.left))
const report = await ledger.verify()
if (E.isLeft(report)) throw new Error(describeError(report.left))
console.log(report.right.ok, report.right.breaks) // true []
await store.close()
// #endregion verify
if (!report.right.ok) throw new Error('the chain must verify')

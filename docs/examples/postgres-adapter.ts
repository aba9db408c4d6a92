import { declareActivities } from './telecom-activities'
// #region open-pglite
import { createLedger, describeError } from '@gdpr-ledger/core'
import { pgliteStore, postgresStore } from '@gdpr-ledger/postgres'
import * as E from 'fp-ts/lib/Either.js'

// Embedded: PostgreSQL compiled to WebAssembly, in this process. A directory keeps the
// ledger between runs (`./.gdpr-ledger`); `memory://` forgets it on close.
const opened = await pgliteStore({ dataDir: 'memory://' })
if (E.isLeft(opened)) throw new Error(describeError(opened.left))
const store = opened.right
const ledger = createLedger({ store })
// #endregion open-pglite

// #region open-server
// A server: a connection string (the store owns its pool) or `pool` (yours, left open).
// Opening migrates the schema; `migrate: false` only checks it is current.
const url = process.env.DATABASE_URL
if (url !== undefined) {
  const server = await postgresStore({ connectionString: url, schema: 'gdpr_ledger' })
  if (E.isLeft(server)) throw new Error(describeError(server.left))
  await server.right.close()
}
// #endregion open-server

// #region append
// The ledger's gate, over the store: one append, chained onto the stream's head.
await declareActivities(ledger)
const subscriber = { controllerId: 'nordtele_se', subjectId: 'sub-8f3a' }
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

// The port underneath: sending stored events again appends nothing and returns them.
const slice = await store.readStream(read.right.streamId)
if (E.isLeft(slice)) throw new Error(describeError(slice.left))
const retried = await store.append(read.right.streamId, slice.right.events, {
  expectedVersion: 'no_stream',
})
if (E.isLeft(retried)) throw new Error(describeError(retried.left))
console.log(retried.right.duplicate, retried.right.streamVersion) // true 1
// #endregion append

// #region processing-query
// Who processed what, when and why, across subjects: the inline processing log.
const page = await store.findProcessing(
  { controllerId: 'nordtele_se', actorId: 'agent-42', purpose: 'customer-support' },
  { limit: 100 },
)
if (E.isLeft(page)) throw new Error(describeError(page.left))
console.log(page.right.events.map((event) => event.type)) // [ 'DataProcessed' ]
// page.right.next: pass it as `after` for the next page, until it is undefined.
// #endregion processing-query

// #region projections
// A consumer's state and the position it includes, saved together in one row.
await store.projections.save('breach-register', { position: 1042n, state: '{"open":3}' })
const checkpoint = await store.projections.load('breach-register')
if (E.isLeft(checkpoint)) throw new Error(describeError(checkpoint.left))
console.log(checkpoint.right?.position) // 1042n
// #endregion projections

await store.close()

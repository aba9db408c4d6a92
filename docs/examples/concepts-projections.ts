import {
  createInMemoryProjectionStore,
  createInMemoryStore,
  createLedger,
  describeError,
  isStoreClosed,
  jurisdictions,
} from '@gdpr-ledger/core'
import {
  art30ControllerRecord,
  createProjectionRunner,
  dsrTracker,
  dsrTrackerProjection,
  registerProjection,
  replay,
  type Projection,
} from '@gdpr-ledger/projections'
import * as E from 'fp-ts/lib/Either.js'
import { recorded, same } from './support/assert'
import { declareActivities } from './telecom-activities'

const store = createInMemoryStore()
const ledger = createLedger({ store })
await declareActivities(ledger)

// #region custom
// A projection is a pure fold: state in, event in, state out; no clock, no I/O.
const consentsByPurpose: Projection<Record<string, number>> = {
  name: 'consents-by-purpose',
  version: 1, // bump it when the state changes meaning: the runner rebuilds from the start
  eventTypes: ['ConsentGiven', 'ConsentWithdrawn'],
  init: () => ({}),
  apply: (state, event) => {
    if (event.type === 'ConsentGiven')
      state[event.data.purpose] = (state[event.data.purpose] ?? 0) + 1
    if (event.type === 'ConsentWithdrawn')
      state[event.data.purpose] = (state[event.data.purpose] ?? 0) - 1
    return state
  },
}
// #endregion custom

// #region runner
// The runner saves each projection's state with its position (a table in PostgreSQL,
// `store.projections`; a snapshot stream in EventStoreDB), so a restart resumes.
const runner = createProjectionRunner({
  store,
  checkpoints: createInMemoryProjectionStore(),
  projections: [registerProjection, dsrTrackerProjection, consentsByPurpose] as const,
})
const live = runner.start() // catches up, then follows new events

const consent = await ledger.giveConsent({
  controllerId: 'nordtele_se',
  subjectId: 'sub-8f3a',
  actor: 'web-signup',
  purpose: 'marketing',
  noticeVersion: 'privacy-notice-2026-10',
  channel: 'web',
})
if (E.isRight(consent)) await live.reached(consent.right.events[0]?.position ?? 0n)

const [register, dsrs, consents] = runner.states()
console.log(art30ControllerRecord(register, 'nordtele_se').activities.length) // 3
console.log(dsrTracker(dsrs, { jurisdiction: jurisdictions.SE, now: new Date().toISOString() })) // []: no requests
console.log(consents) // { marketing: 1 }
await live.stop()
// #endregion runner

// #region retry
// Live, the runner waits out an unavailable store: by default it retries for as long as it
// takes, backing off from 100 ms to 5 s, and resumes with no gap or duplicate. Say so in your
// logs: onRetry hears every failed read before its back-off.
const outages: string[] = []
const watched = createProjectionRunner({
  store,
  checkpoints: createInMemoryProjectionStore(),
  projections: [registerProjection] as const,
  retry: { maxRetries: 1_000 }, // optional: give up after this many failures in a row
  onRetry: (error, attempt, delayMs) => {
    outages.push(`${describeError(error)}: retry ${attempt} in ${delayMs} ms`)
  },
})
const following = watched.start()
// ... and when it ends by itself, the reason is in `done`:
void following.done.then((ended) => {
  if (E.isLeft(ended) && !isStoreClosed(ended.left))
    console.error('the registers stopped', ended.left._tag)
})
// #endregion retry

await following.reached(BigInt(store.log.events.length))
store.log.unavailable = true // an outage of the in-memory store
store.log.signal.notify()
// At most 5 s: without a retry heard, the check below fails instead of waiting forever.
for (let waited = 0; waited < 500 && outages.length < 1; waited++)
  await new Promise((resolve) => setTimeout(resolve, 10))
store.log.unavailable = false
same(outages[0], 'store unavailable: in-memory store outage: retry 1 in 100 ms')
same(await following.stop(), E.right(undefined))

same(art30ControllerRecord(register, 'nordtele_se').activities.length, 3)
same(dsrTracker(dsrs, { jurisdiction: jurisdictions.SE, now: new Date().toISOString() }), [])
same(consents, { marketing: 1 })

// #region as-of
// The register exactly as it stood at a position (or a time): a replay that stops there.
const before = await replay(store, [registerProjection], { asOf: { position: 1n } })
if (E.isRight(before)) {
  const [register] = before.right.states
  console.log(art30ControllerRecord(register, 'nordtele_se').activities.length) // 1
}
// #endregion as-of

same(art30ControllerRecord(recorded(before).states[0], 'nordtele_se').activities.length, 1)

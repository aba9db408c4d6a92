import { createInMemoryStore, createLedger, streamIds } from '@gdpr-ledger/core'
import { tamperInMemory } from '@gdpr-ledger/testing'
import { recorded, same } from './support/assert'

const store = createInMemoryStore()
const ledger = createLedger({ store })
const subscriber = { controllerId: 'nordtele_se', subjectId: 'sub-8f3a', actor: 'web-signup' }
for (const purpose of ['marketing', 'location-offers'])
  await ledger.giveConsent({
    ...subscriber,
    purpose,
    noticeVersion: 'notice-2026-10',
    channel: 'web',
  })

// #region links
const slice = await store.readStream(streamIds.subject('nordtele_se', 'sub-8f3a'))
if (slice._tag === 'Right')
  for (const event of slice.right.events)
    console.log(event.streamVersion, event.prevHash.slice(0, 8), '→', event.hash.slice(0, 8))
// 1 00000000 → 3f0c9a1e   (the first event chains to the genesis hash)
// 2 3f0c9a1e → b71d2c04   (each next one to the hash of the one before)
// #endregion links

// #region verify
await ledger.checkpoint() // seals the heads of the streams changed since the last checkpoint

// Someone with write access to the database changes a stored byte, and deletes a stream.
tamperInMemory(store.log, {
  kind: 'change-data',
  streamId: 'subject-nordtele_se-sub-8f3a',
  version: 2,
  index: 20,
  replacement: 'X',
})
const report = await ledger.verify()
// Right({ ok: false, breaks: [{ streamId: 'subject-nordtele_se-sub-8f3a', version: 2, kind: 'changed', … }] })
// #endregion verify

const verified = recorded(report)
same(verified.ok, false)
same(
  verified.breaks.map((b) => [b.streamId, b.version, b.kind]),
  [['subject-nordtele_se-sub-8f3a', 2, 'changed']],
)

const links = recorded(await store.readStream(streamIds.subject('nordtele_se', 'sub-8f3a'))).events
same(links[0]?.prevHash, '0'.repeat(64))
same(links[1]?.prevHash, links[0]?.hash)

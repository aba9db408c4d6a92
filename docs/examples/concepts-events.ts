import { createInMemoryStore, createLedger, readEvent, streamIds } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { recorded, same } from './support/assert'

const store = createInMemoryStore()
const ledger = createLedger({ store })
recorded(
  await ledger.giveConsent({
    controllerId: 'nordtele_se',
    subjectId: 'sub-8f3a',
    actor: 'web-signup',
    purpose: 'marketing',
    noticeVersion: 'privacy-notice-2026-10',
    channel: 'web',
    correlationId: 'signup-77f1',
  }),
)

// #region read
// Stores keep exact bytes (`StoredEvent`); `readEvent` decodes them, upcasting older schemas.
const slice = await store.readStream(streamIds.subject('nordtele_se', 'sub-8f3a'))
if (E.isRight(slice))
  for (const stored of slice.right.events) {
    const event = readEvent(stored)
    if (E.isLeft(event)) continue // UnreadableEvent: an unknown type or a missing upcaster
    const { type, streamId, streamVersion, position, occurredAt, recordedAt, metadata } =
      event.right
    console.log(type, streamId, streamVersion, position, occurredAt <= recordedAt, metadata)
    // ConsentGiven subject-nordtele_se-sub-8f3a 1 1n true
    //   { schemaVersion: 1, actor: 'web-signup', correlationId: 'signup-77f1' }
    if (event.right.type === 'ConsentGiven') console.log(event.right.data.noticeVersion)
    // privacy-notice-2026-10
  }
// #endregion read

const [first] = recorded(slice).events
if (first === undefined) throw new Error('the consent must be stored')
const decoded = recorded(readEvent(first))
same(
  [decoded.type, decoded.streamVersion, decoded.position, decoded.metadata],
  ['ConsentGiven', 1, 1n, { schemaVersion: 1, actor: 'web-signup', correlationId: 'signup-77f1' }],
)

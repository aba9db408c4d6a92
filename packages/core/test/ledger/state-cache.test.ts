import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { createInMemoryStore, createLedger, streamIds, type EventStore } from '../../src'
import { declareBilling, giveConsent, manualClock, recordBilling } from '../fixtures'

/** A store that counts full reads (from version 1) of each stream. */
const countingStore = () => {
  const inner = createInMemoryStore()
  const fullReads = new Map<string, number>()
  const store: EventStore = {
    ...inner,
    readStream: (streamId, options) => {
      if ((options?.fromVersion ?? 1) === 1)
        fullReads.set(streamId, (fullReads.get(streamId) ?? 0) + 1)
      return inner.readStream(streamId, options)
    },
  }
  return { store, fullReads }
}

describe('the stream state cache', () => {
  it('keeps a folded activity while a billing run touches many subscribers with no rights events', async () => {
    const { store, fullReads } = countingStore()
    const ledger = createLedger({ store, clock: manualClock().clock, stateCacheSize: 2 })
    expect(E.isRight(await ledger.declareProcessingActivity(declareBilling()))).toBe(true)
    fullReads.clear()
    for (let i = 0; i < 50; i++) {
      const recorded = await ledger.recordProcessing(recordBilling({ subjectId: `sub-${i}` }))
      expect(E.isRight(recorded)).toBe(true)
    }
    // Empty rights streams fold to nothing and are not cached, so they never evict the
    // activity: it is folded from its first event once, then only read past its head.
    expect(fullReads.get(streamIds.activity('act-billing'))).toBe(1)
  })

  it('still evicts the oldest folded state when streams with events exceed the capacity', async () => {
    const { store, fullReads } = countingStore()
    const ledger = createLedger({ store, clock: manualClock().clock, stateCacheSize: 1 })
    await ledger.declareProcessingActivity(declareBilling())
    fullReads.clear()
    await ledger.recordProcessing(recordBilling())
    await ledger.giveConsent(giveConsent())
    // The subscriber's rights stream now has an event: folding it evicts the activity.
    await ledger.recordProcessing(recordBilling())
    expect(fullReads.get(streamIds.activity('act-billing'))).toBe(2)
  })
})

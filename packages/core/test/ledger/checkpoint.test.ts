import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { createInMemoryStore, createLedger, streamIds } from '../../src'
import { detectBreach, giveConsent, manualClock } from '../fixtures'

describe('ledger.checkpoint', () => {
  it('records the heads of the streams changed since the previous checkpoint, and nothing when none changed', async () => {
    const store = createInMemoryStore()
    const ledger = createLedger({ store, clock: manualClock().clock, operatorId: 'nordtele_se' })
    await ledger.giveConsent(giveConsent())
    await ledger.giveConsent(giveConsent({ purpose: 'location-offers' }))
    await ledger.detectBreach(detectBreach())
    const first = await ledger.checkpoint()
    expect(E.isRight(first) && first.right.streams).toBe(2)
    const firstData = E.isRight(first)
      ? (JSON.parse(first.right.checkpoint?.data ?? '{}') as {
          position: string
          heads: { streamId: string; version: number }[]
        })
      : undefined
    expect(firstData?.position).toBe('3')
    expect(firstData?.heads.map((h) => [h.streamId, h.version])).toEqual([
      ['breach-br-1', 1],
      ['subject-telco_se-sub-8f3a', 2],
    ])
    expect(E.isRight(first) && first.right.checkpoint?.controllerId).toBe('nordtele_se')

    expect(await ledger.checkpoint()).toEqual(
      E.right({ checkpoint: undefined, streams: 0, position: 3n }),
    )

    await ledger.giveConsent(giveConsent({ subjectId: 'sub-9' }))
    const second = await ledger.checkpoint()
    const secondData = E.isRight(second)
      ? (JSON.parse(second.right.checkpoint?.data ?? '{}') as { heads: { streamId: string }[] })
      : undefined
    expect(secondData?.heads.map((h) => h.streamId)).toEqual(['subject-telco_se-sub-9'])
    const chain = await store.readStream(streamIds.checkpoint())
    expect(E.isRight(chain) && chain.right.events.map((e) => e.streamVersion)).toEqual([1, 2])
    expect(await ledger.verify()).toMatchObject(E.right({ ok: true, checkpointsChecked: 2 }))
  })
})

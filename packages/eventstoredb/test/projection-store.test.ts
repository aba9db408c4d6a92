import { verify } from '@gdpr-ledger/core'
import { readEverything, sampleEvents } from '@gdpr-ledger/testing'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { eventStoreDBProjectionStore } from '../src/projection-store'
import { closeHarness, createHarness, onDouble, type Harness } from './harness'

let h: Harness
beforeEach(async () => {
  h = await createHarness()
})
afterEach(async () => {
  await closeHarness(h)
})

const right = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(`expected Right, got ${JSON.stringify(either.left)}`)
  return either.right
}

const snapshotEvents = async (name: string) => {
  const out: unknown[] = []
  for await (const e of h.store.client.readStream(h.namespace.projectionStream(name))) out.push(e)
  return out
}

describe('projection checkpoints as snapshot streams', () => {
  it('loads nothing for a consumer that never saved, then the last state and position saved', async () => {
    const checkpoints = h.store.projections
    expect(right(await checkpoints.load('breach-clocks'))).toBeUndefined()
    right(await checkpoints.save('breach-clocks', { position: 7n, state: '{"open":["b1"]}' }))
    right(await checkpoints.save('breach-clocks', { position: 9n, state: '{"open":[]}' }))
    expect(right(await checkpoints.load('breach-clocks'))).toEqual({
      position: 9n,
      state: '{"open":[]}',
    })
  })

  it('keeps only the latest snapshot ($maxCount 1), outside the ledger: never read, never verified', async () => {
    right(await h.store.append('breach-b1', sampleEvents(2), { expectedVersion: 'any' }))
    for (let i = 1; i <= 3; i++)
      right(
        await h.store.projections.save('register', { position: BigInt(i), state: `{"i":${i}}` }),
      )
    const { metadata } = await h.store.client.getStreamMetadata(
      h.namespace.projectionStream('register'),
    )
    expect(metadata?.maxCount).toBe(1)
    expect(await snapshotEvents('register')).toHaveLength(1)
    expect(await readEverything(h.store)).toHaveLength(2)
    expect(right(await verify(h.store))).toMatchObject({ ok: true, eventsChecked: 2 })
  })

  it('gzips a large state and refuses one over the append size limit, writing nothing', async () => {
    const checkpoints = eventStoreDBProjectionStore({
      client: h.store.client,
      namespace: h.namespace.name,
      maxAppendSize: 200_000,
      compressAbove: 1_000,
    })
    const large = JSON.stringify({ rows: Array.from({ length: 5_000 }, (_, i) => `sub-${i % 7}`) })
    right(await checkpoints.save('access', { position: 1n, state: large }))
    expect(right(await checkpoints.load('access'))).toEqual({ position: 1n, state: large })
    const random = Array.from({ length: 300_000 }, () =>
      String.fromCharCode(33 + Math.floor(Math.random() * 90)),
    ).join('')
    const refused = await checkpoints.save('access', { position: 2n, state: random })
    expect(E.isLeft(refused) && refused.left._tag).toBe('StoreUnavailable')
    expect(right(await checkpoints.load('access'))).toEqual({ position: 1n, state: large })
  })

  it('round-trips any state and position (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
        async (state, position) => {
          right(await h.store.projections.save('any', { position, state }))
          expect(right(await h.store.projections.load('any'))).toEqual({ position, state })
        },
      ),
      { numRuns: 25 },
    )
  })

  it('throws on a bad consumer name or checkpoint (programmer errors)', async () => {
    await expect(h.store.projections.load('has space')).rejects.toThrow(TypeError)
    await expect(h.store.projections.save('ok', { position: -1n, state: '{}' })).rejects.toThrow(
      TypeError,
    )
  })

  onDouble('answers StoreUnavailable during an outage', async () => {
    h.double!.outage.begin()
    const saved = await h.store.projections.save('x', { position: 1n, state: '{}' })
    const loaded = await h.store.projections.load('x')
    h.double!.outage.end()
    expect(E.isLeft(saved) && saved.left._tag).toBe('StoreUnavailable')
    expect(E.isLeft(loaded) && loaded.left._tag).toBe('StoreUnavailable')
  })
})

import { createInMemoryStore, type EventStore } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { sampleEvents } from '../src'
import { followAll } from '../src/contract/follow-all'

const filled = async (count: number): Promise<EventStore> => {
  const store = createInMemoryStore()
  const appended = await store.append('breach-b1', sampleEvents(count), { expectedVersion: 'any' })
  if (E.isLeft(appended)) throw new Error('append failed')
  return store
}

/** The store, but its reads never return the event at `hidden`: a reader passes it by. */
const skipping = (store: EventStore, hidden: bigint): EventStore => ({
  ...store,
  readAll: async (options) => {
    const page = await store.readAll(options)
    return E.isLeft(page) ? page : E.right(page.right.filter((e) => e.position !== hidden))
  },
})

describe('followAll', () => {
  it('reads every event, in position order, across pages', async () => {
    const store = await filled(25)
    const seen = await followAll(store, { writing: () => false, pageSize: 4 })
    expect(E.isRight(seen) && seen.right.map((e) => e.streamVersion)).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 1),
    )
  })

  it('keeps reading while writers write, and stops at the first empty page after', async () => {
    const store = await filled(3)
    let writing = true
    const following = followAll(store, { writing: () => writing, pauseMs: 1 })
    await new Promise((resolve) => setTimeout(resolve, 20))
    await store.append('breach-b2', sampleEvents(2), { expectedVersion: 'any' })
    writing = false
    const seen = await following
    expect(E.isRight(seen) && seen.right).toHaveLength(5)
  })

  it('ends one short, rather than waiting forever, when the store lets it skip an event', async () => {
    const store = await filled(10)
    const seen = await followAll(skipping(store, 4n), { writing: () => false, pageSize: 3 })
    expect(E.isRight(seen) && seen.right.map((e) => e.position)).toEqual([
      1n,
      2n,
      3n,
      5n,
      6n,
      7n,
      8n,
      9n,
      10n,
    ])
  })

  it('stops when aborted, with what it has seen', async () => {
    const store = await filled(2)
    const abort = new AbortController()
    const following = followAll(store, { writing: () => true, signal: abort.signal, pauseMs: 1 })
    await new Promise((resolve) => setTimeout(resolve, 20))
    abort.abort()
    const seen = await following
    expect(E.isRight(seen) && seen.right).toHaveLength(2)
  })

  it('answers the store error a read ends in', async () => {
    const store = await filled(2)
    await store.close()
    const seen = await followAll(store, { writing: () => false })
    expect(E.isLeft(seen) && seen.left._tag).toBe('StoreUnavailable')
  })
})

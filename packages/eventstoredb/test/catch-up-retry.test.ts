import {
  AppendSignal,
  catchUpSubscription,
  createInMemoryStore,
  storeUnavailable,
  type EventStore,
} from '@gdpr-ledger/core'
import { sampleEvents } from '@gdpr-ledger/testing'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

/**
 * Core's catch-up loop, which this adapter's `subscribe` (and every other store's) is, with a
 * `readAll` that fails on demand: the retry policy's edges, without a server.
 */
const flaky = async () => {
  const store = createInMemoryStore()
  const right = await store.append('breach-b1', sampleEvents(3), { expectedVersion: 'any' })
  if (E.isLeft(right)) throw new Error('append failed')
  const state = { failing: 0, reads: 0 }
  const readAll: EventStore['readAll'] = async (opts) => {
    state.reads += 1
    if (state.failing > 0) {
      state.failing -= 1
      return E.left(storeUnavailable('down'))
    }
    return store.readAll(opts)
  }
  return { store, state, readAll }
}

describe("core's catch-up retry policy", () => {
  it('retries without end by default, resuming where it stood', async () => {
    const { store, state, readAll } = await flaky()
    state.failing = 50
    const positions: bigint[] = []
    const attempts: number[] = []
    const subscription = catchUpSubscription(
      readAll,
      new AppendSignal(),
      { after: 0n, batchSize: 1, onEvent: (e) => void positions.push(e.position) },
      {
        retry: { initialDelayMs: 0, maxDelayMs: 0 },
        onRetry: (_e, attempt) => attempts.push(attempt),
      },
    )
    await expect.poll(() => positions.length).toBe(3)
    await subscription.stop()
    expect(E.isRight(await subscription.done)).toBe(true)
    expect(attempts).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    const stored = await store.readAll()
    expect(positions).toEqual(E.isRight(stored) ? stored.right.map((e) => e.position) : [])
  })

  it('ends with SubscriberFailed when onRetry throws', async () => {
    const { state, readAll } = await flaky()
    state.failing = 1
    const subscription = catchUpSubscription(readAll, new AppendSignal(), {
      after: 0n,
      onEvent: () => undefined,
      onRetry: () => {
        throw new Error('metrics down')
      },
    })
    expect(await subscription.done).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'SubscriberFailed', position: 0n },
    })
  })

  it('ends an in-memory subscription when its store closes, as the other stores', async () => {
    const { store } = await flaky()
    const subscription = store.subscribe({ after: 0n, onEvent: () => undefined })
    await store.close()
    expect(await subscription.done).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'StoreUnavailable', reason: 'store closed' },
    })
  })

  it('throws on a policy that is not one', async () => {
    const { readAll } = await flaky()
    const start = (retry: Parameters<typeof catchUpSubscription>[3]) => () =>
      catchUpSubscription(
        readAll,
        new AppendSignal(),
        { after: 0n, onEvent: () => undefined },
        retry,
      )
    expect(start({ retry: { maxRetries: -1 } })).toThrow(TypeError)
    expect(start({ retry: { maxRetries: 1.5 } })).toThrow(TypeError)
    expect(start({ retry: { initialDelayMs: -1 } })).toThrow(TypeError)
    expect(start({ retry: { initialDelayMs: 100, maxDelayMs: 50 } })).toThrow(TypeError)
  })
})

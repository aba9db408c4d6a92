import { randomUUID } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  catchUpSubscription,
  createInMemoryStore,
  isStoreClosed,
  serialiseMetadata,
  storeClosed,
  storeUnavailable,
  type EventToAppend,
  type InMemoryEventStore,
  type StoreError,
  type SubscribeOptions,
} from '../../src'

/**
 * Core's catch-up loop, which every adapter's `subscribe` is, over the in-memory store and its
 * outage switch (`log.unavailable`): the retry policy, `onRetry`, and a closed store.
 */

const events = (count: number): EventToAppend[] =>
  Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    type: 'DataProcessed',
    controllerId: 'telco_se',
    occurredAt: '2026-11-23T08:15:00.000Z',
    recordedAt: '2026-11-23T08:15:00.123Z',
    data: `{"subjectId":"sub-8f3a","actorId":"agent-42","actorRole":"support-agent","system":"support-desk","activityId":"act-support","purpose":"customer-support","legalBasis":"contract","dataCategories":["call-records"],"action":"read","reference":"case-${i}"}`,
    metadata: serialiseMetadata({ schemaVersion: 1, actor: 'agent-42' }),
  }))

const storeWith = async (count: number): Promise<InMemoryEventStore> => {
  const store = createInMemoryStore({ pollIntervalMs: 10 })
  const appended = await store.append('breach-b1', events(count), { expectedVersion: 'any' })
  if (E.isLeft(appended)) throw new Error('append failed')
  return store
}

const allPositions = async (store: InMemoryEventStore) => {
  const all = await store.readAll()
  if (E.isLeft(all)) throw new Error('read failed')
  return all.right.map((e) => e.position)
}

interface Retry {
  readonly reason: string
  readonly attempt: number
  readonly delayMs: number
}

/** Subscribes from the start, recording what was delivered and every retry reported. */
const follow = (
  store: InMemoryEventStore,
  options: Partial<SubscribeOptions> & {
    readonly onDelivered?: (delivered: readonly bigint[]) => void
    readonly onRetried?: (retries: readonly Retry[]) => void
  } = {},
) => {
  const delivered: bigint[] = []
  const retries: Retry[] = []
  const { onDelivered, onRetried, ...subscribe } = options
  const subscription = store.subscribe({
    after: 0n,
    ...subscribe,
    onEvent: (event) => {
      delivered.push(event.position)
      onDelivered?.(delivered)
    },
    onRetry: (error, attempt, delayMs) => {
      retries.push({ reason: error.reason, attempt, delayMs })
      onRetried?.(retries)
    },
  })
  return { subscription, delivered, retries }
}

describe("core's catch-up subscription: the retry policy", () => {
  it('waits out an outage of any length (more retries than any limit of 0.1.0), reporting each, and resumes with no gap or duplicate', async () => {
    const store = await storeWith(5)
    const { subscription, delivered, retries } = follow(store, {
      batchSize: 2,
      retry: { initialDelayMs: 1, maxDelayMs: 2 },
      // The outage starts mid-backlog: the page in hand is delivered, the next read fails.
      onDelivered: (d) => {
        if (d.length === 3) store.log.unavailable = true
      },
    })
    await expect.poll(() => retries.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(45)
    expect(delivered).toEqual([1n, 2n, 3n, 4n])
    store.log.unavailable = false
    const more = await store.append('breach-b2', events(3), { expectedVersion: 'any' })
    expect(E.isRight(more)).toBe(true)
    await expect.poll(() => delivered.length, { timeout: 30_000 }).toBe(8)
    await subscription.stop()
    expect(await subscription.done).toEqual(E.right(undefined))
    expect(delivered).toEqual(await allPositions(store))
    // Every failed read was reported, in a row, with the capped back-off, and said why.
    expect(retries.map((r) => r.attempt)).toEqual(retries.map((_, i) => i + 1))
    expect(retries.slice(0, 4).map((r) => r.delayMs)).toEqual([1, 2, 2, 2])
    expect(new Set(retries.map((r) => r.reason))).toEqual(new Set(['in-memory store outage']))
  })

  it('leaves no listener behind per retry (a long outage does not leak)', async () => {
    const warnings: string[] = []
    const onWarning = (warning: Error) => void warnings.push(warning.name)
    process.on('warning', onWarning)
    try {
      const store = await storeWith(1)
      store.log.unavailable = true
      const { subscription, retries } = follow(store, {
        retry: { initialDelayMs: 0, maxDelayMs: 0 },
      })
      await expect.poll(() => retries.length).toBeGreaterThanOrEqual(50)
      await subscription.stop()
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(warnings).not.toContain('MaxListenersExceededWarning')
    } finally {
      process.off('warning', onWarning)
    }
  })

  it('backs off 100 ms, doubling, by default', async () => {
    const store = await storeWith(1)
    store.log.unavailable = true
    const { subscription, retries } = follow(store)
    await expect.poll(() => retries.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3)
    await subscription.stop()
    expect(retries.slice(0, 3).map((r) => r.delayMs)).toEqual([100, 200, 400])
    expect(await subscription.done).toEqual(E.right(undefined))
  })

  it('counts failures in a row: a read that succeeds starts the count again', async () => {
    const store = await storeWith(6)
    const outages = [3, 2]
    const { subscription, delivered, retries } = follow(store, {
      batchSize: 1,
      retry: { initialDelayMs: 0, maxDelayMs: 0 },
      onDelivered: (d) => {
        if (d.length === 2 || d.length === 4) store.log.unavailable = true
      },
      onRetried: (r) => {
        if (r[r.length - 1]?.attempt === outages[0]) {
          outages.shift()
          store.log.unavailable = false
        }
      },
    })
    await expect.poll(() => delivered.length, { timeout: 30_000 }).toBe(6)
    await subscription.stop()
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3, 1, 2])
    expect(delivered).toEqual(await allPositions(store))
  })

  it('gives up on the failure after maxRetries, with the error in done', async () => {
    const store = await storeWith(2)
    const { subscription, delivered, retries } = follow(store, {
      retry: { maxRetries: 3, initialDelayMs: 0, maxDelayMs: 0 },
      onDelivered: (d) => {
        if (d.length === 2) store.log.unavailable = true
      },
    })
    expect(await subscription.done).toEqual(E.left(storeUnavailable('in-memory store outage')))
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3])
    expect(delivered).toEqual([1n, 2n])
  })

  it('ends at the first failure with maxRetries 0', async () => {
    const store = await storeWith(1)
    store.log.unavailable = true
    const { subscription, retries } = follow(store, { retry: { maxRetries: 0 } })
    expect(await subscription.done).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'StoreUnavailable' },
    })
    expect(retries).toEqual([])
  })

  it('ends at once on an error retryable refuses, and asks it about that error', async () => {
    const store = await storeWith(1)
    store.log.unavailable = true
    const asked: StoreError[] = []
    const { subscription, retries } = follow(store, {
      retry: {
        retryable: (error) => {
          asked.push(error)
          return false
        },
      },
    })
    expect(await subscription.done).toEqual(E.left(storeUnavailable('in-memory store outage')))
    expect(asked).toEqual([storeUnavailable('in-memory store outage')])
    expect(retries).toEqual([])
  })

  it('ends with SubscriberFailed, at the last position delivered, when onRetry throws', async () => {
    const store = await storeWith(2)
    const metricsDown = new Error('metrics down')
    const subscription = store.subscribe({
      after: 0n,
      onEvent: (event) => {
        if (event.position === 2n) store.log.unavailable = true
      },
      onRetry: () => {
        throw metricsDown
      },
    })
    expect(await subscription.done).toEqual(
      E.left({ _tag: 'SubscriberFailed', position: 2n, cause: metricsDown }),
    )
  })

  it('stops at once while backing off', async () => {
    const store = await storeWith(1)
    store.log.unavailable = true
    const { subscription, retries } = follow(store, {
      retry: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    })
    await expect.poll(() => retries.length).toBe(1)
    const started = Date.now()
    await subscription.stop()
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(await subscription.done).toEqual(E.right(undefined))
  })

  it("lays a subscription's own policy over the store's, field by field, and tells both onRetry", async () => {
    const store = await storeWith(1)
    store.log.unavailable = true
    const storeHeard: [number, number][] = []
    const ownHeard: [number, number][] = []
    const subscription = catchUpSubscription(
      (options) => store.readAll(options),
      store.log.signal,
      {
        after: 0n,
        onEvent: () => undefined,
        retry: { maxRetries: 2 },
        onRetry: (_e, attempt, delayMs) => void ownHeard.push([attempt, delayMs]),
      },
      {
        retry: { maxRetries: 100, initialDelayMs: 3, maxDelayMs: 3 },
        onRetry: (_e, attempt, delayMs) => void storeHeard.push([attempt, delayMs]),
      },
    )
    expect(E.isLeft(await subscription.done)).toBe(true)
    // Only maxRetries was the subscription's own: the store's 3 ms back-off still applies.
    expect(ownHeard).toEqual([
      [1, 3],
      [2, 3],
    ])
    expect(storeHeard).toEqual(ownHeard)
  })

  it('throws on a policy that is not one (a programmer error)', async () => {
    const store = await storeWith(1)
    const start = (retry: SubscribeOptions['retry']) => () =>
      store.subscribe({
        after: 0n,
        onEvent: () => undefined,
        ...(retry === undefined ? {} : { retry }),
      })
    expect(start({ maxRetries: -1 })).toThrow(TypeError)
    expect(start({ maxRetries: 1.5 })).toThrow(TypeError)
    expect(start({ initialDelayMs: -1 })).toThrow(TypeError)
    expect(start({ initialDelayMs: Number.NaN })).toThrow(TypeError)
    expect(start({ initialDelayMs: 100, maxDelayMs: 50 })).toThrow(TypeError)
    const fine = store.subscribe({
      after: 0n,
      onEvent: () => undefined,
      retry: { maxRetries: Infinity },
    })
    await fine.stop()
  })
})

describe("core's catch-up subscription: a closed store", () => {
  it('ends a running subscription with StoreUnavailable closed: true, never retried', async () => {
    const store = await storeWith(2)
    let caughtUp = false
    const { subscription, retries } = follow(store, {
      retry: { retryable: () => true },
      onCaughtUp: () => {
        caughtUp = true
      },
    })
    await expect.poll(() => caughtUp).toBe(true)
    await store.close()
    const done = await subscription.done
    expect(done).toEqual(E.left(storeClosed()))
    expect(E.isLeft(done) && isStoreClosed(done.left)).toBe(true)
    expect(retries).toEqual([])
  })

  it('ends a subscription started on a closed store at its first read', async () => {
    const store = await storeWith(2)
    await store.close()
    const { subscription, delivered, retries } = follow(store)
    expect(await subscription.done).toEqual(E.left(storeClosed()))
    expect([delivered, retries]).toEqual([[], []])
  })

  it('tells a closed store from an outage by the flag, not the words', () => {
    expect(storeClosed()).toEqual({
      _tag: 'StoreUnavailable',
      reason: 'store closed',
      closed: true,
    })
    expect(isStoreClosed(storeClosed())).toBe(true)
    // An adapter's own 'store closed' text without the flag is an outage like any other.
    expect(isStoreClosed(storeUnavailable('store closed'))).toBe(false)
    expect(isStoreClosed(storeUnavailable('in-memory store outage'))).toBe(false)
    expect(isStoreClosed({ _tag: 'SubscriberFailed' })).toBe(false)
  })

  it('keeps retrying an outage whose words happen to be "store closed"', async () => {
    const store = await storeWith(1)
    let failing = 3
    const subscription = catchUpSubscription(
      async (options) => {
        if (failing > 0) {
          failing -= 1
          return E.left(storeUnavailable('store closed'))
        }
        return store.readAll(options)
      },
      store.log.signal,
      { after: 0n, onEvent: () => undefined, retry: { initialDelayMs: 0, maxDelayMs: 0 } },
    )
    await expect.poll(() => failing).toBe(0)
    await subscription.stop()
    expect(await subscription.done).toEqual(E.right(undefined))
  })
})

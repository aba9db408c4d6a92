import type { StoredEvent, SubscribeOptions } from '@gdpr-ledger/core'
import { readEverything, sampleEvents } from '@gdpr-ledger/testing'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventStoreDBStore } from '../src/event-store'
import { closeHarness, createHarness, onDouble, type Harness } from './harness'

let h: Harness
beforeEach(async () => {
  h = await createHarness()
})
afterEach(async () => {
  await closeHarness(h)
})

/**
 * Appends until the store takes it: the first calls after a fault may fail, perhaps after
 * writing, so the same batch is resent (a retry), never a new one.
 */
const appendEventually = async (store: EventStoreDBStore, streamId: string, count: number) => {
  const batch = sampleEvents(count)
  for (let attempt = 0; attempt < 100; attempt++) {
    const result = await store.append(streamId, batch, { expectedVersion: 'any' })
    if (E.isRight(result)) return result.right
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('the store never came back')
}

const collect = (
  store: EventStoreDBStore,
  after = 0n,
  retry?: SubscribeOptions['retry'],
  onRetry?: SubscribeOptions['onRetry'],
) => {
  const delivered: StoredEvent[] = []
  let ended: E.Either<unknown, void> | undefined
  let caughtUp = 0
  const subscription = store.subscribe({
    after,
    ...(retry === undefined ? {} : { retry }),
    ...(onRetry === undefined ? {} : { onRetry }),
    onEvent: (event) => {
      delivered.push(event)
    },
    onCaughtUp: () => {
      caughtUp += 1
    },
  })
  void subscription.done.then((done) => (ended = done))
  return { delivered, subscription, ended: () => ended, caughtUp: () => caughtUp }
}

describe('catch-up subscriptions on EventStoreDB', () => {
  it("hears another process's append at once through EventStoreDB's push, not the poll", async () => {
    const listening = h.open({ subscription: { pollIntervalMs: 60_000 } })
    const writer = h.open()
    const { delivered, subscription, caughtUp } = collect(listening)
    await expect.poll(caughtUp).toBeGreaterThan(0)
    // Let the wake-up subscription confirm before writing.
    await new Promise((r) => setTimeout(r, 200))
    await appendEventually(writer, 'breach-b1', 2)
    await expect.poll(() => delivered.length, { timeout: 30_000 }).toBe(2)
    await subscription.stop()
  })

  onDouble(
    'resumes by itself when the server is killed mid-subscription and restarted',
    async () => {
      const store = h.open({ subscription: { pollIntervalMs: 60_000 } })
      right(await store.append('breach-b1', sampleEvents(2), { expectedVersion: 'any' }))
      const { delivered, subscription, ended } = collect(store)
      await expect.poll(() => delivered.length).toBe(2)
      await h.double!.stop()
      expect(
        E.isLeft(await store.append('breach-b1', sampleEvents(1), { expectedVersion: 'any' })),
      ).toBe(true)
      await new Promise((r) => setTimeout(r, 300))
      await h.double!.start()
      // Another process writes, and the poll interval is a minute: only a push from the
      // resubscribed wake-up brings these in time.
      await expect.poll(() => ended() === undefined && delivered.length === 2).toBe(true)
      await new Promise((r) => setTimeout(r, 1_500))
      await appendEventually(h.open(), 'breach-b2', 3)
      await expect.poll(() => delivered.length, { timeout: 30_000 }).toBe(5)
      expect(ended()).toBeUndefined()
      await subscription.stop()
      expect(delivered.map((e) => e.id)).toEqual((await readEverything(store)).map((e) => e.id))
    },
    30_000,
  )

  onDouble(
    'delivers each event once, in order, while connections keep dropping under a backlog',
    async () => {
      for (let i = 0; i < 5; i++)
        right(await h.store.append(`breach-b${i}`, sampleEvents(100), { expectedVersion: 'any' }))
      // Connections drop every 90 events delivered: always mid-backlog, however fast or slow.
      const delivered: StoredEvent[] = []
      let kills = 0
      const subscription = h.store.subscribe({
        after: 0n,
        batchSize: 50,
        onEvent: (event) => {
          delivered.push(event)
          if (delivered.length % 90 === 0) {
            kills += 1
            setImmediate(() => {
              h.double!.killConnections()
            })
          }
        },
      })
      await expect.poll(() => delivered.length, { timeout: 30_000 }).toBe(500)
      await subscription.stop()
      expect(kills).toBe(5)
      const all = await readEverything(h.store)
      expect(delivered.map((e) => e.id)).toEqual(all.map((e) => e.id))
    },
    40_000,
  )

  onDouble(
    'waits out a server killed for longer than a give-up window, reporting each retry, and resumes with no gap or duplicate',
    async () => {
      for (let i = 0; i < 3; i++)
        right(await h.store.append(`breach-b${i}`, sampleEvents(100), { expectedVersion: 'any' }))
      const retries: { reason: string; attempt: number; delayMs: number }[] = []
      // Short back-offs stand in for real ones: 5 ms doubling to 20 ms, so 40 retries (more than
      // the 30 after which subscriptions used to give up, about 2 minutes at 5 s) take well
      // under a second.
      const store = h.open({
        subscription: { pollIntervalMs: 50, retry: { initialDelayMs: 5, maxDelayMs: 20 } },
      })
      const delivered: StoredEvent[] = []
      let ended: E.Either<unknown, void> | undefined
      const subscription = store.subscribe({
        after: 0n,
        batchSize: 50,
        onEvent: (event) => {
          delivered.push(event)
          // Killed mid-backlog: the page in hand is delivered, the next read fails.
          if (delivered.length === 120) void h.double!.stop()
        },
        onRetry: (error, attempt, delayMs) => {
          retries.push({ reason: error.reason, attempt, delayMs })
        },
      })
      void subscription.done.then((done) => (ended = done))
      await expect.poll(() => retries.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(40)
      expect(delivered.length).toBe(150)
      await h.double!.start()
      await appendEventually(h.open(), 'breach-b9', 3)
      await expect.poll(() => delivered.length, { timeout: 20_000 }).toBe(303)
      expect(ended).toBeUndefined()
      await subscription.stop()
      expect(delivered.map((e) => e.id)).toEqual((await readEverything(store)).map((e) => e.id))
      // Every failed read was reported, in a row, with the capped back-off.
      expect(retries.map((r) => r.attempt)).toEqual(retries.map((_, i) => i + 1))
      expect(retries.slice(0, 4).map((r) => r.delayMs)).toEqual([5, 10, 20, 20])
      expect(retries.every((r) => r.reason === 'EventStoreDB is unavailable')).toBe(true)
    },
    40_000,
  )

  onDouble('ends with StoreUnavailable, not silently, when the retry policy gives up', async () => {
    const attempts: number[] = []
    const store = h.open({
      subscription: { pollIntervalMs: 50, retry: { maxRetries: 2, initialDelayMs: 5 } },
    })
    const { subscription, caughtUp } = collect(store, 0n, undefined, (_e, attempt) =>
      attempts.push(attempt),
    )
    await expect.poll(caughtUp).toBeGreaterThan(0)
    h.double!.outage.begin()
    const done = await subscription.done
    h.double!.outage.end()
    expect(E.isLeft(done) && done.left._tag).toBe('StoreUnavailable')
    expect(attempts).toEqual([1, 2])
  })

  onDouble('ends at once on an error its policy does not retry', async () => {
    const attempts: number[] = []
    const store = h.open({
      subscription: { pollIntervalMs: 50, retry: { retryable: () => false } },
    })
    const { subscription, caughtUp } = collect(store, 0n, undefined, (_e, attempt) =>
      attempts.push(attempt),
    )
    await expect.poll(caughtUp).toBeGreaterThan(0)
    h.double!.outage.begin()
    const done = await subscription.done
    h.double!.outage.end()
    expect(E.isLeft(done) && done.left._tag).toBe('StoreUnavailable')
    expect(attempts).toEqual([])
  })

  onDouble(
    "lets a subscription's own policy override the store's, and tells both of each retry",
    async () => {
      const storeHeard: number[] = []
      const ownHeard: number[] = []
      const store = h.open({
        subscription: {
          pollIntervalMs: 50,
          retry: { maxRetries: 100, initialDelayMs: 5 },
          onRetry: (_e, attempt) => storeHeard.push(attempt),
        },
      })
      const { subscription, caughtUp } = collect(store, 0n, { maxRetries: 1 }, (_e, attempt) =>
        ownHeard.push(attempt),
      )
      await expect.poll(caughtUp).toBeGreaterThan(0)
      h.double!.outage.begin()
      const done = await subscription.done
      h.double!.outage.end()
      expect(E.isLeft(done)).toBe(true)
      // Only maxRetries was overridden: the store's 5 ms back-off still applies.
      expect(ownHeard).toEqual([1])
      expect(storeHeard).toEqual([1])
    },
  )
})

const right = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(`expected Right, got ${JSON.stringify(either.left)}`)
  return either.right
}

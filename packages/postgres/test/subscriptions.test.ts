import type { StoredEvent } from '@gdpr-ledger/core'
import { sampleEvents } from '@gdpr-ledger/testing'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { postgresStore } from '../src'
import {
  closeAdminPool,
  createServerHarness,
  killConnections,
  teardownServerHarness,
} from './support/server'

afterAll(closeAdminPool)

/** A store on the harness's schema that polls only once a minute: only a NOTIFY wakes it fast. */
const slowPoller = async (harness: Awaited<ReturnType<typeof createServerHarness>>) => {
  const opened = await postgresStore({
    pool: harness.pool,
    schema: harness.schema,
    pollIntervalMs: 60_000,
  })
  if (E.isLeft(opened)) throw new Error(opened.left.reason)
  return opened.right
}

const caughtUp = (store: Awaited<ReturnType<typeof slowPoller>>) => {
  const delivered: StoredEvent[] = []
  let ready = false
  const subscription = store.subscribe({
    after: 0n,
    onEvent: (event) => {
      delivered.push(event)
    },
    onCaughtUp: () => {
      ready = true
    },
  })
  return { delivered, subscription, ready: () => ready }
}

describe('subscriptions on a server', () => {
  it('wake on another process’s NOTIFY, long before their poll interval', async () => {
    const harness = await createServerHarness({ notify: true })
    const listener = await slowPoller(harness)
    const { delivered, subscription, ready } = caughtUp(listener)
    await expect.poll(ready, { timeout: 30_000 }).toBe(true)
    // Let the LISTEN connection settle before the other process writes.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(
      E.isRight(
        await harness.store.append('breach-b1', sampleEvents(2), { expectedVersion: 'any' }),
      ),
    ).toBe(true)
    await expect.poll(() => delivered.length, { timeout: 30_000 }).toBe(2)
    await subscription.stop()
    await listener.close()
    await teardownServerHarness(harness)
  })

  it('stay asleep until their poll when the writer does not notify', async () => {
    const harness = await createServerHarness({ notify: false })
    const listener = await slowPoller(harness)
    const { delivered, subscription, ready } = caughtUp(listener)
    await expect.poll(ready, { timeout: 30_000 }).toBe(true)
    expect(
      E.isRight(
        await harness.store.append('breach-b1', sampleEvents(2), { expectedVersion: 'any' }),
      ),
    ).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(delivered).toHaveLength(0)
    await subscription.stop()
    await listener.close()
    await teardownServerHarness(harness)
  })

  it('listen again after the LISTEN connection is killed', async () => {
    const harness = await createServerHarness({ notify: true })
    const listener = await slowPoller(harness)
    const { delivered, subscription, ready } = caughtUp(listener)
    await expect.poll(ready, { timeout: 30_000 }).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 200))
    await killConnections(harness)
    // Re-listening takes a moment; each append notifies, so keep appending until one lands.
    let appended = 0
    for (let attempt = 0; attempt < 40 && delivered.length === 0; attempt++) {
      const result = await harness.store.append('breach-b2', sampleEvents(1), {
        expectedVersion: 'any',
      })
      if (E.isRight(result)) appended += 1
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await expect.poll(() => delivered.length, { timeout: 30_000 }).toBe(appended)
    await subscription.stop()
    await listener.close()
    await teardownServerHarness(harness)
  })
})

import type { StoredEvent } from '@gdpr-ledger/core'
import { sampleEvents } from '@gdpr-ledger/testing'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { postgresStore } from '../src'
import pg from 'pg'
import { channelOf } from '../src/schema-name'
import {
  adminPool,
  closeAdminPool,
  createServerHarness,
  databaseUrl,
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
    // The subscriber on a pool of its own, so its connections can be told apart.
    const application = `${harness.application}_listener`
    const pool = new pg.Pool({ ...harness.pool.options, application_name: application })
    pool.on('error', () => undefined)
    const opened = await postgresStore({ pool, schema: harness.schema, pollIntervalMs: 60_000 })
    if (E.isLeft(opened)) throw new Error(opened.left.reason)
    const listener = opened.right
    // Another process listening on the channel: it hears any NOTIFY the writer sends.
    const raw = new pg.Client({ connectionString: databaseUrl() })
    await raw.connect()
    const notified: string[] = []
    raw.on('notification', (message) => notified.push(message.channel))
    await raw.query(`LISTEN "${channelOf(harness.schema)}"`)
    const { delivered, subscription, ready } = caughtUp(listener)
    await expect.poll(ready, { timeout: 30_000 }).toBe(true)
    // Once listening, the subscriber reads once more (a wake-up may have been missed before).
    // Wait until its LISTEN is in place and only that connection is out of the pool for a
    // while, so that read cannot be the one that finds the events appended below.
    const listening = async () =>
      (
        await adminPool().query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE application_name = $1 AND query LIKE 'LISTEN %'`,
          [application],
        )
      ).rows[0]?.n === 1
    await expect.poll(listening, { timeout: 30_000 }).toBe(true)
    let quietSince = Date.now()
    await expect
      .poll(
        () => {
          if (pool.totalCount - pool.idleCount !== 1) quietSince = Date.now()
          return Date.now() - quietSince >= 300
        },
        { timeout: 30_000, interval: 20 },
      )
      .toBe(true)
    expect(
      E.isRight(
        await harness.store.append('breach-b1', sampleEvents(2), { expectedVersion: 'any' }),
      ),
    ).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(notified).toEqual([])
    expect(delivered).toHaveLength(0)
    await subscription.stop()
    await listener.close()
    await pool.end()
    await raw.end()
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

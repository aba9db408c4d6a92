import { sampleEvents, readEverything } from '@gdpr-ledger/testing'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { NOTIFY_INTERVAL_MS } from '../src/notify'
import { channelOf } from '../src/schema-name'
import {
  closeAdminPool,
  createServerHarness,
  databaseUrl,
  teardownServerHarness,
} from './support/server'

afterAll(closeAdminPool)

const WRITERS = 8
const APPENDS_PER_WRITER = 60

describe('NOTIFY after commits', () => {
  it('sends at most one per committed group and at most one per throttle window, and one after the last commit', async () => {
    const harness = await createServerHarness({ notify: true })
    // Another process listening on the schema's channel, on a connection of its own.
    const listener = new pg.Client({ connectionString: databaseUrl() })
    await listener.connect()
    const received: number[] = []
    listener.on('notification', (message) => {
      if (message.channel === channelOf(harness.schema)) received.push(performance.now())
    })
    await listener.query(`LISTEN "${channelOf(harness.schema)}"`)
    try {
      const started = performance.now()
      let lastCommitted = started
      await Promise.all(
        Array.from({ length: WRITERS }, async (_, w) => {
          for (let i = 0; i < APPENDS_PER_WRITER; i++) {
            const result = await harness.store.append(`breach-w${w}`, sampleEvents(1), {
              expectedVersion: 'any',
            })
            if (E.isLeft(result)) throw new Error(result.left._tag)
            lastCommitted = performance.now()
          }
        }),
      )
      // The commits at the end of the burst are not left without a wake-up.
      await expect
        .poll(() => received.some((at) => at > lastCommitted), { timeout: 30_000 })
        .toBe(true)
      // Nothing else is on its way: a NOTIFY is sent at most 10 ms after the commits it follows.
      await new Promise((resolve) => setTimeout(resolve, 20 * NOTIFY_INTERVAL_MS))
      const elapsed = (received[received.length - 1] ?? started) - started

      const all = await readEverything(harness.store)
      expect(all).toHaveLength(WRITERS * APPENDS_PER_WRITER)
      // A committed group is one transaction: its positions share the transaction id.
      const groups = new Set(all.map((event) => event.position >> 20n)).size
      expect(received.length).toBeLessThanOrEqual(groups)
      // Sends are at least NOTIFY_INTERVAL_MS apart, the first that long after the first commit.
      expect(received.length).toBeLessThanOrEqual(Math.floor(elapsed / NOTIFY_INTERVAL_MS) + 1)
    } finally {
      await listener.end()
      await teardownServerHarness(harness)
    }
  })
})

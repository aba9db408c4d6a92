import { storeUnavailable } from '@gdpr-ledger/core'
import { readEverything, sampleEvents } from '@gdpr-ledger/testing'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import type { SqlClient } from '../src/sql-client'
import { createSqlEventStore } from '../src/sql-event-store'
import { closeAdminPool, createServerHarness, teardownServerHarness } from './support/server'

afterAll(closeAdminPool)

/**
 * The harness's real pool behind a client that loses the connection around the append
 * statement: before it reaches the server, or after it committed but before the reply.
 * (The drop itself is simulated; everything the store then does runs on the real server.)
 */
const lossyClient = (
  pool: import('pg').Pool,
  loss: 'before' | 'after-commit',
  lookupFails = false,
): SqlClient => {
  const run = async <R extends object>(text: string, params?: readonly unknown[]) =>
    (await pool.query<R>(text, params === undefined ? [] : [...params])).rows
  return {
    query: async <R extends object>(text: string, params?: readonly unknown[], name?: string) => {
      const isAppend = name !== undefined
      if (!isAppend && lookupFails) throw new Error('Connection terminated unexpectedly')
      if (isAppend && loss === 'before') throw new Error('Connection terminated unexpectedly')
      const rows = await run<R>(text, params)
      if (isAppend) throw new Error('Connection terminated unexpectedly')
      return rows
    },
    exec: async (text) => {
      await pool.query(text)
    },
    transaction: () => Promise.reject(new Error('not used')),
    writeConcurrency: 1,
    close: async () => undefined,
  }
}

describe('a connection lost around an append', () => {
  it('answers StoreUnavailable and writes nothing when the statement never ran', async () => {
    const harness = await createServerHarness()
    const store = createSqlEventStore({
      client: lossyClient(harness.pool, 'before'),
      schema: harness.schema,
      notify: false,
      pollIntervalMs: 1000,
    })
    const result = await store.append('breach-b1', sampleEvents(3), {
      expectedVersion: 'no_stream',
    })
    expect(E.isLeft(result) && result.left._tag).toBe('StoreUnavailable')
    expect(await readEverything(harness.store)).toHaveLength(0)
    await teardownServerHarness(harness)
  })

  it('answers with the stored events when the append committed and only the reply was lost', async () => {
    const harness = await createServerHarness()
    const store = createSqlEventStore({
      client: lossyClient(harness.pool, 'after-commit'),
      schema: harness.schema,
      notify: false,
      pollIntervalMs: 1000,
    })
    const events = sampleEvents(3)
    const result = await store.append('breach-b1', events, { expectedVersion: 'no_stream' })
    if (E.isLeft(result)) throw new Error(`expected the commit to be found: ${result.left._tag}`)
    expect(result.right).toMatchObject({ streamVersion: 3, duplicate: false })
    const stored = await readEverything(harness.store)
    expect(stored.map((e) => e.id)).toEqual(events.map((e) => e.id))
    expect(result.right.events).toEqual(stored)
    await teardownServerHarness(harness)
  })

  it('answers StoreUnavailable when it cannot even ask whether the append committed', async () => {
    const harness = await createServerHarness()
    const store = createSqlEventStore({
      client: lossyClient(harness.pool, 'after-commit', true),
      schema: harness.schema,
      notify: false,
      pollIntervalMs: 1000,
    })
    const result = await store.append('breach-b1', sampleEvents(2), {
      expectedVersion: 'no_stream',
    })
    expect(result).toEqual(
      E.left(storeUnavailable('connection to PostgreSQL lost', expect.any(Error))),
    )
    await teardownServerHarness(harness)
  })
})

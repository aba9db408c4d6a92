import { hashEvent, verify, type StoredEvent } from '@gdpr-ledger/core'
import { readEverything, sampleEvent, sampleEvents } from '@gdpr-ledger/testing'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { createSqlEventStore } from '../src/sql-event-store'
import type { SqlClient } from '../src/sql-client'
import {
  adminPool,
  closeAdminPool,
  createServerHarness,
  reopen,
  teardownServerHarness,
} from './support/server'

afterAll(closeAdminPool)

const runs = Number(process.env.FC_RUNS ?? 15)

/** The harness's pool as a `SqlClient` that counts the append statements it runs. */
const countingClient = (pool: import('pg').Pool) => {
  const counter = { appends: 0 }
  const client: SqlClient = {
    query: async <R extends object>(text: string, params?: readonly unknown[], name?: string) => {
      if (name !== undefined) counter.appends += 1
      return (await pool.query<R>(text, params === undefined ? [] : [...params])).rows
    },
    exec: async (text) => {
      await pool.query(text)
    },
    transaction: () => Promise.reject(new Error('not used')),
    writeConcurrency: 2,
    close: async () => undefined,
  }
  return { client, counter }
}

describe('group commit', () => {
  it('coalesces appends that arrive together into shared transactions', async () => {
    const harness = await createServerHarness()
    const { client, counter } = countingClient(harness.pool)
    const store = createSqlEventStore({
      client,
      schema: harness.schema,
      notify: false,
      pollIntervalMs: 1000,
    })
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        store.append(`processing-telco_se-sub-${i}`, [sampleEvent()], {
          expectedVersion: 'no_stream',
        }),
      ),
    )
    expect(results.every(E.isRight)).toBe(true)
    expect(counter.appends).toBeLessThanOrEqual(8)
    expect(await readEverything(store)).toHaveLength(64)
    await store.close()
    await teardownServerHarness(harness)
  })

  it('gives every append of a group its own outcome: a refused one writes nothing, the others commit', async () => {
    const harness = await createServerHarness()
    const { store } = harness
    if (
      E.isLeft(await store.append('breach-b1', sampleEvents(2), { expectedVersion: 'no_stream' }))
    )
      throw new Error('setup')
    const stored = sampleEvents(2)
    if (E.isLeft(await store.append('breach-b2', stored, { expectedVersion: 'no_stream' })))
      throw new Error('setup')
    const [wrong, ok, retry, fresh, conflict] = await Promise.all([
      store.append('breach-b1', sampleEvents(3), { expectedVersion: 7 }),
      store.append('breach-b3', sampleEvents(3), { expectedVersion: 'no_stream' }),
      store.append('breach-b2', stored, { expectedVersion: 'no_stream' }),
      store.append('breach-b4', sampleEvents(1), { expectedVersion: 'any' }),
      store.append('breach-b5', [sampleEvent(), stored[0]!], { expectedVersion: 'any' }),
    ])
    expect(wrong).toEqual(
      E.left({ _tag: 'WrongExpectedVersion', streamId: 'breach-b1', expected: 7, actual: 2 }),
    )
    expect(E.isRight(ok) && ok.right.streamVersion).toBe(3)
    expect(E.isRight(retry) && retry.right.duplicate).toBe(true)
    expect(E.isRight(fresh) && fresh.right.streamVersion).toBe(1)
    expect(E.isLeft(conflict) && conflict.left._tag).toBe('IdempotencyConflict')
    const all = await readEverything(store)
    expect(all.map((e) => e.streamId).sort()).toEqual(
      [
        'breach-b1',
        'breach-b1',
        'breach-b2',
        'breach-b2',
        'breach-b3',
        'breach-b3',
        'breach-b3',
        'breach-b4',
      ].sort(),
    )
    await teardownServerHarness(harness)
  })

  it('chains onto the true head when another process appended since (a stale cached head)', async () => {
    const harness = await createServerHarness()
    const other = await reopen(harness)
    const streamId = 'subject-telco_se-sub-shared'
    for (let round = 0; round < 5; round++) {
      for (const store of [harness.store, other]) {
        const read = await store.readStream(streamId, { direction: 'backward', maxCount: 1 })
        const version = E.isRight(read) ? read.right.streamVersion : -1
        const exact = await store.append(streamId, [sampleEvent()], { expectedVersion: version })
        expect(E.isRight(exact)).toBe(true)
        const any = await store.append(streamId, sampleEvents(2), { expectedVersion: 'any' })
        expect(E.isRight(any)).toBe(true)
      }
    }
    const report = await verify(harness.store)
    expect(E.isRight(report) && report.right).toMatchObject({ ok: true, eventsChecked: 30 })
    await other.close()
    await teardownServerHarness(harness)
  })

  it('keeps every outcome all-or-nothing and every chain intact under any concurrent mix (property)', async () => {
    const harness = await createServerHarness()
    const other = await reopen(harness)
    let run = 0
    const appendArbitrary = fc.record({
      stream: fc.nat(3),
      size: fc.integer({ min: 1, max: 4 }),
      expected: fc.constantFrom<'any' | 'no_stream' | 'stream_exists' | number>(
        'any',
        'no_stream',
        'stream_exists',
        0,
        1,
        2,
        3,
        5,
      ),
      viaOther: fc.boolean(),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(appendArbitrary, { minLength: 1, maxLength: 24 }),
        async (appends) => {
          run += 1
          const batches = appends.map((a) => ({
            ...a,
            streamId: `dsr-r${run}-${a.stream}`,
            events: sampleEvents(a.size),
          }))
          const results = await Promise.all(
            batches.map((b) =>
              (b.viaOther ? other : harness.store).append(b.streamId, b.events, {
                expectedVersion: b.expected,
              }),
            ),
          )
          const all = await readEverything(harness.store)
          const byId = new Map(all.map((e) => [e.id, e]))
          const written = new Map<string, number>()
          results.forEach((result, i) => {
            const batch = batches[i]!
            const stored = batch.events.map((e) => byId.get(e.id))
            if (E.isRight(result)) {
              expect(stored.every((e) => e !== undefined)).toBe(true)
              const versions = (stored as StoredEvent[]).map((e) => e.streamVersion)
              expect(versions).toEqual(versions.map((_, k) => versions[0]! + k))
              expect(result.right.events.map((e) => e.hash)).toEqual(
                (stored as StoredEvent[]).map((e) => e.hash),
              )
              written.set(batch.streamId, (written.get(batch.streamId) ?? 0) + batch.events.length)
            } else {
              expect(['WrongExpectedVersion']).toContain(result.left._tag)
              expect(stored.every((e) => e === undefined)).toBe(true)
            }
          })
          for (const [streamId, count] of written) {
            const read = await harness.store.readStream(streamId)
            if (E.isLeft(read)) throw new Error(read.left.reason)
            expect(read.right.streamVersion).toBe(count)
            let prev = '0'.repeat(64)
            for (const event of read.right.events) {
              expect(event.prevHash).toBe(prev)
              expect(hashEvent(event)).toBe(event.hash)
              prev = event.hash
            }
          }
        },
      ),
      { numRuns: runs },
    )
    await other.close()
    await teardownServerHarness(harness)
  })

  it('never leaves a connection idle in a transaction, after refusals, conflicts and races', async () => {
    const harness = await createServerHarness()
    const { store } = harness
    const shared = sampleEvent()
    await Promise.all([
      ...Array.from({ length: 30 }, (_, i) =>
        store.append(`processing-telco_se-p-${i % 5}`, [sampleEvent()], { expectedVersion: 'any' }),
      ),
      store.append('breach-x', [shared], { expectedVersion: 'any' }),
      store.append('breach-y', [shared], { expectedVersion: 'any' }),
      store.append('breach-z', [sampleEvent()], { expectedVersion: 9 }),
    ])
    const { rows } = await adminPool().query<{ state: string }>(
      `SELECT state FROM pg_stat_activity WHERE application_name = $1 AND state LIKE 'idle in transaction%'`,
      [harness.application],
    )
    expect(rows).toEqual([])
    expect(
      E.isRight(
        await store.append('breach-after', [sampleEvent()], { expectedVersion: 'no_stream' }),
      ),
    ).toBe(true)
    await teardownServerHarness(harness)
  })
})

import { sampleEvent } from '@gdpr-ledger/testing'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { pgliteStore, postgresStore, type PostgresStoreOptions } from '../src'
import { freePort } from './support/free-port'
import { closeAdminPool, databaseUrl } from './support/server'

afterAll(closeAdminPool)

describe('opening a store', () => {
  it.each<[string, PostgresStoreOptions]>([
    ['neither a pool nor a connection string', {} as PostgresStoreOptions],
    [
      'a schema that is not a lower-case identifier',
      { connectionString: 'postgres://x@127.0.0.1/x', schema: 'Ledger-1' },
    ],
    ['a pool too small to listen', { connectionString: 'postgres://x@127.0.0.1/x', poolSize: 1 }],
    [
      'no append transaction allowed',
      { connectionString: 'postgres://x@127.0.0.1/x', writeConcurrency: 0 },
    ],
    [
      'a poll interval of zero',
      { connectionString: 'postgres://x@127.0.0.1/x', pollIntervalMs: 0 },
    ],
  ])('throws a TypeError for %s', async (_name, options) => {
    await expect(postgresStore(options)).rejects.toThrow(TypeError)
  })

  it('throws a TypeError when pgliteStore gets neither a data directory nor an instance', async () => {
    await expect(pgliteStore({} as { dataDir: string })).rejects.toThrow(TypeError)
  })

  it('answers StoreUnavailable, without the password, when the server cannot be reached', async () => {
    const port = await freePort()
    const opened = await postgresStore({
      connectionString: `postgres://ledger:s3cret-pw@127.0.0.1:${port}/ledger`,
    })
    expect(E.isLeft(opened) && opened.left._tag).toBe('StoreUnavailable')
    expect(E.isLeft(opened) && opened.left.reason).toBe('connection to PostgreSQL lost')
    expect(E.isLeft(opened) && opened.left.reason).not.toContain('s3cret-pw')
  })

  it('works with the longest schema name allowed (its prepared statements stay distinct)', async () => {
    const schema = 'l'.repeat(48)
    const opened = await postgresStore({ connectionString: databaseUrl(), schema })
    if (E.isLeft(opened)) throw new Error(opened.left.reason)
    const store = opened.right
    for (let round = 0; round < 3; round++) {
      const lone = await store.append('breach-b1', [sampleEvent()], { expectedVersion: 'any' })
      const grouped = await Promise.all(
        [1, 2, 3].map((k) =>
          store.append(`breach-c${k}`, [sampleEvent(), sampleEvent()], { expectedVersion: 'any' }),
        ),
      )
      expect(E.isRight(lone) && lone.right.streamVersion).toBe(round + 1)
      expect(grouped.map((g) => E.isRight(g) && g.right.streamVersion)).toEqual([
        2 * (round + 1),
        2 * (round + 1),
        2 * (round + 1),
      ])
    }
    await store.close()
    const admin = new pg.Client(databaseUrl())
    await admin.connect()
    await admin.query(`DROP SCHEMA ${schema} CASCADE`)
    await admin.end()
  })

  it('closes idempotently, refuses calls after close, and leaves a pool it was given open', async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: 3 })
    const opened = await postgresStore({ pool, schema: 'gdpr_ledger_close_test' })
    if (E.isLeft(opened)) throw new Error(opened.left.reason)
    await Promise.all([opened.right.close(), opened.right.close()])
    await opened.right.close()
    const after = await opened.right.append('breach-b1', [sampleEvent()], {
      expectedVersion: 'any',
    })
    expect(E.isLeft(after) && after.left).toMatchObject({
      _tag: 'StoreUnavailable',
      reason: 'store closed',
    })
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await pool.query('DROP SCHEMA gdpr_ledger_close_test CASCADE')
    await pool.end()
  })
})

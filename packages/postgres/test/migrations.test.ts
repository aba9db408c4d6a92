import { sampleEvent } from '@gdpr-ledger/testing'
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { SCHEMA_VERSION, pgliteStore, postgresStore } from '../src'
import { migrate, migrations } from '../src/migrations'
import type { SqlClient } from '../src/sql-client'
import { uniqueName } from './support/names'
import { adminPool, closeAdminPool, databaseUrl } from './support/server'

afterAll(closeAdminPool)

/** A bare `SqlClient` on its own pool, as a separate process running migrations would have. */
const clientOn = (pool: pg.Pool): SqlClient => ({
  query: async <R extends object>(text: string, params?: readonly unknown[]) =>
    (await pool.query<R>(text, params === undefined ? [] : [...params])).rows,
  exec: async (text) => {
    await pool.query(text)
  },
  transaction: async (work) => {
    const connection = await pool.connect()
    try {
      await connection.query('BEGIN')
      const result = await work({
        query: async <R extends object>(text: string, params?: readonly unknown[]) =>
          (await connection.query<R>(text, params === undefined ? [] : [...params])).rows,
        exec: async (text) => {
          await connection.query(text)
        },
      })
      await connection.query('COMMIT')
      return result
    } catch (error) {
      await connection.query('ROLLBACK')
      throw error
    } finally {
      connection.release()
    }
  },
  writeConcurrency: 1,
  close: () => pool.end(),
})

const dropSchema = (schema: string) =>
  adminPool().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)

describe('migrate()', () => {
  it('creates the schema once, and finds nothing to do the second time', async () => {
    const schema = uniqueName('m')
    const opened = await postgresStore({ connectionString: databaseUrl(), schema })
    if (E.isLeft(opened)) throw new Error(opened.left.reason)
    expect(await opened.right.migrate()).toEqual(
      E.right({ from: SCHEMA_VERSION, to: SCHEMA_VERSION, applied: [] }),
    )
    const { rows } = await adminPool().query<{ version: number }>(
      `SELECT version FROM "${schema}".schema_migrations ORDER BY version`,
    )
    expect(rows.map((r) => r.version)).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    )
    await opened.right.close()
    await dropSchema(schema)
  })

  it('applies each migration exactly once however many processes migrate at the same time (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), async (processes) => {
        const schema = uniqueName('m')
        const pools = Array.from(
          { length: processes },
          () => new pg.Pool({ connectionString: databaseUrl(), max: 2 }),
        )
        const reports = await Promise.all(pools.map((pool) => migrate(clientOn(pool), schema)))
        await Promise.all(pools.map((pool) => pool.end()))
        const applied = reports.map((r) => (E.isRight(r) ? r.right.applied.length : -1))
        expect(applied.filter((n) => n === SCHEMA_VERSION)).toHaveLength(1)
        expect(applied.filter((n) => n === 0)).toHaveLength(processes - 1)
        const { rows } = await adminPool().query(
          `SELECT version FROM "${schema}".schema_migrations`,
        )
        expect(rows).toHaveLength(SCHEMA_VERSION)
        await dropSchema(schema)
      }),
      { numRuns: 6 },
    )
  })

  it('with migrate: false, refuses a schema that was never migrated and opens a current one', async () => {
    const schema = uniqueName('m')
    const refused = await postgresStore({ connectionString: databaseUrl(), schema, migrate: false })
    expect(E.isLeft(refused) && refused.left.reason).toMatch(/run migrate\(\)/)
    const migrated = await postgresStore({ connectionString: databaseUrl(), schema })
    if (E.isLeft(migrated)) throw new Error(migrated.left.reason)
    await migrated.right.close()
    const checked = await postgresStore({ connectionString: databaseUrl(), schema, migrate: false })
    expect(E.isRight(checked)).toBe(true)
    if (E.isRight(checked)) await checked.right.close()
    await dropSchema(schema)
  })

  it('keeps schemas apart: a store sees only its own namespace', async () => {
    const [a, b] = [uniqueName('m'), uniqueName('m')]
    const [storeA, storeB] = await Promise.all(
      [a, b].map(async (schema) => {
        const opened = await postgresStore({ connectionString: databaseUrl(), schema })
        if (E.isLeft(opened)) throw new Error(opened.left.reason)
        return opened.right
      }),
    )
    expect(
      E.isRight(
        await storeA!.append('breach-b1', [sampleEvent()], { expectedVersion: 'no_stream' }),
      ),
    ).toBe(true)
    expect(await storeB!.readAll()).toEqual(E.right([]))
    expect(
      E.isRight(
        await storeB!.append('breach-b1', [sampleEvent()], { expectedVersion: 'no_stream' }),
      ),
    ).toBe(true)
    await Promise.all([storeA!.close(), storeB!.close(), dropSchema(a), dropSchema(b)])
  })

  it('answers StoreUnavailable when its connection dies inside the migration, and the process lives on', async () => {
    const schema = uniqueName('m')
    const application = uniqueName('gdpr_ledger_migrate')
    // Another session holds the migration lock, so the store's migration waits inside its
    // own transaction on a checked-out connection: that connection is the one terminated.
    const holder = await adminPool().connect()
    await holder.query('BEGIN')
    await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`gdpr-ledger:${schema}`])
    const url = new URL(databaseUrl())
    url.searchParams.set('application_name', application)
    const opening = postgresStore({ connectionString: url.toString(), schema })
    for (let tries = 0; ; tries++) {
      const { rows } = await adminPool().query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event = 'advisory'`,
        [application],
      )
      if (rows.length > 0) {
        await adminPool().query('SELECT pg_terminate_backend($1)', [rows[0]!.pid])
        break
      }
      if (tries > 200) throw new Error('the migration never waited for the lock')
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    const opened = await opening
    expect(E.isLeft(opened) && opened.left._tag).toBe('StoreUnavailable')
    await holder.query('ROLLBACK')
    holder.release()
    await dropSchema(schema)
  })

  it('migrates PGlite the same way: opening applies it, migrate() then finds nothing to do', async () => {
    const opened = await pgliteStore({ dataDir: 'memory://' })
    if (E.isLeft(opened)) throw new Error(opened.left.reason)
    expect(await opened.right.migrate()).toEqual(
      E.right({ from: SCHEMA_VERSION, to: SCHEMA_VERSION, applied: [] }),
    )
    await opened.right.close()
  })
})

describe('released migrations', () => {
  // A database migrated by a released version has run these exact statements; changing one
  // would leave it different from a new database. Pin each migration here when it is released.
  const released: Readonly<Record<number, string>> = {
    1: 'd2c655db12f09cff8155062221f5d8dfe53edd3c1c33457b2d1270baaff8f001',
  }

  it('are never edited: their SQL is what the release ran', () => {
    for (const [version, digest] of Object.entries(released)) {
      const migration = migrations.find((m) => m.version === Number(version))
      expect(
        createHash('sha256')
          .update(migration?.sql('"gdpr_ledger"') ?? '')
          .digest('hex'),
      ).toBe(digest)
    }
  })
})

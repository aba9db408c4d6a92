import { randomBytes } from 'node:crypto'
import type { EventToAppend } from '@gdpr-ledger/core'
import type { LateCommit } from '@gdpr-ledger/testing'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { inject } from 'vitest'
import { postgresStore, type PostgresEventStore, type PostgresStoreOptions } from '../../src'
import { uniqueName } from './names'
import type { SqlClient, SqlSession } from '../../src/sql-client'
import { createSqlEventStore } from '../../src/sql-event-store'

/**
 * Stores on the test server (`DATABASE_URL`, or the embedded one): each in a schema of its
 * own, connected as a login role of its own, so a test can refuse that role's connections
 * (an outage) or terminate them (`pg_terminate_backend`) without touching other tests.
 */

export const databaseUrl = (): string => inject('databaseUrl')

let admin: pg.Pool | undefined

/** A pool on the test server as the configured user, for setup and faults. */
export const adminPool = (): pg.Pool => {
  if (admin === undefined) {
    admin = new pg.Pool({ connectionString: databaseUrl(), max: 4 })
    admin.on('error', () => undefined)
  }
  return admin
}

export const closeAdminPool = async (): Promise<void> => {
  const pool = admin
  admin = undefined
  await pool?.end()
}

export interface ServerHarness {
  store: PostgresEventStore
  readonly schema: string
  /** The login role the store connects as; `undefined` when the server user may not create roles. */
  readonly role: string | undefined
  /** The `application_name` of every connection of this harness. */
  readonly application: string
  readonly pool: pg.Pool
}

let mayCreateRoles: boolean | undefined

const canCreateRoles = async (): Promise<boolean> => {
  if (mayCreateRoles === undefined) {
    const [row] = (
      await adminPool().query<{ ok: boolean }>(
        'SELECT rolsuper OR rolcreaterole AS ok FROM pg_roles WHERE rolname = current_user',
      )
    ).rows
    mayCreateRoles = row?.ok === true
  }
  return mayCreateRoles
}

/** A fresh schema and role, a pool for them, and a store on it. */
export const createServerHarness = async (
  options: Partial<Omit<PostgresStoreOptions, 'pool' | 'connectionString' | 'schema'>> = {},
): Promise<ServerHarness> => {
  const schema = uniqueName('t')
  const application = uniqueName('gdpr_ledger_test')
  const url = new URL(databaseUrl())
  let role: string | undefined
  if (await canCreateRoles()) {
    role = schema
    const password = randomBytes(12).toString('hex')
    const database = decodeURIComponent(url.pathname.slice(1)) || 'postgres'
    await adminPool().query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`)
    await adminPool().query(`GRANT CREATE ON DATABASE "${database}" TO "${role}"`)
    url.username = role
    url.password = password
  }
  const pool = new pg.Pool({
    connectionString: url.toString(),
    application_name: application,
    max: 10,
  })
  pool.on('error', () => undefined)
  const opened = await postgresStore({ pool, schema, pollIntervalMs: 200, ...options })
  if (E.isLeft(opened)) throw new Error(`could not open the store: ${opened.left.reason}`)
  return { store: opened.right, schema, role, application, pool }
}

export const teardownServerHarness = async (harness: ServerHarness): Promise<void> => {
  await harness.store.close()
  await harness.pool.end()
  await terminate(harness.application)
  await adminPool().query(`DROP SCHEMA IF EXISTS "${harness.schema}" CASCADE`)
  if (harness.role !== undefined) {
    await adminPool().query(`DROP OWNED BY "${harness.role}" CASCADE`)
    await adminPool().query(`DROP ROLE IF EXISTS "${harness.role}"`)
  }
}

const terminate = async (application: string): Promise<void> => {
  await adminPool().query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = $1 AND pid <> pg_backend_pid()`,
    [application],
  )
}

/** Terminates every connection of the harness now. */
export const killConnections = async (harness: ServerHarness): Promise<void> => {
  await terminate(harness.application)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Runs `append` and kills it inside its transaction: another session holds the events table
 * in SHARE mode, which lets reads through and makes the append's insert wait, after its
 * statement has begun and written its stream head. Once the server shows the harness's
 * backend waiting for that lock with a transaction id of its own (it has written), it is
 * terminated, and the lock is released only once the backend is gone: the append can never
 * get past the wait.
 */
export const killMidAppend = async <A>(
  harness: ServerHarness,
  append: () => Promise<A>,
): Promise<A> => {
  const events = `"${harness.schema}".events`
  const blocker = await adminPool().connect()
  try {
    await blocker.query('BEGIN')
    await blocker.query(`LOCK TABLE ${events} IN SHARE MODE`)
    const appending = append()
    const waiting = async () =>
      (
        await adminPool().query<{ pid: number }>(
          `SELECT a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE NOT l.granted AND l.relation = $2::regclass AND a.application_name = $1
              AND a.backend_xid IS NOT NULL`,
          [harness.application, events],
        )
      ).rows.map((row) => row.pid)
    let pids = await waiting()
    for (let waited = 0; pids.length === 0; waited += 10) {
      if (waited > 30_000) throw new Error('the append never waited for the events table')
      await sleep(10)
      pids = await waiting()
    }
    await adminPool().query('SELECT pg_terminate_backend(pid) FROM unnest($1::integer[]) AS pid', [
      pids,
    ])
    for (let waited = 0; ; waited += 10) {
      const { rows } = await adminPool().query(
        'SELECT 1 FROM pg_stat_activity WHERE pid = ANY ($1::integer[])',
        [pids],
      )
      if (rows.length === 0) break
      if (waited > 30_000) throw new Error('the terminated backend did not end')
      await sleep(10)
    }
    await blocker.query('ROLLBACK')
    return await appending
  } finally {
    blocker.release()
  }
}

/** An outage for one harness: its role may not log in, and its connections are dropped. */
export const outage = {
  begin: async (harness: ServerHarness): Promise<void> => {
    if (harness.role === undefined) throw new Error('outage needs a role of its own')
    await adminPool().query(`ALTER ROLE "${harness.role}" NOLOGIN`)
    await terminate(harness.application)
  },
  end: async (harness: ServerHarness): Promise<void> => {
    if (harness.role === undefined) throw new Error('outage needs a role of its own')
    await adminPool().query(`ALTER ROLE "${harness.role}" LOGIN`)
  },
}

/** A second store over the same schema and pool: another process, or the same one restarted. */
export const reopen = async (harness: ServerHarness): Promise<PostgresEventStore> => {
  const opened = await postgresStore({
    pool: harness.pool,
    schema: harness.schema,
    pollIntervalMs: 200,
  })
  if (E.isLeft(opened)) throw new Error(`could not reopen the store: ${opened.left.reason}`)
  return opened.right
}

/**
 * Runs an append through the real append path inside a transaction left open: it has taken
 * its positions and holds them uncommitted until `commit`.
 */
export const lateCommit = async (
  harness: ServerHarness,
  streamId: string,
  events: readonly EventToAppend[],
): Promise<LateCommit> => {
  const connection = await harness.pool.connect()
  await connection.query('BEGIN')
  const session: SqlSession = {
    query: async <R extends object>(text: string, params?: readonly unknown[]) =>
      (await connection.query<R>(text, params === undefined ? undefined : [...params])).rows,
    exec: async (text) => {
      await connection.query(text)
    },
  }
  const client: SqlClient = {
    ...session,
    writeConcurrency: 1,
    transaction: (work) => work(session),
    close: async () => undefined,
  }
  const store = createSqlEventStore({
    client,
    schema: harness.schema,
    notify: true,
    pollIntervalMs: 1000,
  })
  const appended = await store.append(streamId, events, { expectedVersion: 'any' })
  if (E.isLeft(appended)) {
    await connection.query('ROLLBACK')
    connection.release()
    throw new Error(`late append failed: ${appended.left._tag}`)
  }
  return {
    commit: async () => {
      await connection.query('COMMIT')
      connection.release()
      await store.close()
    },
  }
}

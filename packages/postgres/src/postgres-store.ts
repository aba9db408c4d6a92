import type { StoreUnavailable } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import type { Notification, Pool, PoolClient } from 'pg'
import { toStoreUnavailable } from './driver-error'
import type { SqlClient, SqlSession } from './sql-client'
import type { PostgresEventStore } from './sql-event-store'
import { openSqlStore, type SqlStoreOptions } from './store-options'

/** Where the server is: a `pg` pool you own, or a connection string the store opens a pool for. */
export type PostgresConnection =
  | {
      /** Your pool: the store borrows connections and never ends it. */
      readonly pool: Pool
      readonly connectionString?: never
    }
  | {
      /** `postgres://user:password@host:5432/database`: the store owns the pool and ends it on close. */
      readonly connectionString: string
      readonly pool?: never
      /** Connections in the store's pool (default 10). */
      readonly poolSize?: number
    }

export type PostgresStoreOptions = PostgresConnection &
  SqlStoreOptions & {
    /**
     * Wake subscribers in other processes with a NOTIFY after appends commit (default `true`);
     * with `false` they find new events by polling. The NOTIFY is sent after the commit, in a
     * statement of its own (inside the append's transaction it would serialise commits), and
     * coalesced: at most one per 10 ms however many groups commit meanwhile (a commit during a
     * send waits for it), so a subscriber elsewhere wakes within about 10 ms and one or two
     * round trips. A lost NOTIFY costs it one poll interval, never an event.
     */
    readonly notify?: boolean
    /** Append transactions in flight at once, each carrying a group of appends (default 4). */
    readonly writeConcurrency?: number
  }

const sessionOf = (connection: Pool | PoolClient): SqlSession => ({
  query: async <R extends object>(text: string, params?: readonly unknown[], name?: string) =>
    (
      await connection.query<R>(
        name === undefined
          ? { text, values: params === undefined ? [] : [...params] }
          : { name, text, values: params === undefined ? [] : [...params] },
      )
    ).rows,
  exec: async (text) => {
    await connection.query(text)
  },
})

const pgClient = (pool: Pool, owned: boolean, writeConcurrency: number): SqlClient => ({
  ...sessionOf(pool),
  writeConcurrency,
  transaction: async (work) => {
    const connection = await pool.connect()
    let broken: Error | undefined
    // A checked-out connection that dies fails its query and also emits 'error': without a
    // listener that would crash the process. It is destroyed, never given back to the pool.
    const onError = (error: Error) => {
      broken = error
    }
    connection.on('error', onError)
    try {
      await connection.query('BEGIN')
      const result = await work(sessionOf(connection))
      await connection.query('COMMIT')
      return result
    } catch (error) {
      // A connection whose ROLLBACK fails is not given back to the pool: it is destroyed.
      await connection.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error('rollback failed')
      })
      throw error
    } finally {
      connection.off('error', onError)
      connection.release(broken)
    }
  },
  listen: async (channel, onNotify, onLost) => {
    const connection = await pool.connect()
    let ended = false
    const onNotification = (message: Notification) => {
      if (message.channel === channel) onNotify()
    }
    const detach = () => {
      connection.off('notification', onNotification)
      connection.off('error', onError)
    }
    function onError(error: Error) {
      if (ended) return
      ended = true
      detach()
      connection.release(error)
      onLost(error)
    }
    connection.on('notification', onNotification)
    connection.on('error', onError)
    try {
      await connection.query(`LISTEN "${channel}"`)
    } catch (error) {
      ended = true
      detach()
      connection.release(error instanceof Error ? error : true)
      throw error
    }
    return async () => {
      if (ended) return
      ended = true
      try {
        await connection.query(`UNLISTEN "${channel}"`)
        detach()
        connection.release()
      } catch (error) {
        detach()
        connection.release(error instanceof Error ? error : true)
      }
    }
  },
  close: async () => {
    if (owned) await pool.end()
  },
})

/**
 * An `EventStore` on a PostgreSQL server (13 or later), with the `ProjectionStore` and
 * `ProcessingQuery` ports beside it. Opening migrates the schema (unless `migrate: false`).
 * Concurrent appends share transactions (group commit); readers never skip a late commit;
 * subscribers wake on LISTEN/NOTIFY and poll as a fallback.
 *
 * Throws a `TypeError` for invalid options; answers `StoreUnavailable` when the server cannot
 * be reached or the schema cannot be brought up to date.
 *
 * A pool you pass in should have an `'error'` listener: idle connections the server drops
 * are reported there.
 *
 * @example
 * ```ts
 * import { createLedger } from '@gdpr-ledger/core'
 * import { postgresStore } from '@gdpr-ledger/postgres'
 * import * as E from 'fp-ts/lib/Either.js'
 *
 * const opened = await postgresStore({ connectionString: process.env.DATABASE_URL! })
 * if (E.isLeft(opened)) throw new Error(opened.left.reason)
 * const ledger = createLedger({ store: opened.right })
 * // ...
 * await opened.right.close()
 * ```
 */
export const postgresStore = async (
  options: PostgresStoreOptions,
): Promise<E.Either<StoreUnavailable, PostgresEventStore>> => {
  const writeConcurrency = options.writeConcurrency ?? 4
  if (!Number.isSafeInteger(writeConcurrency) || writeConcurrency < 1)
    throw new TypeError('writeConcurrency must be a positive integer')
  let pool: Pool
  let owned: boolean
  if (options.pool !== undefined) {
    pool = options.pool
    owned = false
  } else if (typeof options.connectionString === 'string') {
    const poolSize = options.poolSize ?? 10
    if (!Number.isSafeInteger(poolSize) || poolSize < 2)
      throw new TypeError('poolSize must be an integer of at least 2 (one connection listens)')
    let Pool: typeof import('pg').Pool
    try {
      Pool = (await import('pg')).default.Pool
    } catch (error) {
      throw new TypeError(`postgresStore needs the "pg" package installed: ${String(error)}`)
    }
    pool = new Pool({ connectionString: options.connectionString, max: poolSize })
    // Idle connections the server drops are discarded by the pool; the next query reconnects.
    pool.on('error', () => undefined)
    owned = true
  } else {
    throw new TypeError('postgresStore needs either a pool or a connectionString')
  }
  try {
    return await openSqlStore(
      pgClient(pool, owned, writeConcurrency),
      options,
      options.notify ?? true,
    )
  } catch (error) {
    if (owned) await pool.end().catch(() => undefined)
    if (error instanceof TypeError) throw error
    return E.left(toStoreUnavailable(error))
  }
}

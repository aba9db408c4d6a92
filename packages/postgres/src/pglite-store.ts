import { storeUnavailable, type StoreUnavailable } from '@gdpr-ledger/core'
import type { PGlite } from '@electric-sql/pglite'
import * as E from 'fp-ts/lib/Either.js'
import type { SqlClient, SqlSession } from './sql-client'
import type { PostgresEventStore } from './sql-event-store'
import { openSqlStore, type SqlStoreOptions } from './store-options'

export type PgliteStoreOptions = (
  | {
      /**
       * The directory PGlite keeps its database in (created when absent), or `memory://` for
       * a database that lives as long as the store.
       */
      readonly dataDir: string
      readonly pglite?: never
    }
  | {
      /** Your PGlite instance: the store uses it and never closes it. */
      readonly pglite: PGlite
      readonly dataDir?: never
    }
) &
  SqlStoreOptions

type Queryable = Pick<PGlite, 'query' | 'exec'>

const sessionOf = (db: Queryable): SqlSession => ({
  query: async <R extends object>(text: string, params?: readonly unknown[]) =>
    (await db.query<R>(text, params === undefined ? undefined : [...params])).rows,
  exec: async (text) => {
    await db.exec(text)
  },
})

const pgliteClient = (db: PGlite, owned: boolean): SqlClient => ({
  ...sessionOf(db),
  // PGlite is one connection in this process: one transaction at a time.
  writeConcurrency: 1,
  transaction: (work) => db.transaction((tx) => work(sessionOf(tx))),
  close: async () => {
    if (owned && !db.closed) await db.close()
  },
})

/**
 * An `EventStore` on embedded PGlite (PostgreSQL compiled to WebAssembly, in this process),
 * the default for the demo and small installs. The same SQL as `postgresStore`; subscribers
 * are woken by this process's appends and otherwise poll. One process opens a data
 * directory at a time.
 *
 * @example
 * ```ts
 * import { createLedger } from '@gdpr-ledger/core'
 * import { pgliteStore } from '@gdpr-ledger/postgres'
 * import * as E from 'fp-ts/lib/Either.js'
 *
 * const opened = await pgliteStore({ dataDir: './.gdpr-ledger' })
 * if (E.isLeft(opened)) throw new Error(opened.left.reason)
 * const ledger = createLedger({ store: opened.right })
 * ```
 */
export const pgliteStore = async (
  options: PgliteStoreOptions,
): Promise<E.Either<StoreUnavailable, PostgresEventStore>> => {
  let db: PGlite
  let owned: boolean
  if (options.pglite !== undefined) {
    db = options.pglite
    owned = false
  } else if (typeof options.dataDir === 'string' && options.dataDir.length > 0) {
    let PGliteClass: typeof PGlite
    try {
      PGliteClass = (await import('@electric-sql/pglite')).PGlite
    } catch (error) {
      throw new TypeError(
        `pgliteStore needs the "@electric-sql/pglite" package installed: ${String(error)}`,
      )
    }
    try {
      db = await PGliteClass.create(options.dataDir)
    } catch (error) {
      return E.left(storeUnavailable('PGlite could not open its data directory', error))
    }
    owned = true
  } else {
    throw new TypeError('pgliteStore needs either a dataDir or a pglite instance')
  }
  return openSqlStore(pgliteClient(db, owned), options, false)
}

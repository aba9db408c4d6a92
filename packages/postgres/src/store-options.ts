import type { StoreUnavailable } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { toStoreUnavailable } from './driver-error'
import { SCHEMA_VERSION } from './migrations'
import { DEFAULT_SCHEMA, quoteSchema } from './schema-name'
import type { SqlClient } from './sql-client'
import { createSqlEventStore, type PostgresEventStore } from './sql-event-store'

/** Options both stores take. */
export interface SqlStoreOptions {
  /** The schema the ledger's tables live in (default `gdpr_ledger`). */
  readonly schema?: string
  /**
   * Apply pending migrations when opening (default `true`). With `false` the store only
   * checks the schema is current and answers `StoreUnavailable` when it is not: for
   * deployments that migrate in a separate step with other credentials.
   */
  readonly migrate?: boolean
  /** How long an idle subscription waits for a wake-up before polling (default 1,000 ms). */
  readonly pollIntervalMs?: number
}

/** Opens the shared SQL store on a driver: migrates (or checks the schema), or closes again. */
export const openSqlStore = async (
  client: SqlClient,
  options: SqlStoreOptions,
  notify: boolean,
): Promise<E.Either<StoreUnavailable, PostgresEventStore>> => {
  const schema = options.schema ?? DEFAULT_SCHEMA
  const quoted = quoteSchema(schema)
  const pollIntervalMs = options.pollIntervalMs ?? 1000
  if (!Number.isFinite(pollIntervalMs) || pollIntervalMs <= 0)
    throw new TypeError('pollIntervalMs must be a positive number')
  const store = createSqlEventStore({ client, schema, notify, pollIntervalMs })
  const ready =
    options.migrate === false ? await checkSchema(client, quoted) : await store.migrate()
  if (E.isLeft(ready)) {
    await store.close()
    return ready
  }
  return E.right(store)
}

const checkSchema = async (
  client: SqlClient,
  quoted: string,
): Promise<E.Either<StoreUnavailable, void>> => {
  try {
    const [row] = await client.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM ${quoted}.schema_migrations`,
    )
    const version = row?.version ?? 0
    return version >= SCHEMA_VERSION
      ? E.right(undefined)
      : E.left({
          _tag: 'StoreUnavailable',
          reason: `the ledger schema is at version ${version}, this library needs ${SCHEMA_VERSION}: run migrate()`,
        })
  } catch (error) {
    return E.left(toStoreUnavailable(error))
  }
}

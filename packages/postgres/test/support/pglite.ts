import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import * as E from 'fp-ts/lib/Either.js'
import { pgliteStore, type PostgresEventStore } from '../../src'
import { uniqueName } from './names'

/**
 * One PGlite database on disk per test file (creating one takes seconds, reopening a fraction
 * of one), a schema of its own per store. A restart closes the database and opens its data
 * directory again, as a new process would.
 */
export interface PgliteHarness {
  store: PostgresEventStore
  readonly schema: string
}

let dataDir: string | undefined
let db: PGlite | undefined

export const pglite = async (): Promise<PGlite> => {
  if (db === undefined || db.closed) {
    dataDir ??= await mkdtemp(join(tmpdir(), 'gdpr-ledger-pglite-'))
    db = await PGlite.create(dataDir)
  }
  return db
}

export const closePglite = async (): Promise<void> => {
  await db?.close()
  db = undefined
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true })
  dataDir = undefined
}

const open = async (schema: string): Promise<PostgresEventStore> => {
  const opened = await pgliteStore({ pglite: await pglite(), schema, pollIntervalMs: 50 })
  if (E.isLeft(opened)) throw new Error(`could not open the store: ${opened.left.reason}`)
  return opened.right
}

export const createPgliteHarness = async (): Promise<PgliteHarness> => {
  const schema = uniqueName('t')
  return { store: await open(schema), schema }
}

export const teardownPgliteHarness = async (harness: PgliteHarness): Promise<void> => {
  await harness.store.close()
  await (await pglite()).exec(`DROP SCHEMA IF EXISTS "${harness.schema}" CASCADE`)
}

/** Closes the store and the database, and opens both again over the same data directory. */
export const restartPglite = async (harness: PgliteHarness): Promise<PostgresEventStore> => {
  await harness.store.close()
  await db?.close()
  db = undefined
  harness.store = await open(harness.schema)
  return harness.store
}

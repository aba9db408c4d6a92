import { mkdir } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import {
  createInMemoryStore,
  storeUnavailable,
  type EventStore,
  type StoreUnavailable,
} from '@gdpr-ledger/core'
import { pgliteStore, postgresStore } from '@gdpr-ledger/postgres'
import * as E from 'fp-ts/lib/Either.js'

/** An opened store and how to release it. */
export interface OpenedStore {
  readonly store: EventStore
  /** A short, secret-free description for output (`in-memory`, `pglite:.gdpr-ledger`). */
  readonly description: string
  close(): Promise<void>
}

/**
 * The store the CLI uses when `--store` is not given: PGlite in `.gdpr-ledger/` under the
 * working directory, so the ledger outlives the command and a second run adds to the first.
 */
export const DEFAULT_STORE_SPEC = 'pglite:.gdpr-ledger'

const POSTGRES_URL = /^postgres(ql)?:\/\//

/** A connection string without its credentials, for output. */
const redact = (url: string): string => {
  try {
    const parsed = new URL(url)
    parsed.username = ''
    parsed.password = ''
    parsed.search = ''
    return parsed.toString()
  } catch {
    return url.replace(/\/\/.*@/, '//')
  }
}

const pglite = async (
  dataDir: string,
  cwd: string,
): Promise<E.Either<StoreUnavailable, OpenedStore>> => {
  const directory = resolve(cwd, dataDir)
  try {
    await mkdir(directory, { recursive: true })
  } catch (error) {
    return E.left(storeUnavailable('the PGlite data directory cannot be created', error))
  }
  const shown = isAbsolute(dataDir) ? directory : relative(cwd, directory) || '.'
  return E.map((store: EventStore) => ({
    store,
    description: `pglite:${shown}`,
    close: () => store.close(),
  }))(await pgliteStore({ dataDir: directory }))
}

/**
 * Opens the store named by a `--store` value:
 * - `pglite:<dir>` (or `pglite` for `.gdpr-ledger`): embedded PGlite with its data in `<dir>`,
 *   relative to `cwd`;
 * - `postgres://user:password@host:5432/database`: a PostgreSQL server (migrated on open);
 * - `memory`: an in-memory store that lives for one command.
 *
 * Throws `InvalidStoreSpec` for anything else (a usage error); answers `StoreUnavailable`
 * when the store cannot be opened.
 */
export const openStore = async (
  spec: string,
  cwd: string,
): Promise<E.Either<StoreUnavailable, OpenedStore>> => {
  if (spec === 'memory') {
    const store = createInMemoryStore()
    return E.right({ store, description: 'in-memory', close: () => store.close() })
  }
  if (spec === 'pglite') return pglite('.gdpr-ledger', cwd)
  if (spec.startsWith('pglite:') && spec.length > 'pglite:'.length)
    return pglite(spec.slice('pglite:'.length), cwd)
  if (POSTGRES_URL.test(spec)) {
    const opened = await postgresStore({ connectionString: spec, poolSize: 4 })
    return E.map((store: EventStore) => ({
      store,
      description: redact(spec),
      close: () => store.close(),
    }))(opened)
  }
  throw new InvalidStoreSpec(spec)
}

/** The `--store` value names no store this CLI knows (a usage error). */
export class InvalidStoreSpec extends Error {
  constructor(spec: string) {
    super(
      `unknown store "${redact(spec)}": use pglite:<dir>, postgres://user@host/database or memory`,
    )
    this.name = 'InvalidStoreSpec'
  }
}

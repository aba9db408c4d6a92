import { createInMemoryStore, type EventStore } from '@gdpr-ledger/core'

/** An opened store and how to release it. */
export interface OpenedStore {
  readonly store: EventStore
  /** A short, secret-free description for output (`in-memory`, `pglite:./.gdpr-ledger`). */
  readonly description: string
  close(): Promise<void>
}

/** The store the CLI uses when `--store` is not given. */
export const DEFAULT_STORE_SPEC = 'memory'

/**
 * Opens the store named by a `--store` value. `memory` is an in-memory store that lives for
 * one command.
 */
export const openStore = async (spec: string, _cwd: string): Promise<OpenedStore> => {
  if (spec === 'memory') {
    const store = createInMemoryStore()
    return { store, description: 'in-memory', close: () => store.close() }
  }
  throw new InvalidStoreSpec(spec)
}

/** The `--store` value names no store this CLI knows (a usage error). */
export class InvalidStoreSpec extends Error {
  constructor(spec: string) {
    super(`unknown store "${spec.replace(/\/\/[^@]*@/, '//***@')}": use memory`)
    this.name = 'InvalidStoreSpec'
  }
}

import type { StoreUnavailable } from '@gdpr-ledger/core'
import type { Either } from 'fp-ts/lib/Either.js'

/**
 * The one seam between the SQL the adapter runs and the driver that runs it: `pg` against a
 * server, PGlite in-process. Everything above this interface is shared, so both stores run
 * the same statements and agree by construction.
 */
export interface SqlSession {
  /**
   * Runs one parameterised statement and returns its rows. Throws the driver's error. A
   * `name` makes it a prepared statement on drivers that keep them per connection (`pg`),
   * so the hot statement is parsed and planned once per connection.
   */
  query<R extends object>(text: string, params?: readonly unknown[], name?: string): Promise<R[]>
  /** Runs a script of several statements without parameters (migrations). */
  exec(text: string): Promise<void>
}

export interface SqlClient extends SqlSession {
  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>
  /** How many append transactions may run at once (PGlite has one connection: 1). */
  readonly writeConcurrency: number
  /**
   * Calls `onNotify` for each NOTIFY on `channel` until the returned function is called.
   * Absent where the driver cannot push (PGlite: subscribers poll).
   */
  readonly listen?: (
    channel: string,
    onNotify: () => void,
    onLost: (cause: unknown) => void,
  ) => Promise<() => Promise<void>>
  /** Releases what the client owns; a pool or database handed in by the caller stays open. */
  close(): Promise<void>
}

/** Runs a read through the store's closed check and driver-error mapping. */
export type ReadRunner = <A>(work: () => Promise<A>) => Promise<Either<StoreUnavailable, A>>

import { storeUnavailable, type StoreUnavailable } from '@gdpr-ledger/core'

/**
 * What a driver error means for the adapter, decided in this one place from the SQLSTATE
 * (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 */
export type DriverFailure =
  /** Another transaction won a race (a unique id, a deadlock): the work can be redone. */
  | { readonly kind: 'conflict' }
  /** The connection broke: whether an in-flight commit happened is unknown. */
  | { readonly kind: 'connection-lost'; readonly error: StoreUnavailable }
  /** Anything else: the statement failed and its transaction rolled back. */
  | { readonly kind: 'failed'; readonly error: StoreUnavailable }

const codeOf = (error: unknown): string | undefined => {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  const code = error.code
  return typeof code === 'string' ? code : undefined
}

const CONFLICTS = new Set(['23505', '40001', '40P01'])
const SHUTDOWN = new Set(['57P01', '57P02', '57P03'])
const NODE_SOCKET = /^E[A-Z]+$/

/** Classifies a thrown driver error. Messages name SQLSTATE classes only, never values. */
export const classifyDriverError = (error: unknown): DriverFailure => {
  const code = codeOf(error)
  if (code !== undefined && CONFLICTS.has(code)) return { kind: 'conflict' }
  if (code === undefined || SHUTDOWN.has(code) || code.startsWith('08') || NODE_SOCKET.test(code))
    return {
      kind: 'connection-lost',
      error: storeUnavailable('connection to PostgreSQL lost', error),
    }
  if (code === '42P01' || code === '3F000' || code === '42883')
    return {
      kind: 'failed',
      error: storeUnavailable('the ledger schema is missing or out of date: run migrate()', error),
    }
  if (code.startsWith('28'))
    return { kind: 'failed', error: storeUnavailable('PostgreSQL refused the credentials', error) }
  if (code.startsWith('53'))
    return { kind: 'failed', error: storeUnavailable('PostgreSQL is out of resources', error) }
  return { kind: 'failed', error: storeUnavailable(`PostgreSQL error ${code}`, error) }
}

/** The `StoreUnavailable` for any driver error (conflicts included, once retries ran out). */
export const toStoreUnavailable = (error: unknown): StoreUnavailable => {
  const failure = classifyDriverError(error)
  return failure.kind === 'conflict'
    ? storeUnavailable('PostgreSQL kept reporting a conflicting transaction', error)
    : failure.error
}

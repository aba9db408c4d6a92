import { storeUnavailable, type StoreUnavailable } from '@gdpr-ledger/core'

/**
 * What a driver error means for the adapter, decided in this one place: from the SQLSTATE
 * (https://www.postgresql.org/docs/current/errcodes-appendix.html) when the server answered,
 * else from what the driver or the socket reports.
 */
export type DriverFailure =
  /** Another transaction won a race (a unique id, a deadlock): the work can be redone. */
  | { readonly kind: 'conflict' }
  /** The connection broke: whether an in-flight commit happened is unknown. */
  | { readonly kind: 'connection-lost'; readonly error: StoreUnavailable }
  /** Anything else: the statement failed and its transaction rolled back. */
  | { readonly kind: 'failed'; readonly error: StoreUnavailable }

const stringField = (error: unknown, field: 'code' | 'syscall'): string | undefined => {
  if (typeof error !== 'object' || error === null) return undefined
  const value: unknown = Reflect.get(error, field)
  return typeof value === 'string' ? value : undefined
}

const SQLSTATE = /^[0-9A-Z]{5}$/
const CONFLICTS = new Set(['23505', '40001', '40P01'])
const SHUTDOWN = new Set(['57P01', '57P02', '57P03'])

/** Node's codes for a socket that broke or never connected (some are five letters, like a SQLSTATE). */
const SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
])

/**
 * What `pg`, `pg-pool` and PGlite say when there is no connection (any longer): the socket
 * ended (`Connection terminated`, `… unexpectedly`, `… due to connection timeout`), the
 * client broke or was closed, a connect or read timed out, the PGlite database is closed.
 */
const CONNECTION_MESSAGES = [
  /^Connection terminated\b/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^timeout exceeded when trying to connect$/,
  /^timeout expired$/,
  /^Query read timeout$/,
  /^PGlite is clos(ed|ing)$/,
]

/** TLS could not be set up: a certificate or a server without TLS (Node's and `pg`'s words). */
const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/
const TLS_MESSAGES = [
  /^The server does not support SSL connections$/,
  /^There was an error establishing an SSL connection$/,
]

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : '')

const lost = (error: unknown, reason = 'connection to PostgreSQL lost'): DriverFailure => ({
  kind: 'connection-lost',
  error: storeUnavailable(reason, error),
})

const failed = (error: unknown, reason: string): DriverFailure => ({
  kind: 'failed',
  error: storeUnavailable(reason, error),
})

/**
 * Classifies a thrown driver error. Reasons name SQLSTATE classes and kinds of failure, never
 * values. An error that is none of the driver's (a `TypeError`, a failed assertion: a bug) is
 * no outage and is not dressed up as one: it is thrown on, unchanged.
 */
export const classifyDriverError = (error: unknown): DriverFailure => {
  const code = stringField(error, 'code')
  const message = messageOf(error)
  if (code !== undefined && SOCKET_CODES.has(code)) return lost(error)
  // Any other failed system call (a Unix socket path that is not there, a name lookup that
  // failed for good, an address the host cannot bind): a Node system error names its call,
  // which neither a SQLSTATE error nor a bug (`ERR_…` codes) does.
  if (code !== undefined && code.startsWith('E') && stringField(error, 'syscall') !== undefined)
    return lost(error)
  if (CONNECTION_MESSAGES.some((pattern) => pattern.test(message)))
    return lost(error, message.startsWith('PGlite') ? 'the PGlite database is closed' : undefined)
  if ((code !== undefined && TLS_CODES.test(code)) || TLS_MESSAGES.some((p) => p.test(message)))
    return failed(error, 'no TLS connection to PostgreSQL could be set up')
  if (message === 'Cannot use a pool after calling end on the pool')
    return failed(error, 'the pg pool the store was given has been ended')
  if (code === undefined || !SQLSTATE.test(code)) throw error
  if (CONFLICTS.has(code)) return { kind: 'conflict' }
  if (SHUTDOWN.has(code) || code.startsWith('08')) return lost(error)
  if (code === '42P01' || code === '3F000' || code === '42883')
    return failed(error, 'the ledger schema is missing or out of date: run migrate()')
  if (code.startsWith('28')) return failed(error, 'PostgreSQL refused the credentials')
  if (code.startsWith('53')) return failed(error, 'PostgreSQL is out of resources')
  return failed(error, `PostgreSQL error ${code}`)
}

/**
 * The `StoreUnavailable` for any driver error (conflicts included, once retries ran out).
 * Throws an error that is none of the driver's (see `classifyDriverError`).
 */
export const toStoreUnavailable = (error: unknown): StoreUnavailable => {
  const failure = classifyDriverError(error)
  return failure.kind === 'conflict'
    ? storeUnavailable('PostgreSQL kept reporting a conflicting transaction', error)
    : failure.error
}

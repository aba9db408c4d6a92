import { storeUnavailable, type StoreUnavailable } from '@gdpr-ledger/core'
import { ErrorType, isCommandError } from './client'

/**
 * Maps what the client throws to the port's errors: `StoreUnavailable` with a fixed reason.
 * The client's own error rides along as `cause` and never in the reason, since its message
 * can name streams. Only calls into the client are wrapped, so a bug in the adapter itself
 * still throws.
 */

const reasons: Partial<Record<ErrorType, string>> = {
  [ErrorType.UNAVAILABLE]: 'EventStoreDB is unavailable',
  [ErrorType.DEADLINE_EXCEEDED]: 'EventStoreDB did not answer before the deadline',
  [ErrorType.TIMEOUT]: 'EventStoreDB timed out',
  [ErrorType.CANCELLED]: 'EventStoreDB cancelled the call',
  [ErrorType.NOT_LEADER]: 'the EventStoreDB node is not the leader',
  [ErrorType.ACCESS_DENIED]: 'EventStoreDB denied access',
  [ErrorType.STREAM_DELETED]: 'the stream was deleted in EventStoreDB',
}

/** The client error's type, or `undefined` when it is not a client error. */
export const errorTypeOf = (error: unknown): ErrorType | undefined =>
  error instanceof Error && isCommandError(error) ? error.type : undefined

export const storeErrorOf = (error: unknown): StoreUnavailable => {
  const type = errorTypeOf(error)
  const reason =
    type === undefined
      ? 'unexpected error from the EventStoreDB client'
      : (reasons[type] ?? `EventStoreDB error (${type})`)
  return storeUnavailable(reason, error)
}

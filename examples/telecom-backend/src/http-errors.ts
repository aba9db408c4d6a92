import type { LedgerError } from '@gdpr-ledger/core'
import type { AssemblyError, FulfilmentError, ProjectionError } from '@gdpr-ledger/projections'

/**
 * Every error the service answers, as a status and a body. Bodies carry tags, rule ids,
 * articles and field paths: never an input value, a stack trace or a driver message.
 */
export interface HttpError {
  readonly status: number
  readonly body: { readonly error: string } & Record<string, unknown>
}

type Known = LedgerError | ProjectionError | AssemblyError | FulfilmentError

export const httpError = (error: Known): HttpError => {
  switch (error._tag) {
    case 'InvalidInput':
      return { status: 400, body: { error: error._tag, issues: error.issues } }
    case 'ComplianceViolation':
      return {
        status: 422,
        body: {
          error: error._tag,
          rule: error.rule,
          article: error.article,
          explanation: error.explanation,
        },
      }
    case 'WrongExpectedVersion':
    case 'IdempotencyConflict':
      return { status: 409, body: { error: error._tag } }
    case 'InvalidTransition':
      return { status: 409, body: { error: error._tag, reason: error.reason } }
    case 'RequestNotFulfillable':
      return { status: 409, body: { error: error._tag, reason: error.reason } }
    case 'StoreUnavailable':
      return { status: 503, body: { error: error._tag } }
    case 'DataSourceFailed':
      return { status: 503, body: { error: error._tag, system: error.system } }
    case 'UnreadableEvent':
    case 'CheckpointUnreadable':
    case 'MissingDataSource':
    case 'DataSourceMisbehaved':
      return { status: 500, body: { error: error._tag } }
  }
}

/** A body that is not what an endpoint reads, in the ledger's own shape. */
export const invalidBody = (path: string, expected: string): HttpError => ({
  status: 400,
  body: { error: 'InvalidInput', issues: [{ path, expected }] },
})

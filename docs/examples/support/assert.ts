import { describeError, type ComplianceViolation, type LedgerError } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'

/**
 * The checks behind the examples: each page says what the ledger answers, and the example
 * fails when it answers otherwise. Kept out of the code the pages show.
 */

/** The command was recorded; its result. */
export const recorded = <T>(result: E.Either<{ readonly _tag: string }, T>): T => {
  if (E.isLeft(result)) {
    const error = result.left
    const text =
      'issues' in error || 'rule' in error || 'reason' in error
        ? describeError(error as LedgerError)
        : error._tag
    throw new Error(`expected it recorded: ${text}`)
  }
  return result.right
}

/** The command was refused by `rule`; the violation. */
export const refusedBy = (
  result: E.Either<LedgerError, unknown>,
  rule: string,
): ComplianceViolation => {
  if (E.isRight(result)) throw new Error(`expected a refusal by ${rule}: it was recorded`)
  const error = result.left
  if (error._tag !== 'ComplianceViolation' || error.rule !== rule)
    throw new Error(`expected a refusal by ${rule}: ${describeError(error)}`)
  return error
}

/** Two values agree, or the example fails with both in the message. */
export const same = (actual: unknown, expected: unknown): void => {
  const a = JSON.stringify(actual, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))
  const e = JSON.stringify(expected, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))
  if (a !== e) throw new Error(`expected ${e}, got ${a}`)
}

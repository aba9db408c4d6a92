/**
 * The ledger's recoverable errors, as a `_tag` union. Every message is written so it never
 * carries a value from the input: a caller may log these errors as they are.
 */

/** One reason a command or fact failed decoding: where, and what was expected there. */
export interface InputIssue {
  /** Dotted path into the input, such as `scope.subjectIds.0`; empty for the input itself. */
  readonly path: string
  /** What the codec expected at that path, such as `PseudonymousId` or `unknown field`. */
  readonly expected: string
}

/** The input did not decode. Nothing was written. */
export interface InvalidInput {
  readonly _tag: 'InvalidInput'
  readonly issues: readonly InputIssue[]
}

/** A compliance rule refused the command. Nothing was written. */
export interface ComplianceViolation {
  readonly _tag: 'ComplianceViolation'
  /** Stable rule id, such as `consent.covering-consent`. */
  readonly rule: string
  /** The provision the rule enforces, such as `GDPR Art. 6(1)(a)`. */
  readonly article: string
  /** Why, in words that name categories and ids, never personal data. */
  readonly explanation: string
}

/** The command does not fit the state of its stream (a breach notified before it was detected). */
export interface InvalidTransition {
  readonly _tag: 'InvalidTransition'
  readonly streamId: string
  readonly eventType: string
  readonly reason: string
}

/** Optimistic concurrency: the stream was not at the version the append expected. */
export interface WrongExpectedVersion {
  readonly _tag: 'WrongExpectedVersion'
  readonly streamId: string
  readonly expected: number | 'any' | 'no_stream' | 'stream_exists'
  /** The stream's version when the append was refused; 0 when the stream does not exist. */
  readonly actual: number
}

/** A retry reused an id (event id, or a command id) for different content. Nothing was written. */
export interface IdempotencyConflict {
  readonly _tag: 'IdempotencyConflict'
  readonly streamId: string
  readonly eventId: string
  readonly reason: string
}

/** The store could not be reached or failed mid-operation. Whatever was in flight was not written. */
export interface StoreUnavailable {
  readonly _tag: 'StoreUnavailable'
  readonly reason: string
  /**
   * `true` when the store was closed (`close()`): every later call answers this, and no retry
   * mends it, so a subscription ends on it at once. Absent for an outage, which may pass.
   * Build it with `storeClosed()`; test for it with `isStoreClosed`.
   */
  readonly closed?: true
  /** The driver's own error, for diagnostics; never shown to end users. */
  readonly cause?: unknown
}

/** An event's stored bytes could not be read back into the catalogue. */
export interface UnreadableEvent {
  readonly _tag: 'UnreadableEvent'
  readonly streamId: string
  readonly streamVersion: number
  readonly reason: string
}

/** A subscriber's handler threw; the subscription stopped after the last event it handled. */
export interface SubscriberFailed {
  readonly _tag: 'SubscriberFailed'
  readonly position: bigint
  readonly cause: unknown
}

/** Errors a store operation can return. */
export type StoreError = StoreUnavailable
/** Errors an append can return. */
export type AppendError =
  InvalidInput | WrongExpectedVersion | IdempotencyConflict | StoreUnavailable
/** Errors a ledger command can return. */
export type LedgerError =
  | InvalidInput
  | ComplianceViolation
  | InvalidTransition
  | WrongExpectedVersion
  | IdempotencyConflict
  | StoreUnavailable
  | UnreadableEvent

export const invalidInput = (issues: readonly InputIssue[]): InvalidInput => ({
  _tag: 'InvalidInput',
  issues,
})

export const complianceViolation = (
  rule: string,
  article: string,
  explanation: string,
): ComplianceViolation => ({ _tag: 'ComplianceViolation', rule, article, explanation })

export const invalidTransition = (
  streamId: string,
  eventType: string,
  reason: string,
): InvalidTransition => ({ _tag: 'InvalidTransition', streamId, eventType, reason })

export const wrongExpectedVersion = (
  streamId: string,
  expected: WrongExpectedVersion['expected'],
  actual: number,
): WrongExpectedVersion => ({ _tag: 'WrongExpectedVersion', streamId, expected, actual })

export const idempotencyConflict = (
  streamId: string,
  eventId: string,
  reason: string,
): IdempotencyConflict => ({ _tag: 'IdempotencyConflict', streamId, eventId, reason })

export const storeUnavailable = (reason: string, cause?: unknown): StoreUnavailable =>
  cause === undefined
    ? { _tag: 'StoreUnavailable', reason }
    : { _tag: 'StoreUnavailable', reason, cause }

/**
 * What every adapter answers for a call on a closed store: `StoreUnavailable` with
 * `closed: true`, which a subscription's retry policy never retries.
 *
 * @example
 * ```ts
 * import { storeClosed } from '@gdpr-ledger/core'
 * const readAll: EventStore['readAll'] = async (options) =>
 *   closed ? E.left(storeClosed()) : readPage(options)
 * ```
 */
export const storeClosed = (): StoreUnavailable => ({
  _tag: 'StoreUnavailable',
  // Words for logs: code tests `closed` (or `isStoreClosed`), never this text.
  reason: 'store closed',
  closed: true,
})

/**
 * Whether an error says the store was closed (`storeClosed()`), as opposed to an outage that
 * may pass.
 *
 * @example
 * ```ts
 * import { isStoreClosed } from '@gdpr-ledger/core'
 * const done = await subscription.done
 * if (E.isLeft(done) && !isStoreClosed(done.left)) alert(describeError(done.left))
 * ```
 */
export const isStoreClosed = (error: { readonly _tag: string }): boolean =>
  error._tag === 'StoreUnavailable' && 'closed' in error && error.closed === true

export const unreadableEvent = (
  streamId: string,
  streamVersion: number,
  reason: string,
): UnreadableEvent => ({ _tag: 'UnreadableEvent', streamId, streamVersion, reason })

/**
 * One line describing an error, safe to log: it holds tags, rule ids, stream ids and field
 * paths, never input values.
 */
export const describeError = (error: LedgerError | SubscriberFailed): string => {
  switch (error._tag) {
    case 'InvalidInput':
      return `invalid input: ${error.issues.map((i) => `${i.path || '(root)'}: ${i.expected}`).join('; ')}`
    case 'ComplianceViolation':
      return `${error.rule} (${error.article}): ${error.explanation}`
    case 'InvalidTransition':
      return `${error.eventType} does not fit ${error.streamId}: ${error.reason}`
    case 'WrongExpectedVersion':
      return `${error.streamId} expected ${String(error.expected)}, is at ${error.actual}`
    case 'IdempotencyConflict':
      return `event ${error.eventId} in ${error.streamId}: ${error.reason}`
    case 'StoreUnavailable':
      return `store unavailable: ${error.reason}`
    case 'UnreadableEvent':
      return `${error.streamId}@${error.streamVersion} unreadable: ${error.reason}`
    case 'SubscriberFailed':
      return `subscriber failed after position ${error.position.toString()}`
  }
}

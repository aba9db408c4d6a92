import { isStoreClosed, type StoreError } from '../errors'

/**
 * How a subscription treats a failed read (`EventStore.subscribe`, every adapter, and the
 * projection runner's live run). The default keeps retrying a store that is unavailable, for
 * as long as it takes, with a back-off that doubles from `initialDelayMs` up to `maxDelayMs`:
 * a dropped connection or a restarted server is waited out, and the subscription resumes from
 * the last position it delivered, with no gap and no duplicate. The subscription still ends,
 * with the error as `Left` in `done`, on an error `retryable` refuses, on the failure after
 * `maxRetries` retries in a row, and on a closed store (`StoreUnavailable` with
 * `closed: true`, which no retry mends). A read that succeeds resets the count.
 *
 * @example
 * ```ts
 * import type { RetryPolicy } from '@gdpr-ledger/core'
 *
 * // Give up after 30 failed reads in a row (about two minutes), as EventStoreDB's did in 0.1.0.
 * const retry: RetryPolicy = { maxRetries: 30, initialDelayMs: 100, maxDelayMs: 5000 }
 * const subscription = store.subscribe({ after: 0n, onEvent: handle, retry })
 * ```
 */
export interface RetryPolicy {
  /** Whether a failed read is tried again (default: every one but a closed store's). */
  readonly retryable?: (error: StoreError) => boolean
  /**
   * Retries in a row before the subscription gives up: the failure after the last one ends it
   * (default: no limit; 0: the first failure ends it).
   */
  readonly maxRetries?: number
  /** The back-off after the first failure (default 100 ms); it doubles with each in a row. */
  readonly initialDelayMs?: number
  /** The longest back-off (default 5,000 ms). */
  readonly maxDelayMs?: number
}

/**
 * Told of every failed read a subscription is about to retry: the error, how many reads
 * failed in a row (1 for the first) and the back-off before the next read. So an outage is
 * never silent, even while the subscription waits it out. A callback that throws ends the
 * subscription with `SubscriberFailed`.
 *
 * @example
 * ```ts
 * import { describeError, type OnRetry } from '@gdpr-ledger/core'
 *
 * const onRetry: OnRetry = (error, attempt, delayMs) => {
 *   logger.warn(`ledger subscription: ${describeError(error)}; retry ${attempt} in ${delayMs} ms`)
 * }
 * const subscription = store.subscribe({ after: 0n, onEvent: handle, onRetry })
 * ```
 */
export type OnRetry = (error: StoreError, attempt: number, delayMs: number) => void

/** A subscription's retry settings: the policy, and the callback told of each retry. */
export interface RetryOptions {
  /** How failed reads are retried (default: an unavailable store, for as long as it takes). */
  readonly retry?: RetryPolicy
  /** Called for every failed read before its back-off. */
  readonly onRetry?: OnRetry
}

/** A policy read once: whether a failure is retried, and the back-off before the retry. */
export interface ResolvedRetryPolicy {
  /** Whether the `attempt`-th failure in a row (1 for the first) is retried. */
  retries(error: StoreError, attempt: number): boolean
  /** The back-off after the `attempt`-th failure in a row. */
  delay(attempt: number): number
}

/**
 * Reads a policy, with the defaults filled in; throws a `TypeError` on one that is not a
 * policy (a programmer error). A closed store is never retried, whatever `retryable` says.
 */
export const resolveRetryPolicy = (policy: RetryPolicy = {}): ResolvedRetryPolicy => {
  const maxRetries = policy.maxRetries ?? Infinity
  const initialDelayMs = policy.initialDelayMs ?? 100
  const maxDelayMs = policy.maxDelayMs ?? 5000
  if (!(maxRetries === Infinity || (Number.isSafeInteger(maxRetries) && maxRetries >= 0)))
    throw new TypeError('retry.maxRetries is a non-negative integer or Infinity')
  if (!(Number.isFinite(initialDelayMs) && initialDelayMs >= 0))
    throw new TypeError('retry.initialDelayMs is a non-negative number')
  if (!(Number.isFinite(maxDelayMs) && maxDelayMs >= initialDelayMs))
    throw new TypeError('retry.maxDelayMs is a number at least retry.initialDelayMs')
  const retryable = policy.retryable ?? (() => true)
  return {
    retries: (error, attempt) => !isStoreClosed(error) && attempt <= maxRetries && retryable(error),
    delay: (attempt) => Math.min(initialDelayMs * 2 ** (attempt - 1), maxDelayMs),
  }
}

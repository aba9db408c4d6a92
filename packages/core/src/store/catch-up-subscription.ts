import * as E from 'fp-ts/lib/Either.js'
import type { StoredEvent } from '../envelope'
import type { StoreError, SubscriberFailed } from '../errors'
import type { AppendSignal } from './append-signal'
import {
  DEFAULT_PAGE_SIZE,
  type EventStore,
  type SubscribeOptions,
  type Subscription,
} from './event-store'

/**
 * How a catch-up subscription treats a failed read. The default keeps retrying a store that is
 * unavailable, for as long as it takes, with a back-off that doubles from `initialDelayMs` up
 * to `maxDelayMs`: a dropped connection or a restarted server is waited out, and the
 * subscription resumes from the last position it delivered. It still ends, with the error in
 * `done`, on an error the policy does not retry, after `maxRetries` retries in a row, or when
 * the store was closed (every adapter answers `StoreUnavailable` "store closed" after `close()`,
 * which no retry can mend).
 */
export interface RetryPolicy {
  /** Whether a failed read is tried again (default: every one). */
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

/** What a subscriber can set about retries: the policy and a callback per retry. */
export interface RetryOptions {
  readonly retry?: RetryPolicy
  /**
   * Called for every failed read the subscription is about to retry, with the error, how many
   * reads failed in a row (1 for the first) and the back-off before the next one. So an
   * outage is never silent, even while the subscription waits it out. A callback that throws
   * ends the subscription with `SubscriberFailed`.
   */
  readonly onRetry?: (error: StoreError, attempt: number, delayMs: number) => void
}

/** A store's settings for its subscriptions; a subscription's own `retry` overrides them. */
export interface CatchUpOptions extends RetryOptions {
  /** How long to wait for a wake-up before polling again. */
  readonly pollIntervalMs?: number
}

/** The reason every adapter gives for a call on a closed store. */
const STORE_CLOSED = 'store closed'

/** Reads the policy once, and throws on a policy that is not one (a programmer error). */
const policyOf = (policy: RetryPolicy) => {
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
    retries: (error: StoreError, attempt: number) =>
      error.reason !== STORE_CLOSED && attempt <= maxRetries && retryable(error),
    delay: (attempt: number) => Math.min(initialDelayMs * 2 ** (attempt - 1), maxDelayMs),
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        resolve()
      },
      { once: true },
    )
  })

/**
 * A catch-up subscription built from `readAll` pages and an `AppendSignal`: it reads from the
 * saved position to the head, reports being caught up, then waits for a wake-up (or the poll
 * interval) and reads again. Positions only grow, so each event is delivered once and in
 * order. A failed read is retried as the `RetryPolicy` says (by default for as long as the
 * store is unavailable), each retry reported to `onRetry`, and the next read starts from the
 * last position delivered: no gap, no duplicate, however long the outage. The one mechanism
 * every adapter's `subscribe` uses.
 */
export const catchUpSubscription = (
  readAll: EventStore['readAll'],
  signal: AppendSignal,
  options: SubscribeOptions & RetryOptions,
  config: CatchUpOptions = {},
): Subscription => {
  const pollIntervalMs = config.pollIntervalMs ?? 1000
  const policy = policyOf({ ...config.retry, ...options.retry })
  const reporters = [config.onRetry, options.onRetry].filter(
    (f): f is NonNullable<RetryOptions['onRetry']> => f !== undefined,
  )
  const batchSize = Math.min(options.batchSize ?? DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE)
  const controller = new AbortController()
  options.signal?.addEventListener(
    'abort',
    () => {
      controller.abort()
    },
    { once: true },
  )
  const stopped = controller.signal
  // A function, not a property read: the loop's own check would otherwise narrow it to false.
  const isStopped = () => stopped.aborted

  const run = async (): Promise<E.Either<StoreError | SubscriberFailed, void>> => {
    let position = options.after
    let failures = 0
    while (!stopped.aborted) {
      const ticket = signal.ticket
      const page = await readAll({ after: position, limit: batchSize })
      if (E.isLeft(page)) {
        failures += 1
        if (!policy.retries(page.left, failures)) return page
        const delayMs = policy.delay(failures)
        for (const report of reporters) {
          try {
            report(page.left, failures, delayMs)
          } catch (cause) {
            return E.left({ _tag: 'SubscriberFailed', position, cause })
          }
        }
        await sleep(delayMs, stopped)
        continue
      }
      failures = 0
      for (const event of page.right) {
        if (isStopped()) return E.right(undefined)
        const failed = await deliver(options.onEvent, event)
        if (failed !== undefined) return E.left(failed)
        position = event.position
      }
      if (page.right.length < batchSize) {
        options.onCaughtUp?.(position)
        await signal.wait(ticket, pollIntervalMs, stopped)
      }
    }
    return E.right(undefined)
  }

  const done = run()
  return {
    done,
    stop: async () => {
      controller.abort()
      await done
    },
  }
}

const deliver = async (
  onEvent: SubscribeOptions['onEvent'],
  event: StoredEvent,
): Promise<SubscriberFailed | undefined> => {
  try {
    await onEvent(event)
    return undefined
  } catch (cause) {
    return { _tag: 'SubscriberFailed', position: event.position, cause }
  }
}

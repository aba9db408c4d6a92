import * as E from 'fp-ts/lib/Either.js'
import type { StoredEvent } from '../envelope'
import type { StoreError, SubscriberFailed } from '../errors'
import type { AppendSignal } from './append-signal'
import { resolveRetryPolicy, type OnRetry, type RetryOptions } from './retry-policy'
import {
  DEFAULT_PAGE_SIZE,
  type EventStore,
  type SubscribeOptions,
  type Subscription,
} from './event-store'

/**
 * A store's settings for all its subscriptions: the poll interval, and a retry policy and
 * `onRetry` under each subscription's own (its `retry` fields override these one by one; both
 * `onRetry`s are told of each retry).
 */
export interface CatchUpOptions extends RetryOptions {
  /** How long to wait for a wake-up before polling again (default 1,000 ms). */
  readonly pollIntervalMs?: number
}

/**
 * Waits `ms`, or until `signal` aborts. The abort listener goes when the wait ends: a
 * subscription backing off through a long outage sleeps once per retry, without end.
 */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) {
      resolve()
      return
    }
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })

/**
 * A catch-up subscription built from `readAll` pages and an `AppendSignal`: it reads from the
 * saved position to the head, reports being caught up, then waits for a wake-up (or the poll
 * interval) and reads again. Positions only grow, so each event is delivered once and in
 * order. A failed read is retried as the `RetryPolicy` says (by default for as long as the
 * store is unavailable; never a closed store's), each retry reported to `onRetry`, and the next
 * read starts from the last position delivered: no gap, no duplicate, however long the outage.
 * The one mechanism every adapter's `subscribe` uses: an adapter passes its `readAll`, the
 * signal its appends notify, the subscriber's options as they came, and its own defaults.
 *
 * @example
 * ```ts
 * import { AppendSignal, catchUpSubscription, type EventStore } from '@gdpr-ledger/core'
 *
 * const signal = new AppendSignal() // notify() it after every append commits
 * const subscribe: EventStore['subscribe'] = (options) =>
 *   catchUpSubscription(readAll, signal, options, { pollIntervalMs: 500 })
 * ```
 */
export const catchUpSubscription = (
  readAll: EventStore['readAll'],
  signal: AppendSignal,
  options: SubscribeOptions,
  config: CatchUpOptions = {},
): Subscription => {
  const pollIntervalMs = config.pollIntervalMs ?? 1000
  const policy = resolveRetryPolicy({ ...config.retry, ...options.retry })
  const reporters = [config.onRetry, options.onRetry].filter((f): f is OnRetry => f !== undefined)
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

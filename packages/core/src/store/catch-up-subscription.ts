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

export interface CatchUpOptions {
  /** How long to wait for a wake-up before polling again. */
  readonly pollIntervalMs?: number
  /** Consecutive `StoreUnavailable` reads tolerated (with backoff) before the subscription fails. */
  readonly maxConsecutiveFailures?: number
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
 * order; a store that briefly fails is retried with backoff.
 */
export const catchUpSubscription = (
  readAll: EventStore['readAll'],
  signal: AppendSignal,
  options: SubscribeOptions,
  config: CatchUpOptions = {},
): Subscription => {
  const pollIntervalMs = config.pollIntervalMs ?? 1000
  const maxFailures = config.maxConsecutiveFailures ?? 8
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
        if (failures > maxFailures) return page
        await sleep(Math.min(50 * 2 ** failures, 5000), stopped)
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

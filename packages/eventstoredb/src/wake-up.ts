import type { AppendSignal } from '@gdpr-ledger/core'
import { END, streamNameFilter, type Client } from './client'
import type { Namespace } from './namespace'

/**
 * EventStoreDB's push, used as a wake-up for core's catch-up loop. While any subscription of
 * a store runs, one filtered $all subscription from the end notifies the store's
 * `AppendSignal` on every ledger event, so a subscriber hears of another process's appends
 * at once rather than at the next poll. It delivers nothing itself: the catch-up loop reads
 * the events by position. So when the connection drops it simply resubscribes (with backoff)
 * and nothing is lost meanwhile; the loop's poll interval covers the gap.
 */
export class WakeUp {
  readonly #client: Client
  readonly #namespace: Namespace
  readonly #signal: AppendSignal
  #users = 0
  #subscription: { unsubscribe(): Promise<void> } | undefined
  #retry: ReturnType<typeof setTimeout> | undefined
  #failures = 0

  constructor(client: Client, namespace: Namespace, signal: AppendSignal) {
    this.#client = client
    this.#namespace = namespace
    this.#signal = signal
  }

  /** One more subscription runs: start listening if nobody did. */
  acquire(): void {
    this.#users += 1
    if (this.#users === 1) this.#subscribe()
  }

  /** One subscription ended: stop listening when it was the last. */
  release(): void {
    this.#users = Math.max(0, this.#users - 1)
    if (this.#users === 0) this.#stop()
  }

  close(): void {
    this.#users = 0
    this.#stop()
  }

  #subscribe(): void {
    if (this.#users === 0 || this.#subscription !== undefined) return
    const subscription = this.#client.subscribeToAll({
      fromPosition: END,
      filter: streamNameFilter({ prefixes: [this.#namespace.prefix] }),
    })
    this.#subscription = subscription
    let ended = false
    const resubscribe = () => {
      if (ended) return
      ended = true
      if (this.#subscription === subscription) this.#subscription = undefined
      // Whatever happened while it was down, the catch-up loop should look again.
      this.#signal.notify()
      if (this.#users === 0) return
      this.#failures += 1
      const delay = Math.min(50 * 2 ** this.#failures, 5000)
      this.#retry = setTimeout(() => {
        this.#retry = undefined
        this.#subscribe()
      }, delay)
    }
    subscription.on('confirmation', () => {
      this.#failures = 0
      this.#signal.notify()
    })
    subscription.on('data', () => {
      this.#signal.notify()
    })
    subscription.on('error', resubscribe)
    subscription.on('end', resubscribe)
    subscription.on('close', resubscribe)
  }

  #stop(): void {
    if (this.#retry !== undefined) clearTimeout(this.#retry)
    this.#retry = undefined
    const subscription = this.#subscription
    this.#subscription = undefined
    if (subscription !== undefined) void subscription.unsubscribe()
  }
}

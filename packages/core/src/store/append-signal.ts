/**
 * A wake-up for subscribers: writers `notify()`, readers wait for any notification after the
 * ticket they took before reading, so an append between "read found nothing" and "start
 * waiting" is never missed. Waiting also ends after `timeoutMs`, which is the polling fallback
 * for stores that cannot push (PGlite, or a lost LISTEN connection).
 */
export class AppendSignal {
  #ticket = 0
  #waiters = new Set<() => void>()

  /** The current ticket; take it before reading. */
  get ticket(): number {
    return this.#ticket
  }

  notify(): void {
    this.#ticket += 1
    const waiters = [...this.#waiters]
    this.#waiters.clear()
    for (const wake of waiters) wake()
  }

  /** Resolves once a notification newer than `ticket` arrived, the timeout passed, or `signal` aborted. */
  wait(ticket: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.#ticket !== ticket || signal?.aborted === true) return Promise.resolve()
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.#waiters.delete(done)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, timeoutMs)
      this.#waiters.add(done)
      signal?.addEventListener('abort', done, { once: true })
    })
  }
}

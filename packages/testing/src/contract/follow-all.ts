import type { EventStore, StoreError, StoredEvent } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'

/** How a reader beside writers follows the log, and when it stops. */
export interface FollowOptions {
  /** Where to read from: the events after this position (default 0n, the start). */
  readonly after?: bigint
  /**
   * Whether writers are still writing; once false, the reader stops at its next empty page
   * (default: nobody writes, so the first empty page ends the read).
   */
  readonly writing?: () => boolean
  /** Stops the reader at once (the case timed out); it answers what it has seen so far. */
  readonly signal?: AbortSignal
  readonly pageSize?: number
  /** How long to wait after an empty page while writers are still writing, in ms. */
  readonly pauseMs?: number
}

/**
 * Reads every event of `store` in position order, page after page from where the last page
 * ended, while writers write, as a projection's catch-up read does. With no writers it is a
 * plain read of the whole log (`readEverything`).
 *
 * It stops at the first empty page it asked for after the writers were done, so its end does
 * not depend on knowing how many events to expect: a store that lets a reader skip an event
 * (one that committed below a position the reader already passed) ends the follow one short,
 * which the caller's count then shows, instead of leaving the reader waiting for it forever.
 */
export const followAll = async (
  store: EventStore,
  {
    after: from = 0n,
    writing = () => false,
    signal,
    pageSize = 1000,
    pauseMs = 2,
  }: FollowOptions = {},
): Promise<E.Either<StoreError, StoredEvent[]>> => {
  const aborted = () => signal?.aborted === true
  const seen: StoredEvent[] = []
  let after = from
  while (!aborted()) {
    // Read before asking for this page: an empty page counts as the end only if every write
    // had already finished when it was asked for.
    const last = !writing()
    const page = await store.readAll({ after, limit: pageSize })
    if (aborted()) break
    if (E.isLeft(page)) return page
    for (const event of page.right) {
      seen.push(event)
      after = event.position
    }
    if (page.right.length === 0) {
      if (last) break
      await new Promise((resolve) => setTimeout(resolve, pauseMs))
    }
  }
  return E.right(seen)
}

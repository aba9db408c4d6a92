import { DEFAULT_PAGE_SIZE, type EventStore, type Upcasters } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { includes, isPast, type AsOf } from './as-of'
import type { ProjectionError } from './errors'
import { createFoldSet } from './fold-set'
import type { Projection, StatesOf } from './projection'

export interface ReplayOptions {
  /** The ledger as it stood at a position or a time; default the whole log. */
  readonly asOf?: AsOf
  readonly upcasters?: Upcasters
  /** Events per `readAll` page (default and most: 1,000). */
  readonly pageSize?: number
  /** Called after each page with the events read so far and the position reached. */
  readonly onProgress?: (events: number, position: bigint) => void
}

/** How far a replay read. */
export interface Replayed<S> {
  readonly states: S
  /** The highest position read (0 for an empty log). */
  readonly position: bigint
  readonly events: number
}

/**
 * Builds projections afresh from a store, streaming `readAll` page by page (never the whole
 * log in memory), as the ledger stood at `asOf`. This is how a report "as it stood" is made:
 * at a position it stops there; at a time it reads to the end and keeps the events recorded
 * by then.
 *
 * @example
 * ```ts
 * import { registerProjection, replay, art30ControllerRecord } from '@gdpr-ledger/projections'
 *
 * const built = await replay(store, [registerProjection], { asOf: { position: 1500n } })
 * if (E.isRight(built)) {
 *   const [register] = built.right.states
 *   console.log(art30ControllerRecord(register, 'telco_se'))
 * }
 * ```
 */
export const replay = async <const P extends readonly Projection<unknown>[]>(
  store: Pick<EventStore, 'readAll'>,
  projections: P,
  options: ReplayOptions = {},
): Promise<E.Either<ProjectionError, Replayed<StatesOf<P>>>> => {
  const set = createFoldSet(projections, options.upcasters)
  const limit = Math.min(options.pageSize ?? DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE)
  let position = 0n
  let events = 0
  const done = () =>
    E.right({ states: set.slots.map((slot) => slot.state) as StatesOf<P>, position, events })
  for (;;) {
    const page = await store.readAll({ after: position, limit })
    if (E.isLeft(page)) return page
    const from = position
    for (const stored of page.right) {
      if (stored.position <= position) continue
      if (isPast(options.asOf, stored)) return done()
      if (includes(options.asOf, stored)) {
        const unreadable = set.offer(stored)
        if (unreadable !== undefined) return E.left(unreadable)
      }
      position = stored.position
      events += 1
    }
    if (position === from) return done()
    options.onProgress?.(events, position)
  }
}

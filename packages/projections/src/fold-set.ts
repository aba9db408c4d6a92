import {
  readEvent,
  type RecordedEvent,
  type StoredEvent,
  type UnreadableEvent,
  type Upcasters,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import type { Projection } from './projection'

/** One projection being folded: its state and the position that state includes. */
export interface Slot {
  readonly projection: Projection<unknown>
  readonly handles: ReadonlySet<string>
  state: unknown
  /** Every event at or below this position is in `state`; later ones are not. */
  position: bigint
}

/**
 * Several projections folded from one read of the log. Each event is decoded at most once,
 * and only when some projection reads its type. An event at or below a projection's position
 * is skipped: delivering an event twice, or replaying from an older checkpoint of another
 * projection, changes nothing.
 */
export interface FoldSet {
  readonly slots: readonly Slot[]
  /** The lowest position of all projections: where a shared read must start. */
  lowest(): bigint
  /** Folds `stored` into every projection not yet past it; the error when it cannot be read. */
  offer(stored: StoredEvent): UnreadableEvent | undefined
}

export const createFoldSet = (
  projections: readonly Projection<unknown>[],
  upcasters: Upcasters = {},
): FoldSet => {
  const names = new Set<string>()
  for (const projection of projections) {
    if (names.has(projection.name))
      throw new TypeError(`two projections are named "${projection.name}"`)
    names.add(projection.name)
  }
  const slots: Slot[] = projections.map((projection) => ({
    projection,
    handles: new Set<string>(projection.eventTypes),
    state: projection.init(),
    position: 0n,
  }))
  return {
    slots,
    lowest: () =>
      slots.reduce(
        (low, slot) => (slot.position < low ? slot.position : low),
        slots[0]?.position ?? 0n,
      ),
    offer: (stored) => {
      let event: RecordedEvent | undefined
      for (const slot of slots) {
        if (stored.position <= slot.position) continue
        if (slot.handles.has(stored.type)) {
          if (event === undefined) {
            const decoded = readEvent(stored, upcasters)
            if (E.isLeft(decoded)) return decoded.left
            event = decoded.right
          }
          slot.state = slot.projection.apply(slot.state, event)
        }
        slot.position = stored.position
      }
      return undefined
    },
  }
}

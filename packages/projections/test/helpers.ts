import {
  InMemoryLog,
  createInMemoryStore,
  readEvent,
  storeUnavailable,
  type EventStore,
  type InMemoryEventStore,
  type ProjectionCheckpoint,
  type ProjectionStore,
  type RecordedEvent,
  type StoredEvent,
} from '@gdpr-ledger/core'
import { readEverything } from '@gdpr-ledger/testing'
import * as E from 'fp-ts/lib/Either.js'

/** Every stored event, decoded. */
export const recordedEvents = async (store: EventStore): Promise<RecordedEvent[]> =>
  (await readEverything(store)).map((stored) => {
    const event = readEvent(stored)
    if (E.isLeft(event)) throw new Error('unreadable event in a test store')
    return event.right
  })

/** A new in-memory store holding exactly `events` (same ids, positions and hashes). */
export const storeOf = (events: readonly StoredEvent[]): InMemoryEventStore => {
  const log = new InMemoryLog()
  log.events = [...events]
  log.reindex()
  log.nextPosition = (events[events.length - 1]?.position ?? 0n) + 1n
  return createInMemoryStore({ log })
}

/**
 * A view of `store` that shows only the events up to `limit()` to `readAll` (a log still
 * growing), can fail after `failAfter()` more reads (a crash mid-catch-up), and can deliver
 * pages that start `overlap()` events early (redelivery).
 */
export const viewOf = (
  store: EventStore,
  controls: {
    readonly limit?: () => bigint
    readonly failAfter?: () => number | undefined
    readonly overlap?: () => number
  },
): EventStore & { reads: number } => {
  const view = {
    ...store,
    reads: 0,
    readAll: async (options: Parameters<EventStore['readAll']>[0] = {}) => {
      view.reads += 1
      const remaining = controls.failAfter?.()
      if (remaining !== undefined && view.reads > remaining)
        return E.left(storeUnavailable('test outage'))
      const back = BigInt(controls.overlap?.() ?? 0)
      const after = (options.after ?? 0n) > back ? (options.after ?? 0n) - back : 0n
      const page = await store.readAll({ ...options, after })
      if (E.isLeft(page)) return page
      const limit = controls.limit?.()
      return E.right(
        limit === undefined ? page.right : page.right.filter((e) => e.position <= limit),
      )
    },
  }
  return view
}

/** A projection store that keeps every save, to check what was saved when. */
export const recordingCheckpoints = (
  checkpoints: Map<string, ProjectionCheckpoint> = new Map(),
): ProjectionStore & {
  readonly checkpoints: Map<string, ProjectionCheckpoint>
  readonly saves: { name: string; checkpoint: ProjectionCheckpoint }[]
  failing: boolean
} => {
  const saves: { name: string; checkpoint: ProjectionCheckpoint }[] = []
  const store = {
    checkpoints,
    saves,
    failing: false,
    load: async (name: string) => E.right(checkpoints.get(name)),
    save: async (name: string, checkpoint: ProjectionCheckpoint) => {
      if (store.failing) return E.left(storeUnavailable('checkpoint table unavailable'))
      checkpoints.set(name, checkpoint)
      saves.push({ name, checkpoint })
      return E.right(undefined)
    },
  }
  return store
}

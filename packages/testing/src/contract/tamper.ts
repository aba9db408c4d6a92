import type { InMemoryLog, StoredEvent } from '@gdpr-ledger/core'

/**
 * What an attacker with write access to the storage might do, as the contract suite asks an
 * adapter's `tamper` hook to do it. Each operation works on the stored rows directly, below
 * the `EventStore` port, and must leave the store readable.
 */
export type TamperOperation =
  /** Replace one character of the stored data text (UTF-16 index) with `replacement`. */
  | {
      readonly kind: 'change-data'
      readonly streamId: string
      readonly version: number
      readonly index: number
      readonly replacement: string
    }
  /** Delete one event; nothing is renumbered. */
  | { readonly kind: 'delete'; readonly streamId: string; readonly version: number }
  /**
   * Insert `forged` (a complete, validly hashed event for `version`) into the stream at
   * `version`, taking the global position of the event it displaces: every later event of
   * the stream moves one version up and every later event of the log one position up, with
   * their stored hashes untouched.
   */
  | {
      readonly kind: 'insert'
      readonly streamId: string
      readonly version: number
      readonly forged: StoredEvent
    }
  /** Exchange the global positions of versions `version` and `version + 1`. */
  | { readonly kind: 'swap'; readonly streamId: string; readonly version: number }
  /** Delete versions `fromVersion` and later. */
  | { readonly kind: 'truncate'; readonly streamId: string; readonly fromVersion: number }
  /** Delete the whole stream. */
  | { readonly kind: 'delete-stream'; readonly streamId: string }

const at = (log: InMemoryLog, streamId: string, version: number): number => {
  const index = log.events.findIndex((e) => e.streamId === streamId && e.streamVersion === version)
  if (index < 0) throw new Error(`tamper: ${streamId}@${version} is not stored`)
  return index
}

/** Applies a `TamperOperation` to an in-memory log. */
export const tamperInMemory = (log: InMemoryLog, op: TamperOperation): void => {
  switch (op.kind) {
    case 'change-data': {
      const index = at(log, op.streamId, op.version)
      const event = log.events[index] as StoredEvent
      const data = event.data.slice(0, op.index) + op.replacement + event.data.slice(op.index + 1)
      log.events[index] = { ...event, data }
      break
    }
    case 'delete':
      log.events.splice(at(log, op.streamId, op.version), 1)
      break
    case 'insert': {
      const index = at(log, op.streamId, op.version)
      const displaced = log.events[index] as StoredEvent
      log.events = log.events.map((event, i) => {
        if (i < index) return event
        const shifted = { ...event, position: event.position + 1n }
        return event.streamId === op.streamId
          ? { ...shifted, streamVersion: event.streamVersion + 1 }
          : shifted
      })
      log.events.splice(index, 0, { ...op.forged, position: displaced.position })
      log.nextPosition += 1n
      break
    }
    case 'swap': {
      const a = at(log, op.streamId, op.version)
      const b = at(log, op.streamId, op.version + 1)
      const first = log.events[a] as StoredEvent
      const second = log.events[b] as StoredEvent
      log.events[a] = { ...first, position: second.position }
      log.events[b] = { ...second, position: first.position }
      break
    }
    case 'truncate':
      log.events = log.events.filter(
        (e) => e.streamId !== op.streamId || e.streamVersion < op.fromVersion,
      )
      break
    case 'delete-stream':
      log.events = log.events.filter((e) => e.streamId !== op.streamId)
      break
  }
  log.reindex()
}

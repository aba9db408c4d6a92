import { hash } from 'node:crypto'
import type { EventToAppend, StoredEvent } from '../envelope'

/** The `prevHash` of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64)

/** The fields of an event that its hash covers: everything but its position and its own link. */
export type HashedFields = Pick<
  StoredEvent,
  | 'prevHash'
  | 'id'
  | 'streamId'
  | 'streamVersion'
  | 'type'
  | 'controllerId'
  | 'occurredAt'
  | 'recordedAt'
  | 'data'
  | 'metadata'
>

/**
 * SHA-256 over a length-prefixed frame of the event's fields (DESIGN.md, "Integrity"): each
 * field as a 4-byte big-endian byte length and its UTF-8 bytes, in a fixed order. Length
 * prefixes make the frame unambiguous, so no two different events share a frame. The global
 * position is not covered: stores assign it at commit, after the hash is known.
 */
// One scratch buffer for every frame: hashing is synchronous, so no two frames are ever
// written at once. It grows to the largest frame seen.
let scratch = Buffer.allocUnsafe(16 * 1024)

export const hashEvent = (event: HashedFields): string => {
  const version = String(event.streamVersion)
  const fields = [
    event.prevHash,
    event.id,
    event.streamId,
    version,
    event.type,
    event.controllerId,
    event.occurredAt,
    event.recordedAt,
    event.data,
    event.metadata,
  ]
  // UTF-8 takes at most 3 bytes per UTF-16 unit: an upper bound without measuring each field.
  let bound = 4 * fields.length
  for (const field of fields) bound += 3 * field.length
  if (bound > scratch.length) scratch = Buffer.allocUnsafe(Math.max(bound, 2 * scratch.length))
  const frame = scratch
  let offset = 0
  for (const field of fields) {
    const length = frame.write(field, offset + 4, 'utf8')
    frame.writeUInt32BE(length, offset)
    offset += 4 + length
  }
  return hash('sha256', frame.subarray(0, offset), 'hex')
}

/** A stream head: its version (0 = no stream) and the hash of its last event. */
export interface ChainHead {
  readonly version: number
  readonly hash: string
}

export const EMPTY_HEAD: ChainHead = { version: 0, hash: GENESIS_HASH }

/**
 * Links a batch onto a stream head: consecutive versions, each event's `prevHash` the previous
 * event's hash. Stores call this inside their atomic append, with the head read there. The
 * `i`-th event gets position `firstPosition + i`; stores that assign positions at commit pass
 * nothing and set them on what they read back.
 */
export const chainEvents = (
  streamId: string,
  head: ChainHead,
  events: readonly EventToAppend[],
  firstPosition = 0n,
): StoredEvent[] => {
  const chained: StoredEvent[] = []
  let prevHash = head.hash
  let version = head.version
  let position = firstPosition
  for (const event of events) {
    version += 1
    const stored: { -readonly [K in keyof StoredEvent]: StoredEvent[K] } = {
      id: event.id,
      type: event.type,
      streamId,
      streamVersion: version,
      position,
      controllerId: event.controllerId,
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
      data: event.data,
      metadata: event.metadata,
      prevHash,
      hash: '',
    }
    stored.hash = hashEvent(stored)
    chained.push(stored)
    prevHash = stored.hash
    position += 1n
  }
  return chained
}

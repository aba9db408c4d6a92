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
export const hashEvent = (event: HashedFields): string => {
  const fields = [
    event.prevHash,
    event.id,
    event.streamId,
    String(event.streamVersion),
    event.type,
    event.controllerId,
    event.occurredAt,
    event.recordedAt,
    event.data,
    event.metadata,
  ]
  let size = 0
  const lengths = new Array<number>(fields.length)
  for (let i = 0; i < fields.length; i++) {
    const length = Buffer.byteLength(fields[i] as string, 'utf8')
    lengths[i] = length
    size += 4 + length
  }
  const frame = Buffer.allocUnsafe(size)
  let offset = 0
  for (let i = 0; i < fields.length; i++) {
    const length = lengths[i] as number
    frame.writeUInt32BE(length, offset)
    offset += 4
    offset += frame.write(fields[i] as string, offset, length, 'utf8')
  }
  return hash('sha256', frame, 'hex')
}

/** A stream head: its version (0 = no stream) and the hash of its last event. */
export interface ChainHead {
  readonly version: number
  readonly hash: string
}

export const EMPTY_HEAD: ChainHead = { version: 0, hash: GENESIS_HASH }

/** A chained event: stored, except for the global position the store assigns. */
export type ChainedEvent = Omit<StoredEvent, 'position'>

/**
 * Links a batch onto a stream head: consecutive versions, each event's `prevHash` the previous
 * event's hash. Stores call this inside their atomic append, with the head read there.
 */
export const chainEvents = (
  streamId: string,
  head: ChainHead,
  events: readonly EventToAppend[],
): ChainedEvent[] => {
  const chained: ChainedEvent[] = []
  let prevHash = head.hash
  let version = head.version
  for (const event of events) {
    version += 1
    const linked = { ...event, streamId, streamVersion: version, prevHash }
    const h = hashEvent(linked)
    chained.push({ ...linked, hash: h })
    prevHash = h
  }
  return chained
}

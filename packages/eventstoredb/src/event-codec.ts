import type { StoredEvent } from '@gdpr-ledger/core'
import * as t from 'io-ts'
import { binaryEvent, type EventData, type RecordedEvent } from './client'
import { isKnownPosition, positionOf } from './position'
import { versionOf } from './revision'

/**
 * A ledger event as an EventStoreDB event. The event id and type are ours; the data is a
 * binary event holding our exact data bytes (the client's JSON helpers would re-serialise
 * them and break the hash); the event's metadata is an envelope that carries our metadata
 * bytes as a string, the other hashed fields, and the chain link (`prevHash`, `hash`) beside
 * them, never inside the hashed metadata. The stream name and revision give the stream id
 * and version, and the $all position the global position.
 */

/** The envelope in an EventStoreDB event's metadata. */
export const Envelope = t.intersection([
  t.type({
    gdprLedger: t.literal(1),
    controllerId: t.string,
    occurredAt: t.string,
    recordedAt: t.string,
    /** Our metadata, byte for byte. */
    metadata: t.string,
    prevHash: t.string,
    hash: t.string,
  }),
  /** The append that wrote it: a nonce, so the writer knows its own write after a race. */
  t.partial({ writeId: t.string }),
])
export type Envelope = t.TypeOf<typeof Envelope>

const utf8 = new TextEncoder()
const decoder = new TextDecoder()

/**
 * The EventStoreDB event for a chained ledger event, tagged with the append's `writeId`, and
 * its size as the server counts it against `MaxAppendSize` (`Event.SizeOnDisk`).
 */
export const toEventData = (
  event: Omit<StoredEvent, 'position'>,
  writeId: string,
): { readonly data: EventData; readonly size: number } => {
  const envelope: Envelope = {
    gdprLedger: 1,
    controllerId: event.controllerId,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    metadata: event.metadata,
    prevHash: event.prevHash,
    hash: event.hash,
    writeId,
  }
  const data = utf8.encode(event.data)
  const metadata = utf8.encode(JSON.stringify(envelope))
  return {
    data: binaryEvent({ id: event.id, type: event.type, data, metadata }),
    size: data.length + metadata.length + event.type.length * 2,
  }
}

/** A stored event as read back, with the write that stored it. */
export interface DecodedEvent {
  readonly event: StoredEvent
  readonly writeId: string | undefined
}

const bytesToText = (value: unknown): string =>
  value instanceof Uint8Array
    ? decoder.decode(value)
    : value === undefined
      ? ''
      : JSON.stringify(value)

/**
 * Reads a recorded event of a ledger stream back into a `StoredEvent`. An event the ledger did
 * not write (no envelope) is still returned, with empty chain fields, so `verify` reports it
 * instead of a reader skipping it. `undefined` when the read carried no $all position (a
 * server before 22.6 reading a stream), which the caller reports.
 */
export const fromRecordedEvent = (
  recorded: RecordedEvent,
  streamId: string,
): DecodedEvent | undefined => {
  if (!isKnownPosition(recorded.position)) return undefined
  // The client parses JSON metadata for us: the envelope arrives as an object.
  const decoded = Envelope.decode(recorded.metadata)
  const envelope =
    decoded._tag === 'Right'
      ? decoded.right
      : {
          controllerId: '',
          occurredAt: '',
          recordedAt: '',
          metadata: bytesToText(recorded.metadata),
          prevHash: '',
          hash: '',
          writeId: undefined,
        }
  return {
    event: {
      // EventStoreDB keeps ids as 16 bytes; ours are lower case.
      id: recorded.id.toLowerCase(),
      type: recorded.type,
      controllerId: envelope.controllerId,
      occurredAt: envelope.occurredAt,
      recordedAt: envelope.recordedAt,
      data: bytesToText(recorded.data),
      metadata: envelope.metadata,
      streamId,
      streamVersion: versionOf(recorded.revision),
      position: positionOf(recorded.position),
      prevHash: envelope.prevHash,
      hash: envelope.hash,
    },
    writeId: envelope.writeId,
  }
}

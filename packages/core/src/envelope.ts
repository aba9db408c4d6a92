import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import {
  catalogue,
  isEventType,
  type EventData,
  type EventType,
  type LedgerEvent,
} from './catalogue'
import { NonNegativeInt, PseudonymousId, strictRecord } from './codec/primitives'
import { unreadableEvent, type UnreadableEvent } from './errors'

/**
 * The envelope around every event: what the store keeps (`StoredEvent`, data and metadata
 * as the exact bytes that were hashed) and what readers get (`RecordedEvent`, decoded and
 * upcast to the current schema).
 */

/** Metadata of every event. It is hashed with the data, so nothing in it can change later. */
export const EventMetadata = strictRecord(
  'EventMetadata',
  {
    schemaVersion: NonNegativeInt,
    /** Who recorded it: a pseudonymous user or system id. */
    actor: PseudonymousId,
  },
  {
    correlationId: PseudonymousId,
    causationId: PseudonymousId,
    /** The caller's command id, when the command carried one (idempotent retries). */
    commandId: PseudonymousId,
    /** For a gate: the version of each stream the decision was taken on (races made visible). */
    decidedOn: t.record(t.string, NonNegativeInt),
    /** Recorded through the import path: a fact no gate judged. */
    imported: t.literal(true),
  },
)
export type EventMetadata = t.TypeOf<typeof EventMetadata>

/** An event as handed to `EventStore.append`: exact bytes, before the store gives it a place. */
export interface EventToAppend {
  readonly id: string
  readonly type: string
  readonly controllerId: string
  readonly occurredAt: string
  readonly recordedAt: string
  /** The event's data as UTF-8 JSON text: these exact bytes are stored and hashed. */
  readonly data: string
  /** The event's metadata as UTF-8 JSON text, stored and hashed as given. */
  readonly metadata: string
}

/** An event as stored: its place in its stream and in the global order, and its chain link. */
export interface StoredEvent extends EventToAppend {
  readonly streamId: string
  /** 1-based; a stream's version is its event count. */
  readonly streamVersion: number
  /** Global, unique and increasing. */
  readonly position: bigint
  readonly prevHash: string
  readonly hash: string
}

/** A stored event decoded: typed data and metadata, upcast to the current schema. */
export type RecordedEvent<T extends EventType = EventType> = {
  [K in T]: Omit<StoredEvent, 'type' | 'data' | 'metadata'> & {
    readonly type: K
    readonly data: EventData<K>
    readonly metadata: EventMetadata
  }
}[T]

/**
 * Turns an event of schema version `n` into version `n + 1`. Registered per event type and
 * source version; the stored bytes are never rewritten, only the reader's view.
 */
export type Upcaster = (data: unknown) => unknown

/** Upcasters by event type and by the schema version they read. */
export type Upcasters = Partial<Record<EventType, Readonly<Record<number, Upcaster>>>>

const upcast = (
  type: EventType,
  fromVersion: number,
  data: unknown,
  upcasters: Upcasters,
): E.Either<string, unknown> => {
  const current = catalogue[type].schemaVersion
  if (fromVersion === current) return E.right(data)
  if (fromVersion > current)
    return E.left(`schema version ${fromVersion} is newer than this library's ${current}`)
  let value = data
  for (let version = fromVersion; version < current; version++) {
    const step = upcasters[type]?.[version]
    if (step === undefined) return E.left(`no upcaster from schema version ${version}`)
    value = step(value)
  }
  const decoded = (catalogue[type].data as t.Mixed).decode(value)
  return E.isRight(decoded)
    ? E.right(decoded.right)
    : E.left('upcast data does not match the current schema')
}

/**
 * Decodes a stored event. Data is parsed, not re-validated: it was validated when written and
 * the hash chain guards it since; only upcast data is validated again. Projections decode
 * every event of the log through here, so the path for current-schema events allocates
 * nothing but the parsed values and the result.
 */
export const readEvent = (
  stored: StoredEvent,
  upcasters: Upcasters = {},
): E.Either<UnreadableEvent, RecordedEvent> => {
  if (!isEventType(stored.type)) return unreadable(stored, 'unknown event type')
  const type = stored.type
  let meta: EventMetadata
  let data: unknown
  try {
    meta = JSON.parse(stored.metadata) as EventMetadata
  } catch {
    return unreadable(stored, 'stored bytes are not JSON')
  }
  try {
    data = JSON.parse(stored.data) as unknown
  } catch {
    return unreadable(stored, 'stored bytes are not JSON')
  }
  if (meta.schemaVersion !== catalogue[type].schemaVersion) {
    const upcasted = upcast(type, meta.schemaVersion, data, upcasters)
    if (E.isLeft(upcasted)) return unreadable(stored, upcasted.left)
    data = upcasted.right
  }
  return E.right({ ...stored, type, data, metadata: meta } as RecordedEvent)
}

const unreadable = (stored: StoredEvent, reason: string): E.Either<UnreadableEvent, never> =>
  E.left(unreadableEvent(stored.streamId, stored.streamVersion, reason))

/** The `{ type, data }` pair of a recorded event, as deciders and folds take it. */
export const toLedgerEvent = (event: RecordedEvent): LedgerEvent =>
  ({ type: event.type, data: event.data }) as LedgerEvent

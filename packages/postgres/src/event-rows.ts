import type { StoredEvent } from '@gdpr-ledger/core'

/**
 * Events as they come back from SQL. Positions cross the wire as text (PGlite would read a
 * bigint into a lossy number), and are turned into `bigint` here and nowhere else.
 */
export interface EventRow {
  readonly position: string
  readonly id: string
  readonly stream_id: string
  readonly version: number
  readonly type: string
  readonly controller_id: string
  readonly occurred_at: string
  readonly recorded_at: string
  readonly data: string
  readonly metadata: string
  readonly prev_hash: string
  readonly hash: string
}

/** The select list that produces an `EventRow` from `events` aliased `e`. */
export const EVENT_COLUMNS = `e.position::text AS position, e.id::text AS id, e.stream_id,
  e.version, e.type, e.controller_id, e.occurred_at, e.recorded_at, e.data, e.metadata,
  e.prev_hash, e.hash`

/**
 * The readers' horizon: positions below `(oldest running transaction id) << 20`. Every
 * transaction that could still commit an event has an id at or above that, and an
 * append's positions start at its own transaction id << 20, so nothing can later appear
 * below a position a reader has seen (DESIGN.md, "Streams and events").
 */
export const VISIBLE = '(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)'

export const toPosition = (text: string): bigint => BigInt(text)

/** A bigint position as a statement parameter. */
export const positionParam = (position: bigint): string => position.toString()

export const toStoredEvent = (row: EventRow): StoredEvent => ({
  id: row.id,
  type: row.type,
  controllerId: row.controller_id,
  occurredAt: row.occurred_at,
  recordedAt: row.recorded_at,
  data: row.data,
  metadata: row.metadata,
  streamId: row.stream_id,
  streamVersion: row.version,
  position: toPosition(row.position),
  prevHash: row.prev_hash,
  hash: row.hash,
})

import { GENESIS_HASH } from '@gdpr-ledger/core'

/**
 * The one statement that appends a group of batches (group commit), for both drivers. Per
 * batch: accepted when its stream head is still the head the client chained onto. The head
 * row is updated by the statement that checks it, so it stays locked to commit, and a
 * concurrent writer's update is re-checked against the row it committed. A new stream is
 * accepted when its head row can be created. Accepted batches' events are inserted; an
 * event id that is already stored fails the whole statement on the unique index, and the
 * caller then sorts the group out with `findStored`. Everything else (the hashes, versions,
 * the expected-version rule) is the client's, computed with core's functions.
 *
 * Positions are the transaction id << 20 plus the event's ordinal in the statement, so a
 * transaction's positions sort by its id; `read_all` relies on that.
 */
export const appendStatement = (schema: string): string => `
WITH batch AS (
  SELECT b.*
    FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::integer[],
                $6::integer[], $7::boolean[])
         WITH ORDINALITY AS b(stream_id, head_version, head_hash, last_hash, n, first_ord,
                              can_write, batch_no)
), moved AS (
  UPDATE ${schema}.streams h SET version = c.head_version + c.n, hash = c.last_hash
    FROM batch c
   WHERE c.can_write AND c.head_version > 0 AND h.stream_id = c.stream_id
     AND h.version = c.head_version AND h.hash = c.head_hash
  RETURNING c.batch_no
), created AS (
  INSERT INTO ${schema}.streams (stream_id, version, hash)
  SELECT c.stream_id, c.n, c.last_hash FROM batch c WHERE c.can_write AND c.head_version = 0
  ON CONFLICT DO NOTHING
  RETURNING stream_id
), accepted AS (
  SELECT batch_no FROM moved
  UNION ALL
  SELECT c.batch_no FROM created JOIN batch c USING (stream_id)
), inserted AS (
  INSERT INTO ${schema}.events (position, id, stream_id, version, type, controller_id,
                                occurred_at, recorded_at, data, metadata, prev_hash, hash,
                                subject_id, actor_id, purpose, activity_id)
  SELECT (pg_current_xact_id()::text::bigint << 20) + e.ord, e.id, ($1::text[])[e.batch_no],
         e.version, e.type, e.controller_id, e.occurred_at, e.recorded_at, e.data,
         e.metadata, e.prev_hash, e.hash, e.subject_id, e.actor_id, e.purpose, e.activity_id
    FROM unnest($8::integer[], $9::uuid[], $10::text[], $11::text[], $12::text[], $13::text[],
                $14::text[], $15::text[], $16::integer[], $17::text[], $18::text[],
                $19::text[], $20::text[], $21::text[], $22::text[])
         WITH ORDINALITY AS e(batch_no, id, type, controller_id, occurred_at, recorded_at,
                              data, metadata, version, prev_hash, hash, subject_id, actor_id,
                              purpose, activity_id, ord)
   WHERE e.batch_no IN (SELECT batch_no FROM accepted)
)
SELECT b.batch_no::integer AS batch, a.batch_no IS NOT NULL AS ok,
       coalesce(h.version, 0) AS version, coalesce(h.hash, '${GENESIS_HASH}') AS hash,
       CASE WHEN a.batch_no IS NOT NULL
            THEN ((pg_current_xact_id()::text::bigint << 20) + b.first_ord)::text END AS position
  FROM batch b
  LEFT JOIN accepted a ON a.batch_no = b.batch_no
  LEFT JOIN LATERAL (
    SELECT s.version, s.hash FROM ${schema}.streams s WHERE s.stream_id = b.stream_id LIMIT 1
  ) h ON true`

/** One row per batch of the group. For a batch not accepted, the head as it stood. */
export interface AppendRow {
  readonly batch: number
  readonly ok: boolean
  readonly version: number
  readonly hash: string
  readonly position: string | null
}

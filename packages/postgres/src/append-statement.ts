import { GENESIS_HASH } from '@gdpr-ledger/core'

const PARAMETERS = [
  ['p_streams', 'text[]'],
  ['p_head_versions', 'integer[]'],
  ['p_head_hashes', 'text[]'],
  ['p_last_hashes', 'text[]'],
  ['p_counts', 'integer[]'],
  ['p_offsets', 'integer[]'],
  ['p_write', 'boolean[]'],
  ['e_batch', 'integer[]'],
  ['e_ids', 'uuid[]'],
  ['e_types', 'text[]'],
  ['e_controllers', 'text[]'],
  ['e_occurred', 'text[]'],
  ['e_recorded', 'text[]'],
  ['e_data', 'text[]'],
  ['e_metadata', 'text[]'],
  ['e_versions', 'integer[]'],
  ['e_prev_hashes', 'text[]'],
  ['e_hashes', 'text[]'],
  ['e_subjects', 'text[]'],
  ['e_actors', 'text[]'],
  ['e_purposes', 'text[]'],
  ['e_activities', 'text[]'],
] as const

/**
 * The append as a function, created by the migration: one call appends a group of batches
 * (group commit). Per batch: accepted when its stream head is still the head the client
 * chained onto. The head row is updated by the statement that checks it, so it stays locked
 * to commit, and a concurrent writer's update is re-checked against the row it committed; a
 * new stream is accepted when its head row can be created. Accepted batches' events are
 * inserted; an event id that is already stored fails the whole call on the unique index, and
 * the caller then sorts the group out with the ids it finds stored. Everything else (the
 * hashes, versions, the expected-version rule) is the client's, computed with core's
 * functions.
 *
 * Positions are the transaction id << 20 plus the event's ordinal in the call, so a
 * transaction's positions sort by its id; `read_all` relies on that. Statements run on a
 * generic plan kept for the session, with sequential scans off: re-planning them for every
 * append would cost more than running them, and a plan made while the tables were small must
 * still use the keys when they are large.
 */
export const appendFunction = (schema: string): string => `
CREATE FUNCTION ${schema}.append_events(
  ${PARAMETERS.map(([name, type]) => `${name} ${type}`).join(',\n  ')}
) RETURNS TABLE (r_batch integer, r_ok boolean, r_version integer, r_hash text, r_position text)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $fn$
DECLARE
  v_accepted integer[];
BEGIN
  WITH moved AS (
    UPDATE ${schema}.streams h SET version = c.head_version + c.n, hash = c.last_hash
      FROM unnest(p_streams, p_head_versions, p_head_hashes, p_last_hashes, p_counts, p_write)
           WITH ORDINALITY AS c(stream_id, head_version, head_hash, last_hash, n, can_write, no)
     WHERE c.can_write AND c.head_version > 0 AND h.stream_id = c.stream_id
       AND h.version = c.head_version AND h.hash = c.head_hash
    RETURNING c.no::integer AS no
  ), created AS (
    INSERT INTO ${schema}.streams (stream_id, version, hash)
    SELECT c.stream_id, c.n, c.last_hash
      FROM unnest(p_streams, p_head_versions, p_last_hashes, p_counts, p_write)
           AS c(stream_id, head_version, last_hash, n, can_write)
     WHERE c.can_write AND c.head_version = 0
    ON CONFLICT DO NOTHING
    RETURNING array_position(p_streams, stream_id) AS no
  )
  SELECT array_agg(a.no) INTO v_accepted
    FROM (SELECT no FROM moved UNION ALL SELECT no FROM created) AS a;

  IF v_accepted IS NOT NULL THEN
    INSERT INTO ${schema}.events (position, id, stream_id, version, type, controller_id,
                                  occurred_at, recorded_at, data, metadata, prev_hash, hash,
                                  subject_id, actor_id, purpose, activity_id)
    SELECT (pg_current_xact_id()::text::bigint << 20) + e.ord, e.id, p_streams[e.batch_no],
           e.version, e.type, e.controller_id, e.occurred_at, e.recorded_at, e.data,
           e.metadata, e.prev_hash, e.hash, e.subject_id, e.actor_id, e.purpose, e.activity_id
      FROM unnest(e_batch, e_ids, e_types, e_controllers, e_occurred, e_recorded, e_data,
                  e_metadata, e_versions, e_prev_hashes, e_hashes, e_subjects, e_actors,
                  e_purposes, e_activities)
           WITH ORDINALITY AS e(batch_no, id, type, controller_id, occurred_at, recorded_at,
                                data, metadata, version, prev_hash, hash, subject_id,
                                actor_id, purpose, activity_id, ord)
     WHERE e.batch_no = ANY (v_accepted);
  END IF;

  RETURN QUERY
  SELECT b.no::integer, ok, coalesce(h.version, 0), coalesce(h.hash, '${GENESIS_HASH}'),
         CASE WHEN ok THEN ((pg_current_xact_id()::text::bigint << 20) + b.first_ord)::text END
    FROM unnest(p_streams, p_offsets) WITH ORDINALITY AS b(stream_id, first_ord, no)
   CROSS JOIN LATERAL (SELECT coalesce(b.no = ANY (v_accepted), false) AS ok) AS accepted
    LEFT JOIN LATERAL (
      SELECT s.version, s.hash FROM ${schema}.streams s
       WHERE NOT accepted.ok AND s.stream_id = b.stream_id LIMIT 1
    ) h ON true;
END
$fn$;
`

/**
 * A lone batch of one event, the commonest append (a gate records one event): the same rules
 * with scalar parameters and no grouping, which PostgreSQL runs in a fraction of the time.
 */
export const appendOneFunction = (schema: string): string => `
CREATE FUNCTION ${schema}.append_one(
  p_stream text, p_head_version integer, p_head_hash text, p_id uuid, p_type text,
  p_controller text, p_occurred text, p_recorded text, p_data text, p_metadata text,
  p_hash text, p_subject text, p_actor text, p_purpose text, p_activity text
) RETURNS TABLE (r_batch integer, r_ok boolean, r_version integer, r_hash text, r_position text)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $fn$
DECLARE
  v_ok boolean;
BEGIN
  IF p_head_version = 0 THEN
    INSERT INTO ${schema}.streams (stream_id, version, hash) VALUES (p_stream, 1, p_hash)
      ON CONFLICT DO NOTHING;
  ELSE
    UPDATE ${schema}.streams SET version = p_head_version + 1, hash = p_hash
     WHERE stream_id = p_stream AND version = p_head_version AND hash = p_head_hash;
  END IF;
  v_ok := FOUND;
  IF v_ok THEN
    INSERT INTO ${schema}.events (position, id, stream_id, version, type, controller_id,
                                  occurred_at, recorded_at, data, metadata, prev_hash, hash,
                                  subject_id, actor_id, purpose, activity_id)
    VALUES ((pg_current_xact_id()::text::bigint << 20) + 1, p_id, p_stream,
            p_head_version + 1, p_type, p_controller, p_occurred, p_recorded, p_data,
            p_metadata, p_head_hash, p_hash, p_subject, p_actor, p_purpose, p_activity);
    RETURN QUERY SELECT 1, true, p_head_version, p_head_hash,
      ((pg_current_xact_id()::text::bigint << 20) + 1)::text;
  ELSE
    RETURN QUERY SELECT 1, false, coalesce(h.version, 0), coalesce(h.hash, '${GENESIS_HASH}'),
      NULL::text
      FROM (SELECT 1) AS one
      LEFT JOIN ${schema}.streams h ON h.stream_id = p_stream;
  END IF;
END
$fn$;
`

/** The call of `append_one`, with its parameters in order. */
export const appendOneCall = (schema: string): string =>
  `SELECT r_batch AS batch, r_ok AS ok, r_version AS version, r_hash AS hash,
     r_position AS first_position
   FROM ${schema}.append_one($1::text, $2::integer, $3::text, $4::uuid, $5::text, $6::text,
     $7::text, $8::text, $9::text, $10::text, $11::text, $12::text, $13::text, $14::text,
     $15::text)`

/** The call of `append_events`, with its parameters in order. */
export const appendCall = (schema: string): string =>
  `SELECT r_batch AS batch, r_ok AS ok, r_version AS version, r_hash AS hash,
     r_position AS first_position
   FROM ${schema}.append_events(${PARAMETERS.map(([, type], i) => `$${i + 1}::${type}`).join(', ')})`

/** One row per batch of the group. For a batch not accepted, the head as it stood. */
export interface AppendRow {
  readonly batch: number
  readonly ok: boolean
  readonly version: number
  readonly hash: string
  readonly first_position: string | null
}

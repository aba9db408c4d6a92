import * as E from 'fp-ts/lib/Either.js'
import type { StoreUnavailable } from '@gdpr-ledger/core'
import { toStoreUnavailable } from './driver-error'
import { appendFunction, appendOneFunction } from './append-statement'
import { quoteSchema } from './schema-name'
import type { SqlClient } from './sql-client'

/**
 * Versioned schema migrations. Each runs once, in order, inside one transaction that first
 * takes an advisory lock on the schema's name, so concurrent `migrate()` calls (several
 * instances starting at once) apply each migration exactly once and the others wait, then
 * find nothing to do. A migration is never edited once released: changes are new versions.
 */
interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: (schema: string) => string
}

/** The keys the processing log is queried by beside the subject, each on its partial index. */
interface ProcessingKey {
  readonly column: string
  readonly param: string
}

const processingKeys: readonly ProcessingKey[] = [
  { column: 'actor_id', param: 'p_actor' },
  { column: 'purpose', param: 'p_purpose' },
  { column: 'activity_id', param: 'p_activity' },
]

/** A filter on each of `keys`, where the caller gave it. */
const keyFilters = (keys: readonly ProcessingKey[]): string[] =>
  keys.map(({ column, param }) => `       AND (${param} IS NULL OR e.${column} = ${param})`)

const TIME_FILTERS = [
  '       AND (p_occurred_from IS NULL OR e.occurred_at >= p_occurred_from)',
  '       AND (p_occurred_to IS NULL OR e.occurred_at < p_occurred_to)',
  '       AND (p_recorded_to IS NULL OR e.recorded_at <= p_recorded_to)',
]

/**
 * The branch of `find_processing` for one key, when no earlier key was given: a page on the
 * key's partial index, the key matched by a row comparison from the cursor on and the rows
 * ordered by (key, position), so the planner cannot make the key a constant and walk the
 * primary key instead; the later keys and the times filter.
 */
const pageByKey = (s: string, key: ProcessingKey, later: readonly ProcessingKey[]): string =>
  [
    `  ELSIF ${key.param} IS NOT NULL THEN`,
    `    RETURN QUERY SELECT e.* FROM ${s}.events e`,
    `     WHERE e.type IN ('DataProcessed', 'DataSharedWithRecipient')`,
    `       AND e.controller_id = p_controller`,
    `       AND (e.${key.column}, e.position) > (${key.param}, p_after) AND e.${key.column} <= ${key.param}`,
    `       AND e.position <= v_upto`,
    ...keyFilters(later),
    ...TIME_FILTERS,
    `     ORDER BY e.${key.column}, e.position LIMIT p_limit;`,
  ].join('\n')

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'events with the processing log, stream heads, projections, read_all',
    sql: (s) => `
-- One row per stream: its head. An append updates it in the statement that checks it, so
-- the head is locked until commit and "any" still chains onto the true head (append.ts).
CREATE TABLE ${s}.streams (
  stream_id text PRIMARY KEY,
  version integer NOT NULL,
  hash text NOT NULL
);

-- The log. position = (transaction id << 20) + ordinal in that transaction (see read_all).
-- data and metadata are the exact text that was hashed; nothing here is ever rewritten.
-- subject_id .. activity_id are the processing log (ProcessingQuery), read from the data of
-- DataProcessed and DataSharedWithRecipient when appended, NULL for every other type.
CREATE TABLE ${s}.events (
  position bigint PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  stream_id text NOT NULL,
  version integer NOT NULL,
  type text NOT NULL,
  controller_id text NOT NULL,
  occurred_at text NOT NULL,
  recorded_at text NOT NULL,
  data text NOT NULL,
  metadata text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  subject_id text,
  actor_id text,
  purpose text,
  activity_id text,
  UNIQUE (stream_id, version)
);
-- The processing log's indexes cover processing events only. By subject, the subject's own
-- processing stream is the index (stream_id, version).
CREATE INDEX events_processing_actor ON ${s}.events (controller_id, actor_id, position)
  WHERE type IN ('DataProcessed', 'DataSharedWithRecipient');
CREATE INDEX events_processing_purpose ON ${s}.events (controller_id, purpose, position)
  WHERE type IN ('DataProcessed', 'DataSharedWithRecipient');
CREATE INDEX events_processing_activity ON ${s}.events (controller_id, activity_id, position)
  WHERE type IN ('DataProcessed', 'DataSharedWithRecipient');
-- Time ranges: a block-range index, nearly free to keep up; a range's rows are then sorted by
-- position, as a b-tree on time would need to as well.
CREATE INDEX events_processing_occurred ON ${s}.events USING brin (occurred_at)
  WHERE type IN ('DataProcessed', 'DataSharedWithRecipient');

-- A consumer's state and the position it includes, in one row (ProjectionStore).
CREATE TABLE ${s}.projections (
  name text PRIMARY KEY,
  position bigint NOT NULL CHECK (position >= 0),
  state text NOT NULL,
  saved_at timestamptz NOT NULL DEFAULT now()
);

-- The readers' page of the log (readAll): positions below the horizon, the oldest running
-- transaction id << 20. Every transaction that may still commit has an id at or above it,
-- and its positions start at its own id << 20, so nothing can later appear below a
-- position a reader has seen. Forced onto the primary key's order: on a table not yet
-- analysed (after a bulk import) the planner would otherwise sort the backlog every page.
CREATE FUNCTION ${s}.read_all(p_after bigint, p_limit integer) RETURNS SETOF ${s}.events
LANGUAGE sql STABLE SET enable_seqscan = off SET enable_bitmapscan = off AS $fn$
  SELECT * FROM ${s}.events e
   WHERE e.position > p_after
     AND e.position < (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)
   ORDER BY e.position LIMIT p_limit
$fn$;
${appendFunction(s)}
${appendOneFunction(s)}`,
  },
  {
    version: 2,
    name: 'find_processing: the processing log by subject, actor, purpose or activity on its index',
    sql: (s) => `
-- The last version of a stream at or below a position (0 when none): a binary search over
-- the stream's versions on the (stream_id, version) key. Within one stream position order is
-- version order: an append chains onto a committed head (the head row's version and hash
-- are checked by the statement that writes), so it runs in a transaction that started after
-- the one that wrote that head committed, with a larger transaction id, and its positions
-- (transaction id << 20 + ordinal, ordinals in version order) are larger.
CREATE FUNCTION ${s}.stream_version_at(p_stream text, p_head integer, p_position bigint)
RETURNS integer LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  v_low integer := 0;
  v_high integer := p_head;
  v_middle integer;
  v_position bigint;
BEGIN
  WHILE v_low < v_high LOOP
    v_middle := v_low + (v_high - v_low + 1) / 2;
    SELECT e.position INTO v_position FROM ${s}.events e
     WHERE e.stream_id = p_stream AND e.version = v_middle;
    IF v_position <= p_position THEN v_low := v_middle; ELSE v_high := v_middle - 1; END IF;
  END LOOP;
  RETURN v_low;
END
$fn$;

-- A page of the processing log by one key, always on that key's index, whatever the
-- statistics say: after a bulk load (none yet, or stale ones) the planner would otherwise walk
-- the primary key, or a partial index by controller alone, and filter the whole table.
-- - By subject: the subject's processing stream on (stream_id, version), between the versions
--   the page's position bounds fall on, in version order (= position order, see above).
-- - By actor, purpose or activity: its partial index, from the cursor on. The key is matched
--   by a row comparison, not an equality, and the rows ordered by (key, position): an
--   equality would make the key a constant and let the primary key's order serve as well.
-- Scans of the whole table and sorts are disabled, so the index is the only plan left.
-- Positions are below the readers' horizon (read_all) and at most p_upto (as of a position).
CREATE FUNCTION ${s}.find_processing(
  p_controller text, p_stream text, p_subject text, p_actor text, p_purpose text,
  p_activity text, p_occurred_from text, p_occurred_to text, p_recorded_to text,
  p_upto bigint, p_after bigint, p_limit integer
) RETURNS SETOF ${s}.events
LANGUAGE plpgsql STABLE
SET enable_seqscan = off SET enable_bitmapscan = off SET enable_sort = off
SET enable_incremental_sort = off SET plan_cache_mode = force_generic_plan AS $fn$
DECLARE
  v_upto bigint := least(coalesce(p_upto, 9223372036854775807),
                         (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20) - 1);
  v_head integer;
  v_from integer;
  v_to integer;
BEGIN
  IF p_stream IS NOT NULL THEN
    SELECT h.version INTO v_head FROM ${s}.streams h WHERE h.stream_id = p_stream;
    IF v_head IS NULL THEN RETURN; END IF;
    v_from := ${s}.stream_version_at(p_stream, v_head, p_after);
    v_to := ${s}.stream_version_at(p_stream, v_head, v_upto);
    RETURN QUERY SELECT e.* FROM ${s}.events e
     WHERE e.stream_id = p_stream AND e.version > v_from AND e.version <= v_to
       AND e.position > p_after AND e.position <= v_upto
       AND e.type IN ('DataProcessed', 'DataSharedWithRecipient')
       AND e.controller_id = p_controller AND e.subject_id = p_subject
${[...keyFilters(processingKeys), ...TIME_FILTERS].join('\n')}
     ORDER BY e.version LIMIT p_limit;
${processingKeys.map((key, i) => `${pageByKey(s, key, processingKeys.slice(i + 1))}\n`).join('')}  ELSE
    RAISE EXCEPTION 'find_processing needs a subject, actor, purpose or activity';
  END IF;
END
$fn$;`,
  },
]

/** The schema version this library needs. */
export const SCHEMA_VERSION = migrations.length

export interface MigrationReport {
  /** The schema version before and after. */
  readonly from: number
  readonly to: number
  /** The migrations this call applied (none when another instance got there first). */
  readonly applied: readonly { readonly version: number; readonly name: string }[]
}

/**
 * Brings `schema` to `SCHEMA_VERSION`: creates it when absent and applies each pending
 * migration once, under an advisory lock, in one transaction.
 */
export const migrate = async (
  client: SqlClient,
  schema: string,
): Promise<E.Either<StoreUnavailable, MigrationReport>> => {
  const s = quoteSchema(schema)
  try {
    return E.right(
      await client.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`gdpr-ledger:${schema}`])
        await tx.exec(`
          CREATE SCHEMA IF NOT EXISTS ${s};
          CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
          );`)
        const [row] = await tx.query<{ version: number | null }>(
          `SELECT max(version) AS version FROM ${s}.schema_migrations`,
        )
        const from = row?.version ?? 0
        const applied: { version: number; name: string }[] = []
        for (const migration of migrations) {
          if (migration.version <= from) continue
          await tx.exec(migration.sql(s))
          await tx.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [
            migration.version,
            migration.name,
          ])
          applied.push({ version: migration.version, name: migration.name })
        }
        return { from, to: Math.max(from, SCHEMA_VERSION), applied }
      }),
    )
  } catch (error) {
    return E.left(toStoreUnavailable(error))
  }
}

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

const migrations: readonly Migration[] = [
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

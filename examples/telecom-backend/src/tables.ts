import type pg from 'pg'

/**
 * The backend's own tables, beside the ledger's schema in the same database: the personal
 * data lives here, the ledger only holds pseudonyms and categories.
 */

export interface CallRecord {
  readonly subjectId: string
  readonly startedAt: string
  /** The called number: personal data, kept here, never in the ledger. */
  readonly callee: string
  readonly durationSeconds: number
  readonly cellId: string
}

export interface Subscriber {
  readonly subjectId: string
  readonly name: string
  readonly email: string
  readonly msisdn: string
}

export const createTables = async (db: pg.Pool): Promise<void> => {
  await db.query(`
    CREATE SCHEMA IF NOT EXISTS telecom;
    CREATE TABLE IF NOT EXISTS telecom.subscribers (
      subject_id text PRIMARY KEY,
      name text NOT NULL,
      email text NOT NULL,
      msisdn text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE IF NOT EXISTS telecom.call_records (
      id bigserial PRIMARY KEY,
      subject_id text NOT NULL REFERENCES telecom.subscribers (subject_id),
      started_at timestamptz NOT NULL,
      callee text NOT NULL,
      duration_s integer NOT NULL,
      cell_id text NOT NULL,
      batch_id text NOT NULL
    );
    CREATE INDEX IF NOT EXISTS call_records_subject ON telecom.call_records (subject_id, started_at);
    CREATE TABLE IF NOT EXISTS telecom.offers (
      id bigserial PRIMARY KEY,
      subject_id text NOT NULL REFERENCES telecom.subscribers (subject_id),
      purpose text NOT NULL,
      sent_at timestamptz NOT NULL,
      sent_to text NOT NULL,
      cell_id text
    );
    CREATE INDEX IF NOT EXISTS offers_subject ON telecom.offers (subject_id, sent_at);
  `)
}

export const insertSubscriber = async (db: pg.Pool, s: Subscriber): Promise<void> => {
  await db.query(
    'INSERT INTO telecom.subscribers (subject_id, name, email, msisdn) VALUES ($1, $2, $3, $4)',
    [s.subjectId, s.name, s.email, s.msisdn],
  )
}

export const findSubscriber = async (db: pg.Pool, subjectId: string) =>
  (
    await db.query<{ name: string; email: string; msisdn: string }>(
      'SELECT name, email, msisdn FROM telecom.subscribers WHERE subject_id = $1',
      [subjectId],
    )
  ).rows[0]

/** The subscribers among `subjectIds` that exist. */
export const knownSubscribers = async (
  db: pg.Pool,
  subjectIds: readonly string[],
): Promise<Set<string>> =>
  new Set(
    (
      await db.query<{ subject_id: string }>(
        'SELECT subject_id FROM telecom.subscribers WHERE subject_id = ANY($1::text[])',
        [subjectIds],
      )
    ).rows.map((r) => r.subject_id),
  )

/** One statement per batch: rows go in as arrays, unnested by the server. */
export const insertCallRecords = async (
  db: pg.Pool,
  batchId: string,
  records: readonly CallRecord[],
): Promise<void> => {
  await db.query(
    `INSERT INTO telecom.call_records (subject_id, started_at, callee, duration_s, cell_id, batch_id)
     SELECT s, t, c, d, l, $6 FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::int[], $5::text[])
       AS r(s, t, c, d, l)`,
    [
      records.map((r) => r.subjectId),
      records.map((r) => r.startedAt),
      records.map((r) => r.callee),
      records.map((r) => r.durationSeconds),
      records.map((r) => r.cellId),
      batchId,
    ],
  )
}

export const callList = async (
  db: pg.Pool,
  subjectId: string,
  limit = 100,
): Promise<{ startedAt: string; callee: string; durationSeconds: number }[]> =>
  (
    await db.query<{ started_at: Date; callee: string; duration_s: number }>(
      `SELECT started_at, callee, duration_s FROM telecom.call_records
       WHERE subject_id = $1 ORDER BY started_at DESC LIMIT $2`,
      [subjectId, limit],
    )
  ).rows.map((r) => ({
    startedAt: r.started_at.toISOString(),
    callee: r.callee,
    durationSeconds: r.duration_s,
  }))

/** How many call records of these subscribers fall in the period (both ends optional). */
export const countCallRecords = async (
  db: pg.Pool,
  subjectIds: readonly string[],
  from: string | undefined,
  to: string | undefined,
): Promise<number> => {
  const [row] = (
    await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM telecom.call_records
       WHERE subject_id = ANY($1::text[])
         AND ($2::timestamptz IS NULL OR started_at >= $2)
         AND ($3::timestamptz IS NULL OR started_at < $3)`,
      [subjectIds, from ?? null, to ?? null],
    )
  ).rows
  return Number(row?.n ?? 0)
}

/**
 * An offer the campaign engine sent: the address it went to (contact details) and, for a
 * location-based offer, the cell the subscriber was in (location data). Both are personal
 * data the campaigns system holds, kept here, never in the ledger.
 */
export interface Offer {
  readonly subjectId: string
  readonly purpose: string
  readonly sentAt: string
  readonly sentTo: string
  readonly cellId?: string
}

export const insertOffer = async (db: pg.Pool, offer: Offer): Promise<void> => {
  await db.query(
    `INSERT INTO telecom.offers (subject_id, purpose, sent_at, sent_to, cell_id)
     VALUES ($1, $2, $3, $4, $5)`,
    [offer.subjectId, offer.purpose, offer.sentAt, offer.sentTo, offer.cellId ?? null],
  )
}

/** The offers sent to a subscriber, oldest first. */
export const offersTo = async (db: pg.Pool, subjectId: string): Promise<Offer[]> =>
  (
    await db.query<{ purpose: string; sent_at: Date; sent_to: string; cell_id: string | null }>(
      `SELECT purpose, sent_at, sent_to, cell_id FROM telecom.offers
       WHERE subject_id = $1 ORDER BY sent_at, id`,
      [subjectId],
    )
  ).rows.map((r) => ({
    subjectId,
    purpose: r.purpose,
    sentAt: r.sent_at.toISOString(),
    sentTo: r.sent_to,
    ...(r.cell_id === null ? {} : { cellId: r.cell_id }),
  }))

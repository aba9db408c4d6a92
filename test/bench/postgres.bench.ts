/**
 * The PostgreSQL adapter (issue 5) beside Emmett's PostgreSQL event store and the limit, all
 * on one embedded server started here with its default, durable settings (fsync on, every
 * commit flushed): a server that loses commits would make every figure meaningless.
 *
 * The limit is the least a hash-chained store on PostgreSQL must do: the same rows, chained
 * on the client with core's `chainEvents` from heads kept in memory, written by one plain
 * INSERT statement per append (its own transaction), with no head check, no duplicate check
 * and no processing log. Each workload prints events/s (median of interleaved rounds, with
 * min and max) and the ratios. Then `verify` over 1M stored events and the access query for
 * one subject among them.
 */
import { randomUUID } from 'node:crypto'
import {
  chainEvents,
  EMPTY_HEAD,
  verify,
  type ChainHead,
  type EventToAppend,
} from '@gdpr-ledger/core'
import {
  getPostgreSQLEventStore,
  type PostgresEventStore,
} from '@event-driven-io/emmett-postgresql'
import { postgresStore, type PostgresEventStore as LedgerStore } from '@gdpr-ledger/postgres'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { startEmbeddedServer } from '../../packages/postgres/test/support/embedded-server'
import { interleave, median, printResults, type BenchCase, type CaseResult } from './harness'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const SERIAL_APPENDS = Number(process.env.BENCH_SERIAL ?? 1000)
const WRITERS = 8
const APPENDS_PER_WRITER = Number(process.env.BENCH_PER_WRITER ?? 300)
const BATCHES = Number(process.env.BENCH_BATCHES ?? 60)
const BATCH = 100
const LARGE = Number(process.env.BENCH_LARGE ?? 1_000_000)
const CONTROLLER = 'telco_se'

const processing = (subjectId: string, i: number) => ({
  subjectId,
  actorId: i % 5 === 0 ? 'agent-42' : 'cdr-rating',
  actorRole: i % 5 === 0 ? 'support-agent' : 'system',
  system: i % 5 === 0 ? 'support-desk' : 'cdr-pipeline',
  activityId: i % 5 === 0 ? 'act-support' : 'act-billing',
  purpose: i % 5 === 0 ? 'customer-support' : 'billing',
  legalBasis: 'contract',
  ePrivacyBasis: 'billing',
  dataCategories: ['call-records'],
  action: i % 5 === 0 ? 'read' : 'analyse',
  recordCount: 140 + (i % 7),
  reference: `batch-${i}`,
})

let clock = Date.UTC(2026, 10, 23, 8)

/** A `DataProcessed` as the ledger builds it: ids, instants and JSON text. */
const event = (subjectId: string, i: number): EventToAppend => {
  clock += 7
  const at = new Date(clock).toISOString()
  return {
    id: randomUUID(),
    type: 'DataProcessed',
    controllerId: CONTROLLER,
    occurredAt: at,
    recordedAt: at,
    data: JSON.stringify(processing(subjectId, i)),
    metadata: JSON.stringify({ schemaVersion: 1, actor: 'cdr-pipeline' }),
  }
}

const streamOf = (subjectId: string) => `processing-${CONTROLLER}-${subjectId}`

/** One append: a stream and its events, the same for every store. */
interface Append {
  readonly streamId: string
  readonly events: readonly EventToAppend[]
}

/** What each store is asked to do in one workload, per round (fresh ids each round). */
const workloads = {
  serial: (run: string): Append[][] => [
    Array.from({ length: SERIAL_APPENDS }, (_, i) => {
      const subject = `s-${run}-${i % 100}`
      return { streamId: streamOf(subject), events: [event(subject, i)] }
    }),
  ],
  writers: (run: string): Append[][] =>
    Array.from({ length: WRITERS }, (_, w) =>
      Array.from({ length: APPENDS_PER_WRITER }, (_, i) => {
        const subject = `w-${run}-${w}-${i % 25}`
        return { streamId: streamOf(subject), events: [event(subject, i)] }
      }),
    ),
  batch: (run: string): Append[][] => [
    Array.from({ length: BATCHES }, (_, b) => {
      const subject = `b-${run}-${b % 20}`
      return {
        streamId: streamOf(subject),
        events: Array.from({ length: BATCH }, (_, i) => event(subject, b * BATCH + i)),
      }
    }),
  ],
}
type Workload = keyof typeof workloads

/** Runs each writer's appends in order, the writers concurrently. */
const drive = async (
  writers: readonly (readonly Append[])[],
  append: (a: Append) => Promise<void>,
): Promise<void> => {
  await Promise.all(
    writers.map(async (appends) => {
      for (const a of appends) await append(a)
    }),
  )
}

const countOf = (writers: readonly (readonly Append[])[]) =>
  writers.reduce((n, appends) => n + appends.reduce((m, a) => m + a.events.length, 0), 0)

const server = await startEmbeddedServer({ durable: true })
const url = (database: string) => {
  const u = new URL(server.connectionString)
  u.pathname = `/${database}`
  return u.toString()
}
const admin = new pg.Client(server.connectionString)
await admin.connect()
for (const database of ['ledger', 'emmett', 'limitdb'])
  await admin.query(`CREATE DATABASE ${database}`)
await admin.end()

// The limit's table: the same columns and keys as the adapter's events table.
const limitPool = new pg.Pool({ connectionString: url('limitdb'), max: WRITERS + 2 })
await limitPool.query(`CREATE TABLE events (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id uuid NOT NULL UNIQUE,
  stream_id text NOT NULL, version integer NOT NULL, type text NOT NULL,
  controller_id text NOT NULL, occurred_at text NOT NULL, recorded_at text NOT NULL,
  data text NOT NULL, metadata text NOT NULL, prev_hash text NOT NULL, hash text NOT NULL,
  UNIQUE (stream_id, version))`)
const limitHeads = new Map<string, ChainHead>()
const limitInsert = `INSERT INTO events (id, stream_id, version, type, controller_id, occurred_at,
  recorded_at, data, metadata, prev_hash, hash)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::text[],
    $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`
const limitAppend = async ({ streamId, events }: Append) => {
  const chained = chainEvents(streamId, limitHeads.get(streamId) ?? EMPTY_HEAD, events)
  await limitPool.query(limitInsert, [
    chained.map((e) => e.id),
    chained.map((e) => e.streamId),
    chained.map((e) => e.streamVersion),
    chained.map((e) => e.type),
    chained.map((e) => e.controllerId),
    chained.map((e) => e.occurredAt),
    chained.map((e) => e.recordedAt),
    chained.map((e) => e.data),
    chained.map((e) => e.metadata),
    chained.map((e) => e.prevHash),
    chained.map((e) => e.hash),
  ])
  const last = chained[chained.length - 1]
  if (last !== undefined) limitHeads.set(streamId, { version: last.streamVersion, hash: last.hash })
}

const openLedger = async (schema = 'gdpr_ledger'): Promise<LedgerStore> => {
  const opened = await postgresStore({ connectionString: url('ledger'), schema, poolSize: 12 })
  if (E.isLeft(opened)) throw new Error(opened.left.reason)
  return opened.right
}

const emmett: PostgresEventStore = getPostgreSQLEventStore(url('emmett'), {
  schema: { autoMigration: 'CreateOrUpdate' },
})
await emmett.schema.migrate()

let runs = 0
const casesFor = (workload: Workload): BenchCase[] => [
  {
    name: `gdpr-ledger postgres, ${workload}`,
    setup: async () => {
      const store = await openLedger()
      const writers = workloads[workload](`l${++runs}`)
      return {
        events: countOf(writers),
        run: () =>
          drive(writers, async ({ streamId, events }) => {
            const result = await store.append(streamId, events, { expectedVersion: 'any' })
            if (E.isLeft(result)) throw new Error(result.left._tag)
          }),
        teardown: () => store.close(),
      }
    },
  },
  {
    name: `Emmett postgresql, ${workload}`,
    setup: async () => {
      const writers = workloads[workload](`e${++runs}`)
      return {
        events: countOf(writers),
        run: () =>
          drive(writers, async ({ streamId, events }) => {
            await emmett.appendToStream(
              streamId,
              events.map((e) => ({
                type: e.type,
                data: JSON.parse(e.data) as Record<string, unknown>,
                metadata: JSON.parse(e.metadata) as Record<string, unknown>,
              })),
            )
          }),
      }
    },
  },
  {
    name: `limit (plain INSERT, client chain), ${workload}`,
    setup: async () => {
      const writers = workloads[workload](`x${++runs}`)
      return { events: countOf(writers), run: () => drive(writers, limitAppend) }
    },
  },
]

const ratios = (results: readonly CaseResult[]) => {
  const [ours, theirs, limit] = results.map((r) => r.median)
  if (ours === undefined || theirs === undefined || limit === undefined) return
  console.log(
    `  gdpr-ledger: ${(ours / theirs).toFixed(2)}× Emmett, ${((ours / limit) * 100).toFixed(0)} % of the limit`,
  )
}

const versionClient = new pg.Client(server.connectionString)
await versionClient.connect()
const [{ server_version: version } = { server_version: '?' }] = (
  await versionClient.query<{ server_version: string }>('SHOW server_version')
).rows
await versionClient.end()
console.log(
  `PostgreSQL ${version}, durable commits; ${ROUNDS} interleaved rounds; medians (min, max)`,
)
for (const workload of Object.keys(workloads) as Workload[]) {
  const results = await interleave(casesFor(workload), ROUNDS)
  printResults(
    workload === 'serial'
      ? `serial single-event appends (${SERIAL_APPENDS})`
      : workload === 'writers'
        ? `${WRITERS} concurrent writers of single events (${WRITERS} × ${APPENDS_PER_WRITER})`
        : `batches of ${BATCH} (${BATCHES} batches)`,
    results,
    results[1]?.name,
  )
  ratios(results)
}
await emmett.close()
await limitPool.end()

// verify and the access query over a large store.
const large = await openLedger('large')
const target = 'sub-target'
const started = process.hrtime.bigint()
const perBatch = 1000
for (let written = 0, b = 0; written < LARGE; b++) {
  // A thousand subjects with a thousand events each, and every hundredth batch ten events
  // of the subject the access query asks for.
  const subject = `sub-${b % 1000}`
  const count = Math.min(perBatch, LARGE - written)
  const appends: Append[] = [
    {
      streamId: streamOf(subject),
      events: Array.from({ length: count }, (_, i) => event(subject, i)),
    },
  ]
  if (b % 100 === 0)
    appends.push({
      streamId: streamOf(target),
      events: Array.from({ length: 10 }, (_, i) => event(target, i)),
    })
  for (const { streamId, events } of appends) {
    const result = await large.append(streamId, events, { expectedVersion: 'any' })
    if (E.isLeft(result)) throw new Error(result.left._tag)
    written += events.length
  }
}
const loadSeconds = Number(process.hrtime.bigint() - started) / 1e9
console.log(
  `\nloaded ${LARGE} events in ${loadSeconds.toFixed(1)} s (${(LARGE / loadSeconds / 1000).toFixed(1)}k ev/s in batches of ${perBatch})`,
)

const sizes = new pg.Client(url('ledger'))
await sizes.connect()
const [size] = (
  await sizes.query<{ heap: string; indexes: string; total: string }>(
    `SELECT pg_size_pretty(pg_table_size('large.events')) AS heap,
            pg_size_pretty(pg_indexes_size('large.events')) AS indexes,
            pg_size_pretty(pg_total_relation_size('large.events')) AS total`,
  )
).rows
await sizes.end()
console.log(
  `on disk: events ${size?.heap ?? '?'} (with TOAST), indexes ${size?.indexes ?? '?'}, total ${size?.total ?? '?'}`,
)

const readOnly: BenchCase = {
  name: 'readAll pages only (no hashing)',
  setup: async () => ({
    events: LARGE,
    run: async () => {
      let after = 0n
      for (;;) {
        const page = await large.readAll({ after, limit: 1000 })
        if (E.isLeft(page)) throw new Error(page.left.reason)
        const last = page.right[page.right.length - 1]
        if (last === undefined) return
        after = last.position
      }
    },
  }),
}
const verifyCase: BenchCase = {
  name: `verify over ${LARGE} events`,
  setup: async () => ({
    events: LARGE,
    run: async () => {
      const report = await verify(large)
      if (E.isLeft(report) || !report.right.ok) throw new Error('verify failed')
    },
  }),
}
printResults(
  `verify (${ROUNDS} rounds)`,
  await interleave([verifyCase, readOnly], ROUNDS),
  readOnly.name,
)

const timings: number[] = []
let found = 0
for (let i = 0; i < 21; i++) {
  const t0 = process.hrtime.bigint()
  const events: unknown[] = []
  let after: bigint | undefined
  for (;;) {
    const page = await large.findProcessing(
      { controllerId: CONTROLLER, subjectId: target },
      after === undefined ? {} : { after },
    )
    if (E.isLeft(page)) throw new Error(page.left.reason)
    events.push(...page.right.events)
    if (page.right.next === undefined) break
    after = page.right.next
  }
  timings.push(Number(process.hrtime.bigint() - t0) / 1e6)
  found = events.length
}
console.log(
  `\naccess query: processing of one subject (${found} events) among ${LARGE}: median ${median(timings).toFixed(1)} ms (min ${Math.min(...timings).toFixed(1)}, max ${Math.max(...timings).toFixed(1)}) over ${timings.length} runs`,
)
await large.close()
await server.stop()

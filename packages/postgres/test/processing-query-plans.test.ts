import { randomUUID } from 'node:crypto'
import {
  serialiseMetadata,
  streamIds,
  type EventToAppend,
  type ProcessingFilter,
  type StoredEvent,
} from '@gdpr-ledger/core'
import { readEverything } from '@gdpr-ledger/testing'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { postgresStore, type PostgresEventStore } from '../src'
import {
  adminPool,
  closeAdminPool,
  createServerHarness,
  databaseUrl,
  teardownServerHarness,
  type ServerHarness,
} from './support/server'

/**
 * The processing log right after a bulk load, on the real server: whatever the table's
 * statistics say (none yet, or taken when the table looked different), a query by subject
 * reads the subject's processing stream on its (stream_id, version) key, and a query by
 * actor, purpose or activity reads that key's partial index, never the whole table.
 *
 * The statements run inside `find_processing`, so an EXPLAIN of the call would only show a
 * function scan: the plans are taken from `auto_explain` (nested statements included, as
 * the JSON of EXPLAIN (FORMAT JSON)), sent back to the querying session as notices.
 */

afterAll(closeAdminPool)

const CONTROLLER = 'telco_se'
const TARGET = 'sub-target'

interface Keys {
  readonly subjectId: string
  readonly actorId: string
  readonly purpose: string
  readonly activityId: string
}

const bulkKeys = (subjectId: string): Keys => ({
  subjectId,
  actorId: 'cdr-rating',
  purpose: 'billing',
  activityId: 'act-billing',
})
const targetKeys: Keys = {
  subjectId: TARGET,
  actorId: 'agent-42',
  purpose: 'customer-support',
  activityId: 'act-support',
}

let clock = Date.UTC(2026, 10, 23, 8)

const processingEvent = (
  keys: Keys,
  type: 'DataProcessed' | 'DataSharedWithRecipient' = 'DataProcessed',
  controllerId = CONTROLLER,
): EventToAppend => {
  clock += 1000
  const at = new Date(clock).toISOString()
  const { actorId, ...rest } = keys
  const data =
    type === 'DataProcessed'
      ? { ...rest, actorId, action: 'read', dataCategories: ['call-records'] }
      : { ...rest, recipientId: 'rec-1', dataCategories: ['call-records'] }
  return {
    id: randomUUID(),
    type,
    controllerId,
    occurredAt: at,
    recordedAt: at,
    data: JSON.stringify(data),
    // A shared record's actor is the one who recorded it.
    metadata: serialiseMetadata({ schemaVersion: 1, actor: actorId }),
  }
}

const appendOrThrow = async (
  store: PostgresEventStore,
  streamId: string,
  events: readonly EventToAppend[],
): Promise<readonly StoredEvent[]> => {
  const result = await store.append(streamId, events, { expectedVersion: 'any' })
  if (E.isLeft(result)) throw new Error(`append failed: ${result.left._tag}`)
  return result.right.events
}

/**
 * Bulk batches of other subjects (1,000 events each, as an import writes them) with the
 * target subject's records between them: a processing record, a shared record, a consent
 * (not processing) and the same subject of another controller.
 */
const load = async (store: PostgresEventStore, batches: number): Promise<void> => {
  for (let b = 0; b < batches; b++) {
    const subject = `sub-${b % 4}`
    await appendOrThrow(
      store,
      streamIds.processing(CONTROLLER, subject),
      Array.from({ length: 1000 }, () => processingEvent(bulkKeys(subject))),
    )
    await appendOrThrow(store, streamIds.processing(CONTROLLER, TARGET), [
      processingEvent(targetKeys),
      processingEvent(targetKeys),
      processingEvent(targetKeys, 'DataSharedWithRecipient'),
    ])
    await appendOrThrow(store, streamIds.subject(CONTROLLER, TARGET), [
      { ...processingEvent(targetKeys), type: 'ConsentGiven' },
    ])
    await appendOrThrow(store, streamIds.processing('telco_no', TARGET), [
      processingEvent(targetKeys, 'DataProcessed', 'telco_no'),
    ])
  }
}

/** A plan node of EXPLAIN (FORMAT JSON). */
interface PlanNode {
  readonly 'Node Type': string
  readonly 'Relation Name'?: string
  readonly 'Index Name'?: string
  readonly Plans?: readonly PlanNode[]
}

const scansOf = (node: PlanNode, relation: string): PlanNode[] => [
  ...(node['Relation Name'] === relation ? [node] : []),
  ...(node.Plans ?? []).flatMap((child) => scansOf(child, relation)),
]

/** A store on the harness's schema whose every statement's plan is collected. */
const explainingStore = async (
  harness: ServerHarness,
): Promise<
  | { readonly store: PostgresEventStore; readonly plans: PlanNode[]; readonly pool: pg.Pool }
  | string
> => {
  const [role] = (
    await adminPool().query<{ rolsuper: boolean }>(
      'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
    )
  ).rows
  if (role?.rolsuper !== true) return 'auto_explain needs a superuser on the test server'
  const pool = new pg.Pool({
    connectionString: databaseUrl(),
    max: 2,
    options: [
      'session_preload_libraries=auto_explain',
      'auto_explain.log_min_duration=0',
      'auto_explain.log_nested_statements=on',
      'auto_explain.log_format=json',
      'auto_explain.log_level=notice',
    ]
      .map((setting) => `-c ${setting}`)
      .join(' '),
  })
  pool.on('error', () => undefined)
  const plans: PlanNode[] = []
  pool.on('connect', (client) => {
    client.on('notice', (notice) => {
      const text = notice.message ?? ''
      const json = text.indexOf('{')
      if (!text.startsWith('duration:') || json < 0) return
      plans.push((JSON.parse(text.slice(json)) as { Plan: PlanNode }).Plan)
    })
  })
  try {
    await pool.query('SELECT 1')
  } catch (error) {
    await pool.end()
    return `auto_explain cannot be loaded: ${String(error)}`
  }
  const opened = await postgresStore({ pool, schema: harness.schema, migrate: false })
  if (E.isLeft(opened)) throw new Error(opened.left.reason)
  return { store: opened.right, plans, pool }
}

const pageThrough = async (
  store: PostgresEventStore,
  filter: ProcessingFilter,
  limit: number,
  after?: bigint,
): Promise<string[]> => {
  const ids: string[] = []
  let cursor = after
  for (;;) {
    const page = await store.findProcessing(
      filter,
      cursor === undefined ? { limit } : { after: cursor, limit },
    )
    if (E.isLeft(page)) throw new Error(page.left.reason)
    expect(page.right.events.length).toBeLessThanOrEqual(limit)
    ids.push(...page.right.events.map((e) => e.id))
    if (page.right.next === undefined) return ids
    cursor = page.right.next
  }
}

/** The reference: a scan of every event, keyed as the processing log keys them. */
const expected = (
  all: readonly StoredEvent[],
  key: keyof Keys,
  value: string,
  bounds: { after?: bigint; upto?: bigint } = {},
): string[] =>
  all
    .filter((event) => {
      if (event.type !== 'DataProcessed' && event.type !== 'DataSharedWithRecipient') return false
      const data = JSON.parse(event.data) as Partial<Keys>
      const metadata = JSON.parse(event.metadata) as { actor?: string }
      const actual = key === 'actorId' ? (data.actorId ?? metadata.actor) : data[key]
      return (
        event.controllerId === CONTROLLER &&
        actual === value &&
        (bounds.after === undefined || event.position > bounds.after) &&
        (bounds.upto === undefined || event.position <= bounds.upto)
      )
    })
    .map((event) => event.id)

const cases = [
  { key: 'subjectId', value: TARGET, index: 'events_stream_id_version_key' },
  { key: 'actorId', value: targetKeys.actorId, index: 'events_processing_actor' },
  { key: 'purpose', value: targetKeys.purpose, index: 'events_processing_purpose' },
  { key: 'activityId', value: targetKeys.activityId, index: 'events_processing_activity' },
] as const

describe('the processing log after a bulk load, on the server', () => {
  for (const statistics of ['missing', 'stale'] as const) {
    it(`reads each key's index, never the whole table, with statistics ${statistics}; results agree and page`, async (context) => {
      const harness = await createServerHarness()
      const explaining = await explainingStore(harness)
      if (typeof explaining === 'string') {
        await teardownServerHarness(harness)
        context.skip(explaining)
        return
      }
      const events = `"${harness.schema}".events`
      try {
        await adminPool().query(`ALTER TABLE ${events} SET (autovacuum_enabled = false)`)
        if (statistics === 'stale') {
          // Statistics from when the target's keys were all there was: they now look
          // frequent, and a walk of the primary key looks as if it would find them at once.
          for (let i = 0; i < 10; i++)
            await appendOrThrow(
              harness.store,
              streamIds.processing(CONTROLLER, TARGET),
              Array.from({ length: 30 }, () => processingEvent(targetKeys)),
            )
          await adminPool().query(`ANALYZE ${events}`)
        }
        await load(harness.store, 4)
        const { rows } = await adminPool().query<{ n: string }>(
          `SELECT count(*)::text AS n FROM pg_stats WHERE schemaname = $1 AND tablename = 'events'`,
          [harness.schema],
        )
        expect(Number(rows[0]?.n) > 0).toBe(statistics === 'stale')

        const all = await readEverything(harness.store)
        const [bulkMiddle] = all.filter((e) => e.streamId.endsWith('sub-2'))
        if (bulkMiddle === undefined) throw new Error('no bulk event')
        for (const { key, value, index } of cases) {
          const filter: ProcessingFilter = { controllerId: CONTROLLER, [key]: value }
          explaining.plans.length = 0
          const found = await pageThrough(explaining.store, filter, 4)
          expect(found, key).toEqual(expected(all, key, value))
          expect(found.length).toBeGreaterThan(8)
          const scans = explaining.plans.flatMap((plan) => scansOf(plan, 'events'))
          expect(scans.length, key).toBeGreaterThan(0)
          for (const scan of scans)
            expect({ key, node: scan['Node Type'], index: scan['Index Name'] }).toEqual({
              key,
              node: 'Index Scan',
              index,
            })
          // From a position of another stream, and as of a position: the same answers.
          expect(
            await pageThrough(explaining.store, filter, 3, bulkMiddle.position),
            `${key} after another stream's position`,
          ).toEqual(expected(all, key, value, { after: bulkMiddle.position }))
          expect(
            await pageThrough(
              explaining.store,
              { ...filter, asOfPosition: bulkMiddle.position },
              1000,
            ),
            `${key} as of a position`,
          ).toEqual(expected(all, key, value, { upto: bulkMiddle.position }))
        }
      } finally {
        await explaining.store.close()
        await explaining.pool.end()
        await teardownServerHarness(harness)
      }
    })
  }

  it('keeps position order equal to version order within a stream under concurrent writers', async () => {
    // The subject query pages a stream in version order and hands out positions as cursors:
    // two processes appending to one stream with `any` must never interleave them.
    const harness = await createServerHarness()
    const other = await postgresStore({ pool: harness.pool, schema: harness.schema })
    if (E.isLeft(other)) throw new Error(other.left.reason)
    const streamId = streamIds.processing(CONTROLLER, TARGET)
    try {
      await Promise.all(
        [harness.store, other.right].flatMap((store) =>
          Array.from({ length: 4 }, async () => {
            for (let i = 0; i < 50; i++) {
              const batch = Array.from({ length: 1 + (i % 3) }, () => processingEvent(targetKeys))
              // Two processes racing for one head can outlast the store's retries: the
              // writer then resends the same batch (safe: the ids make it a retry).
              for (let attempt = 0; ; attempt++) {
                const result = await store.append(streamId, batch, { expectedVersion: 'any' })
                if (E.isRight(result)) break
                if (result.left._tag !== 'StoreUnavailable' || attempt >= 20)
                  throw new Error(`append failed: ${result.left._tag}`)
              }
            }
          }),
        ),
      )
      const read = await harness.store.readStream(streamId)
      if (E.isLeft(read)) throw new Error(read.left.reason)
      const positions = read.right.events.map((e) => e.position)
      expect(read.right.events.map((e) => e.streamVersion)).toEqual(positions.map((_, i) => i + 1))
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
      expect(new Set(positions).size).toBe(positions.length)
    } finally {
      await other.right.close()
      await teardownServerHarness(harness)
    }
  })
})

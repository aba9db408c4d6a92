/**
 * Projections (issue 7): a replay of 1M events into every resident projection at once
 * (register, processing summary, DSR tracker, breach register, disclosure register,
 * retention, findings), streamed from the store page by page, never loaded whole.
 *
 * 1. From the in-memory store: the replay, the runner's catch-up with checkpoints, and the
 *    bare `readAll` pages as the floor. Target ≥ 200k events/s with the replay's memory
 *    under 300 MB: the heap the built states hold after a full GC, and the resident set
 *    sampled after every page (the store's own 1M events are counted apart: they are the
 *    store, not the replay). From PostgreSQL the process holds no store, so its resident set
 *    while replaying is the streamed replay's whole footprint.
 * 2. From PostgreSQL (an embedded server, durable settings), the same replay beside the rate
 *    at which Emmett's PostgreSQL event store reads the same 1M events through its own
 *    `readMessagesBatch` (the read its consumers do, without their polling pauses), in the
 *    same run. Emmett sorts each batch by transaction id over the rest of the log, so its read
 *    slows down as the log grows (a full read took 14 s for 200k events here, growing about
 *    with the square of the size): it is timed over the first `EMMETT_EVENTS` (default 100k),
 *    where a consumer catching up starts. Target ≥ 2× Emmett's read rate. `BENCH_SKIP_PG=1` skips
 *    this part.
 *
 * Medians of interleaved rounds (`BENCH_ROUNDS`, default 5); `BENCH_EVENTS` sets the size.
 */
import { randomUUID } from 'node:crypto'
import {
  createInMemoryProjectionStore,
  createInMemoryStore,
  jurisdictions,
  serialiseMetadata,
  streamIds,
  type EventStore,
  type EventToAppend,
} from '@gdpr-ledger/core'
import {
  breachRegisterProjection,
  createProjectionRunner,
  disclosureRegisterProjection,
  dsrTrackerProjection,
  findingsProjection,
  processingSummaryProjection,
  registerProjection,
  replay,
  retentionProjection,
} from '@gdpr-ledger/projections'
import { dumbo } from '@event-driven-io/dumbo'
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql'
import { postgresStore } from '@gdpr-ledger/postgres'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { startEmbeddedServer } from '../../packages/postgres/test/support/embedded-server'
import { interleave, median, printResults, type BenchCase } from './harness'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000)
const SUBJECTS = Math.max(10, Math.floor(EVENTS / 100))
const CONTROLLER = 'nordtele_se'
const MB = 1024 * 1024

const projections = () =>
  [
    registerProjection,
    processingSummaryProjection,
    dsrTrackerProjection,
    breachRegisterProjection,
    disclosureRegisterProjection,
    retentionProjection,
    findingsProjection({ jurisdiction: jurisdictions.SE }),
  ] as const

// ---------------------------------------------------------------------------------------
// A realistic history: Art. 30 records, then months of CDR rating, support reads, billing,
// invoices and sharing for SUBJECTS subscribers, with consents given and withdrawn,
// relationships ending, legal holds, data-subject requests, authority requests and
// breaches; one fact in a hundred imported, every gate carrying the versions it was decided on.

interface Append {
  readonly streamId: string
  readonly events: EventToAppend[]
}

let clock = Date.UTC(2026, 0, 1, 6)
const tick = (ms = 2_000) => {
  clock += ms
  return new Date(clock).toISOString()
}

const event = (
  type: string,
  data: Record<string, unknown>,
  metadata: Partial<{ decidedOn: Record<string, number>; imported: true }> = {},
): EventToAppend => {
  const at = tick()
  return {
    id: randomUUID(),
    type,
    controllerId: CONTROLLER,
    occurredAt: at,
    recordedAt: at,
    data: JSON.stringify(data),
    metadata: serialiseMetadata({ schemaVersion: 1, actor: 'bench', ...metadata }),
  }
}

const party = { name: 'Nordtele AB', contact: 'dataskydd@nordtele.example' }
const activity = (
  activityId: string,
  purposes: string[],
  basis: Record<string, string>,
  categories: string[],
) =>
  event('ProcessingActivityDeclared', {
    activityId,
    name: activityId,
    role: 'controller',
    controller: party,
    purposes,
    legalBases: [basis],
    subjectCategories: ['subscribers'],
    dataCategories: categories,
    recipients: [
      { recipientId: 'inkasso-nord', name: 'Inkasso Nord AB', kind: 'third-party', country: 'SE' },
    ],
    transfers: [],
    retention: categories.map((dataCategory) => ({
      kind: 'period',
      dataCategory,
      period: 'P24M',
      from: 'relationship-ended',
    })),
    securityMeasures: { kind: 'described', measures: ['encryption at rest'] },
  })

const setup = (): Append[] => [
  ...(
    [
      [
        'act-billing',
        ['billing'],
        { basis: 'contract', ePrivacyBasis: 'billing' },
        ['call-records', 'billing-information'],
      ],
      [
        'act-support',
        ['customer-support'],
        { basis: 'contract', ePrivacyBasis: 'billing' },
        ['call-records', 'contact-details'],
      ],
      [
        'act-marketing',
        ['marketing'],
        { basis: 'consent', ePrivacyBasis: 'consent' },
        ['contact-details', 'usage-volumes'],
      ],
      [
        'act-service',
        ['service-delivery'],
        { basis: 'contract', ePrivacyBasis: 'transmission' },
        ['subscriber-identity', 'contact-details'],
      ],
    ] as const
  ).map(([id, purposes, basis, categories]) => ({
    streamId: streamIds.activity(id),
    events: [activity(id, [...purposes], basis, [...categories])],
  })),
  {
    streamId: streamIds.processor('cloudcall'),
    events: [
      event('DataProcessingAgreementSigned', {
        processorId: 'cloudcall',
        processorName: 'CloudCall AB',
        country: 'SE',
        subjectMatter: 'hosted switchboard',
        duration: 'the term of the agreement',
        purposes: ['service-delivery'],
        dataCategories: ['call-records'],
        subjectCategories: ['subscribers'],
        subProcessorAuthorisation: 'specific',
        documentRef: 'DPA-1',
      }),
    ],
  },
]

const subjectVersions = new Map<string, number>()

const processingOf = (subject: string, i: number): EventToAppend => {
  const rights = streamIds.subject(CONTROLLER, subject)
  const decidedOn = { [rights]: subjectVersions.get(subject) ?? 0, 'activity-act-billing': 1 }
  const kind = i % 20
  const imported = i % 100 === 7 ? ({ imported: true } as const) : {}
  const gate = imported.imported === true ? imported : { decidedOn }
  if (kind === 0)
    return event(
      'DataProcessed',
      {
        subjectId: subject,
        actorId: 'agent-42',
        actorRole: 'support-agent',
        system: 'support-desk',
        activityId: 'act-support',
        purpose: 'customer-support',
        legalBasis: 'contract',
        ePrivacyBasis: 'billing',
        dataCategories: ['call-records'],
        action: 'read',
        reference: `case-${i}`,
      },
      gate,
    )
  if (kind === 1)
    return event(
      'DataProcessed',
      {
        subjectId: subject,
        actorId: 'campaign-engine',
        actorRole: 'system',
        system: 'crm',
        activityId: 'act-marketing',
        purpose: 'marketing',
        legalBasis: 'consent',
        ePrivacyBasis: 'consent',
        dataCategories: ['contact-details', 'usage-volumes'],
        action: 'use',
      },
      gate,
    )
  if (kind === 2)
    return event(
      'DataSharedWithRecipient',
      {
        subjectId: subject,
        activityId: 'act-billing',
        recipientId: 'inkasso-nord',
        recipientName: 'Inkasso Nord AB',
        recipientKind: 'third-party',
        country: 'SE',
        purpose: 'billing',
        legalBasis: 'contract',
        dataCategories: ['billing-information'],
      },
      gate,
    )
  if (kind === 3) {
    const to = new Date(clock).toISOString()
    return event('InvoiceSettled', {
      subjectId: subject,
      invoiceId: `inv-${i}`,
      periodFrom: new Date(clock - 30 * 86_400_000).toISOString(),
      periodTo: to,
    })
  }
  return event(
    'DataProcessed',
    {
      subjectId: subject,
      actorId: 'cdr-rating',
      actorRole: 'system',
      system: 'cdr-pipeline',
      activityId: 'act-billing',
      purpose: 'billing',
      legalBasis: 'contract',
      ePrivacyBasis: 'billing',
      dataCategories: ['call-records'],
      action: 'analyse',
      recordCount: 140 + (i % 7),
      reference: `batch-${i}`,
    },
    gate,
  )
}

const rightsOf = (subject: string, round: number): EventToAppend[] => {
  const n = Number.parseInt(subject.slice(4), 10)
  const events: EventToAppend[] = []
  if (round === 0 && n % 3 === 0)
    events.push(
      event('ConsentGiven', {
        subjectId: subject,
        purpose: 'marketing',
        noticeVersion: 'notice-2026-01',
        channel: 'web',
      }),
    )
  if (round === 4 && n % 9 === 0)
    events.push(
      event('ConsentWithdrawn', { subjectId: subject, purpose: 'marketing', channel: 'app' }),
    )
  if (round === 6 && n % 50 === 0)
    events.push(event('RelationshipEnded', { subjectId: subject, reason: 'contract-terminated' }))
  if (round === 6 && n % 100 === 0)
    events.push(
      event('LegalHoldPlaced', {
        subjectId: subject,
        holdId: `hold-${n}`,
        reason: 'bookkeeping',
        dataCategories: ['billing-information'],
      }),
    )
  return events
}

const casesOf = (round: number, i: number): Append[] => {
  const appends: Append[] = []
  if (i % 500 === 0) {
    const requestId = `dsr-${round}-${i}`
    appends.push({
      streamId: streamIds.dsr(requestId),
      events: [
        event('RequestReceived', {
          requestId,
          subjectId: `sub-${i % SUBJECTS}`,
          kind: i % 1000 === 0 ? 'access' : 'erasure',
          channel: 'web',
        }),
        event('IdentityVerified', { requestId, method: 'bankid' }),
        ...(i % 1500 === 0
          ? []
          : [
              event('RequestFulfilled', {
                requestId,
                channel: 'email',
                deletionConfirmation: {
                  systems: ['crm'],
                  confirmedAt: new Date(clock).toISOString(),
                  reference: `DEL-${i}`,
                },
              }),
            ]),
      ],
    })
  }
  if (i % 2000 === 0) {
    const requestId = `police-${round}-${i}`
    appends.push({
      streamId: streamIds.disclosure(requestId),
      events: [
        event('AuthorityRequestReceived', {
          requestId,
          authority: {
            authorityId: i % 6000 === 0 ? 'us-fbi' : 'se-police',
            name: 'Authority',
            country: i % 6000 === 0 ? 'US' : 'SE',
            kind: 'police',
          },
          statute: 'LEK (2022:482) 9 kap. 31 §',
          scope: { subjectIds: [`sub-${i % SUBJECTS}`], dataCategories: ['call-records'] },
        }),
        event('AuthorityRequestAssessed', {
          requestId,
          decision: i % 6000 === 0 ? 'refuse' : 'comply',
          assessedBy: { actorId: 'lo-7', role: 'legal-officer' },
        }),
        i % 6000 === 0
          ? event('AuthorityRequestRefused', { requestId, reasons: 'no agreement' })
          : event('DataDisclosedToAuthority', {
              requestId,
              subjectIds: [`sub-${i % SUBJECTS}`],
              dataCategories: ['call-records'],
              recordCount: 12,
              channel: 'portal',
            }),
      ],
    })
  }
  if (i % 20_000 === 0) {
    const breachId = `breach-${round}-${i}`
    appends.push({
      streamId: streamIds.breach(breachId),
      events: [
        event('BreachDetected', {
          breachId,
          detectedAt: new Date(clock).toISOString(),
          awareAt: new Date(clock).toISOString(),
          nature: ['confidentiality'],
          dataCategories: ['billing-information'],
          approxSubjects: 100,
          approxRecords: 100,
          role: 'controller',
          publicEcsProvider: true,
          inPublicService: false,
          nis2Entity: false,
        }),
        event('BreachAssessed', {
          breachId,
          risk: 'risk',
          dataUnintelligible: false,
          assessedBy: { actorId: 'dpo', role: 'data-protection-officer' },
        }),
      ],
    })
  }
  return appends
}

/** The history in append order, generated lazily so it is never held whole. */
function* history(): Generator<Append> {
  yield* setup()
  let written = 0
  const perAppend = 10
  for (let round = 0; written < EVENTS; round++) {
    for (let s = 0; s < SUBJECTS && written < EVENTS; s++) {
      const subject = `sub-${s}`
      const rights = rightsOf(subject, round)
      if (rights.length > 0) {
        subjectVersions.set(subject, (subjectVersions.get(subject) ?? 0) + rights.length)
        yield { streamId: streamIds.subject(CONTROLLER, subject), events: rights }
        written += rights.length
      }
      const count = Math.min(perAppend, EVENTS - written)
      if (count <= 0) break
      yield {
        streamId: streamIds.processing(CONTROLLER, subject),
        events: Array.from({ length: count }, (_, k) => processingOf(subject, written + k)),
      }
      written += count
      for (const extra of casesOf(round, written)) {
        yield extra
        written += extra.events.length
      }
    }
  }
}

const load = async (store: EventStore): Promise<number> => {
  let count = 0
  for (const { streamId, events } of history()) {
    const result = await store.append(streamId, events, { expectedVersion: 'any' })
    if (E.isLeft(result)) throw new Error(`load failed: ${result.left._tag}`)
    count += events.length
  }
  return count
}

const gc = () => {
  ;(globalThis as { gc?: () => void }).gc?.()
}

/** A replay case that also samples the resident set after every page. */
const replayCase = (
  name: string,
  store: EventStore,
  events: number,
  peaks: number[],
): BenchCase => ({
  name,
  setup: async () => {
    gc()
    let peak = process.memoryUsage().rss
    return {
      events,
      run: async () => {
        const built = await replay(store, projections(), {
          onProgress: () => {
            const rss = process.memoryUsage().rss
            if (rss > peak) peak = rss
          },
        })
        if (E.isLeft(built) || built.right.events !== events) throw new Error('replay failed')
      },
      teardown: async () => {
        peaks.push(peak)
      },
    }
  },
})

const readOnlyCase = (name: string, store: EventStore, events: number): BenchCase => ({
  name,
  setup: async () => ({
    events,
    run: async () => {
      let after = 0n
      let seen = 0
      for (;;) {
        const page = await store.readAll({ after, limit: 1000 })
        if (E.isLeft(page)) throw new Error(page.left.reason)
        const last = page.right[page.right.length - 1]
        if (last === undefined) break
        seen += page.right.length
        after = last.position
      }
      if (seen !== events) throw new Error('read short')
    },
  }),
})

// ---------------------------------------------------------------------------------------
// 1. In memory

const memory = createInMemoryStore()
gc()
const before = process.memoryUsage()
const t0 = process.hrtime.bigint()
const total = await load(memory)
gc()
const loaded = process.memoryUsage()
console.log(
  `\nin-memory store: ${total} events for ${SUBJECTS} subscribers loaded in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s; ` +
    `the store holds ${((loaded.heapUsed - before.heapUsed) / MB).toFixed(0)} MB of heap (resident set ${(loaded.rss / MB).toFixed(0)} MB)`,
)

const peaks: number[] = []
const runnerCase: BenchCase = {
  name: 'runner catch-up, checkpoint every 50k',
  setup: async () => ({
    events: total,
    run: async () => {
      const caughtUp = await createProjectionRunner({
        store: memory,
        checkpoints: createInMemoryProjectionStore(),
        projections: projections(),
      }).catchUp()
      if (E.isLeft(caughtUp) || caughtUp.right.events !== total) throw new Error('catch-up failed')
    },
  }),
}
const memoryResults = await interleave(
  [
    replayCase('replay into all 7 projections', memory, total, peaks),
    runnerCase,
    readOnlyCase('readAll pages only', memory, total),
  ],
  ROUNDS,
)
printResults(
  `in-memory store, ${total} events (${ROUNDS} rounds)`,
  memoryResults,
  'readAll pages only',
)
const replayRate = memoryResults[0]?.median ?? 0
{
  // What the projections keep: the heap a finished replay's states hold after a full GC.
  gc()
  const base = process.memoryUsage().heapUsed
  const built = await replay(memory, projections())
  gc()
  const retained = process.memoryUsage().heapUsed - base
  if (E.isLeft(built)) throw new Error('replay failed')
  const sizes = built.right.states.map((s) => JSON.stringify(s).length)
  console.log(
    `  replay: ${(replayRate / 1000).toFixed(1)}k ev/s (target ≥ 200k: ${replayRate >= 200_000 ? 'met' : 'NOT met'})\n` +
      `  memory: the states hold ${(retained / MB).toFixed(0)} MB of heap (target < 300 MB: ${retained < 300 * MB ? 'met' : 'NOT met'}); ` +
      `resident set peak during the replay ${((median(peaks) - loaded.rss) / MB).toFixed(0)} MB above the loaded store, garbage included\n` +
      `  state as saved: ${projections()
        .map((p, i) => `${p.name} ${((sizes[i] ?? 0) / MB).toFixed(1)} MB`)
        .join(', ')}`,
  )
}
// The in-memory store is the store, not the replay: let it go before PostgreSQL.
memory.log.events = []
memory.log.reindex()
await memory.close()

// ---------------------------------------------------------------------------------------
// 2. PostgreSQL, beside Emmett

if (process.env.BENCH_SKIP_PG !== '1') {
  const server = await startEmbeddedServer({ durable: true })
  const url = (database: string) => {
    const u = new URL(server.connectionString)
    u.pathname = `/${database}`
    return u.toString()
  }
  const admin = new pg.Client(server.connectionString)
  await admin.connect()
  for (const database of ['ledger', 'emmett']) await admin.query(`CREATE DATABASE ${database}`)
  await admin.end()

  const opened = await postgresStore({ connectionString: url('ledger'), poolSize: 4 })
  if (E.isLeft(opened)) throw new Error(opened.left.reason)
  const ours = opened.right
  const emmett = getPostgreSQLEventStore(url('emmett'), { schema: { autoMigration: 'None' } })
  await emmett.schema.migrate()

  // The same history into both stores; Emmett gets each append's events as its own messages.
  clock = Date.UTC(2026, 0, 1, 6)
  subjectVersions.clear()
  const l0 = process.hrtime.bigint()
  let count = 0
  for (const { streamId, events } of history()) {
    const [result] = await Promise.all([
      ours.append(streamId, events, { expectedVersion: 'any' }),
      emmett.appendToStream(
        streamId,
        events.map((e) => ({ type: e.type, data: JSON.parse(e.data) as Record<string, unknown> })),
      ),
    ])
    if (E.isLeft(result)) throw new Error(`load failed: ${result.left._tag}`)
    count += events.length
  }
  console.log(
    `\nPostgreSQL: ${count} events loaded into both stores in ${(Number(process.hrtime.bigint() - l0) / 1e9).toFixed(1)} s`,
  )

  const pool = dumbo({ connectionString: url('emmett') })
  // Emmett orders each batch by transaction id, so every batch sorts the rest of the log: its
  // read slows down as the log grows. It is timed over the first EMMETT_EVENTS (default
  // 100,000) events of the log, the rate a consumer catching up from zero starts at.
  const emmettEvents = Math.min(Number(process.env.EMMETT_EVENTS ?? 100_000), count)
  const emmettRead: BenchCase = {
    name: `Emmett readMessagesBatch, first ${emmettEvents / 1000}k`,
    setup: async () => ({
      events: emmettEvents,
      run: async () => {
        let after = 0n
        let seen = 0
        while (seen < emmettEvents) {
          const batch = await readMessagesBatch(pool.execute, {
            after,
            batchSize: Math.min(1000, emmettEvents - seen),
          })
          if (batch.messages.length === 0) throw new Error(`Emmett read ${seen} of ${emmettEvents}`)
          seen += batch.messages.length
          after = batch.currentGlobalPosition
        }
      },
    }),
  }
  const pgPeaks: number[] = []
  const pgResults = await interleave(
    [
      replayCase('gdpr-ledger replay into all 7 projections', ours, count, pgPeaks),
      readOnlyCase('gdpr-ledger readAll pages only', ours, count),
      emmettRead,
    ],
    ROUNDS,
  )
  printResults(`PostgreSQL, ${count} events (${ROUNDS} rounds)`, pgResults, emmettRead.name)
  const ratio = (pgResults[0]?.median ?? 0) / (pgResults[2]?.median ?? 1)
  console.log(
    `  replay into all projections: ${ratio.toFixed(2)}× Emmett's read rate (target ≥ 2×: ${ratio >= 2 ? 'met' : 'NOT met'}); ` +
      `resident set of this process while replaying (no store in it): median peak ${(median(pgPeaks) / MB).toFixed(0)} MB`,
  )
  await pool.close()
  await emmett.close()
  await ours.close()
  await server.stop()
}

/**
 * The EventStoreDB adapter (issue 6): append with batch 1 and batch 100, and the $all
 * catch-up read rate of a subscription, each beside the raw client doing the least the same
 * work needs (a plain append of the same binary events under `any`; a plain `readAll`), so
 * the ratio shows what chaining, the id-window check and the read-back cost.
 *
 * Measured against the in-process double, and against a real server when
 * `ESDB_CONNECTION_STRING` is set. The double is not a server: its figures show the adapter's
 * own overhead and round trips, never what EventStoreDB can do, and carry no target.
 */
import { randomUUID } from 'node:crypto'
import type { EventToAppend, StoredEvent } from '@gdpr-ledger/core'
// By path, like the PostgreSQL bench's server: the adapter's one client module and the double.
import {
  Client as EventStoreDBClient,
  FORWARDS,
  START,
  binaryEvent,
} from '../../packages/eventstoredb/src/client'
import { eventStoreDBStore, type EventStoreDBStore } from '../../packages/eventstoredb/src/index'
import { DoubleLog, startEventStoreDBDouble } from '../../packages/eventstoredb-double/src/index'
import * as E from 'fp-ts/lib/Either.js'
import { interleave, printResults, type BenchCase } from './harness'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const SINGLES = Number(process.env.BENCH_ESDB_SINGLES ?? 300)
const BATCHES = Number(process.env.BENCH_ESDB_BATCHES ?? 20)
const CATCH_UP = Number(process.env.BENCH_ESDB_CATCH_UP ?? 20_000)
const CONTROLLER = 'telco_se'

let clock = Date.UTC(2026, 10, 23, 8)
const event = (subjectId: string, i: number): EventToAppend => {
  clock += 7
  const at = new Date(clock).toISOString()
  return {
    id: randomUUID(),
    type: 'DataProcessed',
    controllerId: CONTROLLER,
    occurredAt: at,
    recordedAt: at,
    data: JSON.stringify({
      subjectId,
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
    }),
    metadata: JSON.stringify({ schemaVersion: 1, actor: 'cdr-pipeline' }),
  }
}

interface Append {
  readonly streamId: string
  readonly events: readonly EventToAppend[]
}

const singles = (run: string): Append[] =>
  Array.from({ length: SINGLES }, (_, i) => {
    const subject = `s-${run}-${i % 30}`
    return { streamId: `processing-${CONTROLLER}-${subject}`, events: [event(subject, i)] }
  })

const batches = (run: string): Append[] =>
  Array.from({ length: BATCHES }, (_, b) => {
    const subject = `b-${run}-${b % 5}`
    return {
      streamId: `processing-${CONTROLLER}-${subject}`,
      events: Array.from({ length: 100 }, (_, i) => event(subject, b * 100 + i)),
    }
  })

const utf8 = new TextEncoder()
const count = (appends: readonly Append[]) => appends.reduce((n, a) => n + a.events.length, 0)

interface Target {
  readonly label: string
  readonly connectionString: string
  readonly close: () => Promise<void>
}

const targets: Target[] = []
const double = await startEventStoreDBDouble({
  log: new DoubleLog({ maxAppendSize: 8 * 1024 * 1024 }),
})
targets.push({
  label: 'double',
  connectionString: double.connectionString,
  close: () => double.close(),
})
const server = process.env.ESDB_CONNECTION_STRING
if (server !== undefined)
  targets.push({ label: 'server', connectionString: server, close: async () => undefined })

let runs = 0
const namespaceFor = () => `bench${process.pid}r${++runs}`

const appendCases = (
  target: Target,
  label: string,
  workload: (run: string) => Append[],
): BenchCase[] => [
  {
    name: `gdpr-ledger eventstoredb, ${label} (${target.label})`,
    setup: async () => {
      const store = eventStoreDBStore({
        connectionString: target.connectionString,
        namespace: namespaceFor(),
        maxAppendSize: 8 * 1024 * 1024,
      })
      const appends = workload(`l${runs}`)
      return {
        events: count(appends),
        run: async () => {
          for (const { streamId, events } of appends) {
            const result = await store.append(streamId, events, { expectedVersion: 'any' })
            if (E.isLeft(result)) throw new Error(result.left._tag)
          }
        },
        teardown: () => store.close(),
      }
    },
  },
  {
    name: `raw client append, ${label} (${target.label})`,
    setup: async () => {
      const client = EventStoreDBClient.connectionString(target.connectionString)
      const prefix = namespaceFor()
      const appends = workload(`r${runs}`)
      return {
        events: count(appends),
        run: async () => {
          for (const { streamId, events } of appends) {
            await client.appendToStream(
              `${prefix}-${streamId}`,
              events.map((e) =>
                binaryEvent({
                  id: e.id,
                  type: e.type,
                  data: utf8.encode(e.data),
                  metadata: utf8.encode(e.metadata),
                }),
              ),
            )
          }
        },
        teardown: () => client.dispose(),
      }
    },
  },
]

/** A store holding `CATCH_UP` ledger events (and a tenth as many foreign ones), written once. */
const populated = async (target: Target): Promise<{ namespace: string }> => {
  const namespace = namespaceFor()
  const store = eventStoreDBStore({
    connectionString: target.connectionString,
    namespace,
    maxAppendSize: 8 * 1024 * 1024,
  })
  for (let b = 0; b < CATCH_UP / 100; b++) {
    const subject = `c-${b % 50}`
    const result = await store.append(
      `processing-${CONTROLLER}-${subject}`,
      Array.from({ length: 100 }, (_, i) => event(subject, i)),
      { expectedVersion: 'any' },
    )
    if (E.isLeft(result)) throw new Error(result.left._tag)
    if (b % 10 === 0)
      await store.client.appendToStream(
        `orders-${b}`,
        Array.from({ length: 100 }, () =>
          binaryEvent({ type: 'OrderPlaced', data: utf8.encode('{}') }),
        ),
      )
  }
  await store.close()
  return { namespace }
}

const catchUpCases = async (target: Target): Promise<BenchCase[]> => {
  const { namespace } = await populated(target)
  return [
    {
      name: `gdpr-ledger eventstoredb, $all catch-up (${target.label})`,
      setup: async () => {
        const store: EventStoreDBStore = eventStoreDBStore({
          connectionString: target.connectionString,
          namespace,
        })
        return {
          events: CATCH_UP,
          run: async () => {
            let delivered = 0
            await new Promise<void>((resolve, reject) => {
              const subscription = store.subscribe({
                after: 0n,
                onEvent: (_e: StoredEvent) => {
                  delivered += 1
                },
                onCaughtUp: () => {
                  if (delivered >= CATCH_UP) void subscription.stop().then(resolve)
                },
              })
              void subscription.done.then((done) => {
                if (E.isLeft(done)) reject(new Error(done.left._tag))
              })
            })
          },
          teardown: () => store.close(),
        }
      },
    },
    {
      name: `raw client readAll, $all catch-up (${target.label})`,
      setup: async () => {
        const client = EventStoreDBClient.connectionString(target.connectionString)
        return {
          events: CATCH_UP,
          run: async () => {
            let seen = 0
            for await (const resolved of client.readAll({
              direction: FORWARDS,
              fromPosition: START,
            })) {
              if (resolved.event?.streamId.startsWith(`${namespace}-`) === true) seen += 1
            }
            if (seen < CATCH_UP) throw new Error(`read ${seen} of ${CATCH_UP}`)
          },
          teardown: () => client.dispose(),
        }
      },
    },
  ]
}

for (const target of targets) {
  printResults(
    `EventStoreDB append, batch 1: ${SINGLES} appends to 30 streams, serial (${target.label}; no target on the double)`,
    await interleave(appendCases(target, 'batch 1', singles), ROUNDS),
    `raw client append, batch 1 (${target.label})`,
  )
  printResults(
    `EventStoreDB append, batch 100: ${BATCHES} appends of 100 events (${target.label}; no target on the double)`,
    await interleave(appendCases(target, 'batch 100', batches), ROUNDS),
    `raw client append, batch 100 (${target.label})`,
  )
  printResults(
    `EventStoreDB $all catch-up from position 0 over ${CATCH_UP} ledger events and ${CATCH_UP / 10} foreign ones (${target.label})`,
    await interleave(await catchUpCases(target), ROUNDS),
    `raw client readAll, $all catch-up (${target.label})`,
  )
}
for (const target of targets) await target.close()

/**
 * In-memory append with validation and hashing (issue 3), beside Emmett's in-memory event
 * store and the limit: one JSON.stringify and one chained SHA-256 per event into an array,
 * the least any hash-chained store must do. Rounds interleave the cases; figures are medians.
 */
import { hash } from 'node:crypto'
import {
  createInMemoryStore,
  createLedger,
  type CommandInput,
  type ImportedFact,
} from '@gdpr-ledger/core'
import { getInMemoryEventStore } from '@event-driven-io/emmett'
import { v7 as uuidv7 } from 'uuid'
import { interleave, printResults, type BenchCase } from './harness'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const BATCH_EVENTS = 20_000
const STREAMS = 10_000
const SINGLE_PER_STREAM = Number(process.env.BENCH_APPENDS_PER_STREAM ?? 10)

const processing = (subjectId: string, i: number) => ({
  subjectId,
  actorId: 'cdr-rating',
  actorRole: 'system',
  system: 'cdr-pipeline',
  activityId: 'act-billing',
  purpose: 'billing',
  legalBasis: 'contract' as const,
  ePrivacyBasis: 'billing' as const,
  dataCategories: ['call-records'] as const,
  action: 'analyse' as const,
  recordCount: 140 + (i % 7),
  reference: `batch-${i}`,
})

const activity: CommandInput<'declareProcessingActivity'> = {
  controllerId: 'telco_se',
  actor: 'dpo-office',
  activityId: 'act-billing',
  name: 'Billing',
  role: 'controller',
  controller: { name: 'Telco AB', contact: 'dpo@telco.example' },
  purposes: ['billing'],
  legalBases: [{ basis: 'contract', ePrivacyBasis: 'billing' }],
  subjectCategories: ['subscribers'],
  dataCategories: ['call-records'],
  recipients: [],
  transfers: [],
  retention: [
    {
      kind: 'rule',
      dataCategory: 'call-records',
      rule: 'until-invoice-settled',
      maxPeriod: 'P5M',
      description: 'traffic data',
    },
  ],
  securityMeasures: { kind: 'described', measures: ['encryption at rest'] },
}

/** The limit: stringify and chain-hash each event into an array, nothing else. */
const limitAppend = (
  log: { data: string; hash: string }[],
  heads: Map<string, string>,
  streamId: string,
  events: readonly object[],
) => {
  let prev = heads.get(streamId) ?? ''
  for (const data of events) {
    const text = JSON.stringify(data)
    prev = hash('sha256', prev + text, 'hex')
    log.push({ data: text, hash: prev })
  }
  heads.set(streamId, prev)
}

const batchCases: BenchCase[] = [
  {
    name: 'gdpr-ledger import, batch 100',
    setup: async () => {
      const ledger = createLedger({ store: createInMemoryStore() })
      const batches = Array.from({ length: BATCH_EVENTS / 100 }, (_, b) =>
        Array.from({ length: 100 }, (_, i): ImportedFact => ({
          id: uuidv7(),
          type: 'DataProcessed',
          controllerId: 'telco_se',
          occurredAt: '2026-11-23T08:00:00.000Z',
          actor: 'cdr-pipeline',
          data: processing(`sub-${b % 100}`, i),
        })),
      )
      return {
        events: BATCH_EVENTS,
        run: async () => {
          for (const batch of batches) {
            const result = await ledger.import(batch)
            if (result._tag === 'Left') throw new Error(result.left._tag)
          }
        },
      }
    },
  },
  {
    name: 'Emmett in-memory, batch 100',
    setup: async () => {
      const store = getInMemoryEventStore()
      return {
        events: BATCH_EVENTS,
        run: async () => {
          for (let b = 0; b < BATCH_EVENTS / 100; b++) {
            await store.appendToStream(
              `processing-telco_se-sub-${b % 100}`,
              Array.from({ length: 100 }, (_, i) => ({
                type: 'DataProcessed',
                data: processing(`sub-${b % 100}`, i),
              })),
            )
          }
        },
      }
    },
  },
  {
    name: 'limit (stringify + chained SHA-256), batch 100',
    setup: async () => {
      const log: { data: string; hash: string }[] = []
      const heads = new Map<string, string>()
      return {
        events: BATCH_EVENTS,
        run: async () => {
          for (let b = 0; b < BATCH_EVENTS / 100; b++) {
            limitAppend(
              log,
              heads,
              `processing-telco_se-sub-${b % 100}`,
              Array.from({ length: 100 }, (_, i) => processing(`sub-${b % 100}`, i)),
            )
          }
        },
      }
    },
  },
]

const singleEvents = STREAMS * SINGLE_PER_STREAM
const singleCases: BenchCase[] = [
  {
    name: 'gdpr-ledger recordProcessing gate, batch 1',
    setup: async () => {
      const ledger = createLedger({ store: createInMemoryStore() })
      await ledger.declareProcessingActivity(activity)
      return {
        events: singleEvents,
        run: async () => {
          for (let round = 0; round < SINGLE_PER_STREAM; round++) {
            for (let s = 0; s < STREAMS; s++) {
              const result = await ledger.recordProcessing({
                controllerId: 'telco_se',
                actor: 'cdr-pipeline',
                ...processing(`sub-${s}`, round),
              })
              if (result._tag === 'Left') throw new Error(result.left._tag)
            }
          }
        },
      }
    },
  },
  {
    name: 'gdpr-ledger import, batch 1',
    setup: async () => {
      const ledger = createLedger({ store: createInMemoryStore() })
      return {
        events: singleEvents,
        run: async () => {
          for (let round = 0; round < SINGLE_PER_STREAM; round++) {
            for (let s = 0; s < STREAMS; s++) {
              const result = await ledger.import([
                {
                  id: uuidv7(),
                  type: 'DataProcessed',
                  controllerId: 'telco_se',
                  occurredAt: '2026-11-23T08:00:00.000Z',
                  actor: 'cdr-pipeline',
                  data: processing(`sub-${s}`, round),
                },
              ])
              if (result._tag === 'Left') throw new Error(result.left._tag)
            }
          }
        },
      }
    },
  },
  {
    name: 'Emmett in-memory, batch 1',
    setup: async () => {
      const store = getInMemoryEventStore()
      return {
        events: singleEvents,
        run: async () => {
          for (let round = 0; round < SINGLE_PER_STREAM; round++) {
            for (let s = 0; s < STREAMS; s++) {
              await store.appendToStream(`processing-telco_se-sub-${s}`, [
                { type: 'DataProcessed', data: processing(`sub-${s}`, round) },
              ])
            }
          }
        },
      }
    },
  },
  {
    name: 'limit (stringify + chained SHA-256), batch 1',
    setup: async () => {
      const log: { data: string; hash: string }[] = []
      const heads = new Map<string, string>()
      return {
        events: singleEvents,
        run: async () => {
          for (let round = 0; round < SINGLE_PER_STREAM; round++) {
            for (let s = 0; s < STREAMS; s++)
              limitAppend(log, heads, `processing-telco_se-sub-${s}`, [
                processing(`sub-${s}`, round),
              ])
          }
        },
      }
    },
  },
]

const batch = await interleave(batchCases, ROUNDS)
printResults(
  `In-memory append, batches of 100 (${BATCH_EVENTS} events per round, ${ROUNDS} rounds)`,
  batch,
  'limit (stringify + chained SHA-256), batch 100',
)
printResults('  … against Emmett', batch, 'Emmett in-memory, batch 100')
const single = await interleave(singleCases, ROUNDS)
printResults(
  `In-memory single appends over ${STREAMS} streams (${singleEvents} events per round, ${ROUNDS} rounds)`,
  single,
  'Emmett in-memory, batch 1',
)
printResults('  … against the limit', single, 'limit (stringify + chained SHA-256), batch 1')

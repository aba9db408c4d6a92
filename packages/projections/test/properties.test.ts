import {
  createInMemoryProjectionStore,
  createLedger,
  jurisdictions,
  type EventStore,
} from '@gdpr-ledger/core'
import {
  complianceScenarioArbitrary,
  defaultHints,
  importedFactArbitrary,
  propertyRuns,
  readEverything,
  runScenario,
} from '@gdpr-ledger/testing'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  accessReport,
  breachRegisterProjection,
  consentTimeline,
  createProjectionRunner,
  disclosureRegisterProjection,
  dsrTrackerProjection,
  findingsProjection,
  foldEvents,
  loadReportContext,
  processingSummaryProjection,
  registerProjection,
  replay,
  retentionProjection,
  type Projection,
} from '../src'
import { recordedEvents, storeOf, viewOf } from './helpers'

/**
 * The runner's guarantees over random histories: the compliance scenarios of
 * `@gdpr-ledger/testing` (a Nordic operator's commands through a ledger, lawful and not)
 * followed by random imported facts over the same few subjects, requests and breaches,
 * recorded at a random time inside the history (so `recordedAt` is out of position order).
 */
const all: readonly Projection<unknown>[] = [
  registerProjection,
  processingSummaryProjection,
  dsrTrackerProjection,
  breachRegisterProjection,
  disclosureRegisterProjection,
  retentionProjection,
  findingsProjection({ jurisdiction: jurisdictions.SE }),
] as readonly Projection<unknown>[]

const CONTROLLER = 'telco_se'
const SUBJECTS = ['sub-a1f3', 'sub-b7c2'] as const
const pool = (...values: string[]) => fc.constantFrom(...values)
const hints = {
  ...defaultHints,
  subjectId: pool(...SUBJECTS),
  subjectIds: pool(...SUBJECTS),
  requestId: pool('req-1', 'dsr-1'),
  breachId: pool('br-1', 'br-2'),
  activityId: pool('act-billing', 'act-marketing'),
  processorId: pool('proc-1'),
  subProcessorId: pool('sub-proc-1'),
  holdId: pool('hold-1'),
}

const historyArbitrary = fc.record({
  steps: complianceScenarioArbitrary({ maxSteps: 25 }),
  facts: fc.array(importedFactArbitrary(undefined, hints), { maxLength: 12 }),
  importAt: fc.double({ min: 0, max: 1, noNaN: true }),
})

interface History {
  readonly steps: Parameters<typeof runScenario>[0]
  readonly facts: readonly unknown[]
  readonly importAt: number
}

const build = async (history: History): Promise<EventStore> => {
  const { store } = await runScenario(history.steps)
  const first = Date.parse(history.steps[0]?.at ?? '2026-03-20T08:00:00.000Z')
  const last = Date.parse(history.steps[history.steps.length - 1]?.at ?? '2026-03-20T08:00:00.000Z')
  const at = new Date(first + Math.floor((last - first) * history.importAt))
  // Imported facts carry occurredAt up to 2026-01-01: never after the import's clock.
  await createLedger({ store, clock: () => at }).import(history.facts)
  return store
}

const runs = { numRuns: propertyRuns(60) }

describe('projection properties', () => {
  it('one full replay equals a build with random checkpoint and restart splits', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 25 }),
        fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        async (history, cuts, checkpointEvery, pageSize, crashAfter) => {
          const store = await build(history)
          const events = await readEverything(store)
          const head = events[events.length - 1]?.position ?? 0n
          const limits = [
            ...cuts.map((c) => events[Math.floor(c * events.length)]?.position ?? head),
            head,
          ].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
          const checkpoints = createInMemoryProjectionStore()
          let limit = 0n
          let failAfter: number | undefined = crashAfter
          for (const next of limits) {
            limit = next
            const view = viewOf(store, { limit: () => limit, failAfter: () => failAfter })
            // A new runner per split: a restart from whatever was saved.
            const runner = createProjectionRunner({
              store: view,
              checkpoints,
              projections: all,
              checkpointEvery,
              pageSize,
            })
            const caughtUp = await runner.catchUp()
            if (E.isLeft(caughtUp)) {
              expect(caughtUp.left._tag).toBe('StoreUnavailable')
              failAfter = undefined
              const again = await createProjectionRunner({
                store: view,
                checkpoints,
                projections: all,
                pageSize,
              }).catchUp()
              expect(E.isRight(again)).toBe(true)
            }
            failAfter = undefined
          }
          const incremental = createProjectionRunner({ store, checkpoints, projections: all })
          const done = await incremental.catchUp()
          expect(done).toMatchObject({ right: { events: 0 } })
          const full = await replay(store, all)
          if (E.isLeft(full)) throw new Error('replay failed')
          expect(incremental.states()).toEqual(full.right.states)
        },
      ),
      runs,
    )
  }, 120_000)

  it('delivering events twice changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 20 }),
        async (history, overlap, extra) => {
          // Each page repeats `overlap` events already delivered, and brings at least one new one.
          const pageSize = overlap + extra
          const store = await build(history)
          const redelivering = viewOf(store, { overlap: () => overlap })
          const runner = createProjectionRunner({
            store: redelivering,
            checkpoints: createInMemoryProjectionStore(),
            projections: all,
            pageSize,
          })
          const caughtUp = await runner.catchUp()
          expect(E.isRight(caughtUp)).toBe(true)
          const events = await recordedEvents(store)
          const once = all.map((projection) => foldEvents(projection, events))
          expect(runner.states()).toEqual(once)
        },
      ),
      runs,
    )
  }, 120_000)

  it('the state as of a position or a time equals a fresh replay of the events up to it', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary,
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (history, cut) => {
          const store = await build(history)
          const events = await recordedEvents(store)
          const pick = events[Math.floor(cut * events.length)]
          const position = pick?.position ?? 0n
          const time = pick?.recordedAt ?? '2026-01-01T00:00:00.000Z'
          const byPosition = await replay(store, all, { asOf: { position } })
          const byTime = await replay(store, all, { asOf: { time } })
          if (E.isLeft(byPosition) || E.isLeft(byTime)) throw new Error('replay failed')
          expect(byPosition.right.states).toEqual(
            all.map((p) =>
              foldEvents(
                p,
                events.filter((e) => e.position <= position),
              ),
            ),
          )
          expect(byTime.right.states).toEqual(
            all.map((p) =>
              foldEvents(
                p,
                events.filter((e) => e.recordedAt <= time),
              ),
            ),
          )
        },
      ),
      runs,
    )
  }, 120_000)

  it('a subject’s reports as of a position equal the same reports over a ledger cut there', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(...SUBJECTS),
        async (history, cut, subjectId) => {
          const store = await build(history)
          const stored = await readEverything(store)
          const position = stored[Math.floor(cut * stored.length)]?.position ?? 0n
          const cutStore = storeOf(stored.filter((e) => e.position <= position))
          const now = '2026-06-01T00:00:00.000Z'
          const asOf = { position }
          const query = { controllerId: CONTROLLER, subjectId, now }
          const then = await loadReportContext(store, { asOf })
          const cutContext = await loadReportContext(cutStore)
          if (E.isLeft(then) || E.isLeft(cutContext)) throw new Error('replay failed')
          const report = await accessReport(store, then.right, { ...query, asOf })
          const reference = await accessReport(cutStore, cutContext.right, query)
          if (E.isLeft(report) || E.isLeft(reference)) throw new Error('report failed')
          expect({ ...report.right, asOf: 'now' }).toEqual(reference.right)
          expect(await consentTimeline(store, { ...query, asOf })).toEqual(
            await consentTimeline(cutStore, query),
          )
        },
      ),
      runs,
    )
  }, 120_000)
})

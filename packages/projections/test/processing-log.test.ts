import { PGlite } from '@electric-sql/pglite'
import {
  createInMemoryProjectionStore,
  type EventStore,
  type ProcessingFilter,
} from '@gdpr-ledger/core'
import { pgliteStore, type PostgresEventStore } from '@gdpr-ledger/postgres'
import {
  complianceScenarioArbitrary,
  propertyRuns,
  readEverything,
  runScenario,
} from '@gdpr-ledger/testing'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  collectProcessing,
  createProjectionRunner,
  forEachProcessing,
  hasProcessingQuery,
  registerProjection,
  replay,
  type ProcessingEntry,
} from '../src'
import { viewOf } from './helpers'
import { ANNA, BO, CLEO, CONTROLLER, buildScenario, type Scenario } from './scenario'

let scenario: Scenario
beforeAll(async () => {
  scenario = await buildScenario()
})

const collect = async (store: EventStore, filter: ProcessingFilter): Promise<ProcessingEntry[]> => {
  const result = await collectProcessing(store, filter)
  if (E.isLeft(result)) throw new Error('scan failed')
  expect(result.right.truncated).toBe(false)
  return [...result.right.entries]
}

describe('processing log (a scan of the in-memory store)', () => {
  it("answers who processed what, when and why for one subject, from the subject's own stream", async () => {
    const reads = viewOf(scenario.store, {})
    const entries = await collect(reads, { controllerId: CONTROLLER, subjectId: ANNA })
    expect(reads.reads).toBe(0)
    expect(
      entries.map((e) => [e.occurredAt, e.actorId, e.action, e.purpose, e.legalBasis]),
    ).toEqual([
      ['2026-05-10T09:00:00.000Z', 'web-shop', 'collect', 'service-delivery', 'contract'],
      ['2026-05-20T02:00:00.000Z', 'cdr-rating', 'analyse', 'billing', 'contract'],
      ['2026-06-10T10:00:00.000Z', 'campaign-engine', 'use', 'marketing', 'consent'],
      ['2026-07-01T10:00:01.000Z', 'campaign-engine', 'use', 'marketing', 'consent'],
      ['2026-09-01T10:00:00.000Z', 'billing', 'share', 'billing', 'contract'],
      ['2026-11-20T13:00:00.000Z', 'agent-42', 'read', 'customer-support', 'contract'],
      ['2026-07-15T10:00:00.000Z', 'legacy-campaigns', 'use', 'marketing', 'consent'],
    ])
    expect(entries[1]).toMatchObject({
      system: 'cdr-pipeline',
      recordCount: 142,
      dataCategories: ['call-records'],
    })
    expect(entries[4]).toMatchObject({
      kind: 'shared',
      recipient: {
        recipientId: 'inkasso-nord',
        name: 'Inkasso Nord AB',
        kind: 'third-party',
        country: 'SE',
      },
    })
    expect(entries.map((e) => e.imported)).toEqual([false, false, false, false, false, false, true])
  })

  it('filters across subjects by actor, purpose, activity and time range', async () => {
    const byPurpose = await collect(scenario.store, {
      controllerId: CONTROLLER,
      purpose: 'marketing',
    })
    expect(byPurpose.map((e) => e.subjectId)).toEqual([ANNA, ANNA, CLEO, ANNA])
    const byActivity = await collect(scenario.store, {
      controllerId: CONTROLLER,
      activityId: 'act-billing',
    })
    expect(new Set(byActivity.map((e) => e.subjectId))).toEqual(new Set([ANNA, BO, CLEO]))
    const byActor = await collect(scenario.store, {
      controllerId: CONTROLLER,
      actorId: 'billing-run',
    })
    expect(byActor.map((e) => e.subjectId)).toEqual([BO, CLEO])
    const august = await collect(scenario.store, {
      controllerId: CONTROLLER,
      occurredFrom: '2026-08-01T00:00:00.000Z',
      occurredTo: '2026-08-04T09:00:00.000Z',
    })
    // The range includes its start and excludes its end.
    expect(august.map((e) => e.occurredAt)).toEqual([
      '2026-08-01T09:00:00.000Z',
      '2026-08-03T09:00:00.000Z',
    ])
    expect(await collect(scenario.store, { controllerId: 'someone_else' })).toEqual([])
  })

  it('answers as the ledger stood at a position or a time', async () => {
    const entries = await collect(scenario.store, { controllerId: CONTROLLER, subjectId: ANNA })
    const third = entries[2]?.position ?? 0n
    const atPosition = await collect(scenario.store, {
      controllerId: CONTROLLER,
      subjectId: ANNA,
      asOfPosition: third,
    })
    expect(atPosition.map((e) => e.position)).toEqual(entries.slice(0, 3).map((e) => e.position))
    // The legacy fact happened in July but was recorded on 12 November.
    const beforeImport = await collect(scenario.store, {
      controllerId: CONTROLLER,
      purpose: 'marketing',
      asOfRecordedAt: '2026-11-01T00:00:00.000Z',
    })
    expect(beforeImport.some((e) => e.imported)).toBe(false)
    expect(beforeImport).toHaveLength(3)
  })

  it('streams page by page, stops when asked, and reports truncation', async () => {
    const pages: number[] = []
    const scanned = await forEachProcessing(
      scenario.store,
      { controllerId: CONTROLLER },
      (page) => {
        pages.push(page.length)
        return pages.length < 2
      },
      { pageSize: 5 },
    )
    expect(pages).toHaveLength(2)
    expect(scanned).toEqual(E.right({ entries: pages[0]! + pages[1]! }))
    const limited = await collectProcessing(
      scenario.store,
      { controllerId: CONTROLLER },
      { limit: 3 },
    )
    expect(limited).toMatchObject({ right: { truncated: true } })
    if (E.isRight(limited)) expect(limited.right.entries).toHaveLength(3)
  })

  it('surfaces a store outage as StoreUnavailable', async () => {
    const s = await buildScenario()
    s.store.log.unavailable = true
    expect(await collectProcessing(s.store, { controllerId: CONTROLLER })).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'StoreUnavailable' },
    })
    expect(hasProcessingQuery(s.store)).toBe(false)
  })
})

describe('processing log through the store’s ProcessingQuery (PGlite)', () => {
  let db: PGlite
  let schemas = 0
  beforeAll(async () => {
    db = await PGlite.create('memory://')
  }, 120_000)
  afterAll(async () => {
    await db.close()
  })

  /** A PGlite store holding the same events, appended in position order. */
  const copyToPglite = async (source: EventStore): Promise<PostgresEventStore> => {
    schemas += 1
    const opened = await pgliteStore({ pglite: db, schema: `projections_${schemas}` })
    if (E.isLeft(opened)) throw new Error(opened.left.reason)
    for (const event of await readEverything(source)) {
      const {
        streamId,
        streamVersion: _v,
        position: _p,
        prevHash: _h,
        hash: _x,
        ...toAppend
      } = event
      const appended = await opened.right.append(streamId, [toAppend], { expectedVersion: 'any' })
      if (E.isLeft(appended)) throw new Error('copy failed')
    }
    return opened.right
  }

  const withoutPosition = (entries: readonly ProcessingEntry[]) =>
    entries.map(({ position: _position, ...rest }) => rest)

  it('gives the same log as the scan for any filter', async () => {
    const filters = fc.record(
      {
        controllerId: fc.constant('telco_se'),
        subjectId: fc.constantFrom('sub-a1f3', 'sub-b7c2'),
        actorId: fc.constantFrom('agent-42', 'campaign-engine', 'cdr-rating'),
        purpose: fc.constantFrom('marketing', 'billing', 'fraud-prevention'),
        activityId: fc.constantFrom('act-billing', 'act-marketing'),
        occurredFrom: fc.constantFrom('2026-03-20T08:00:00.000Z', '2026-03-20T12:00:00.000Z'),
        occurredTo: fc.constantFrom('2026-03-21T00:00:00.000Z', '2026-03-22T00:00:00.000Z'),
        asOfRecordedAt: fc.constantFrom('2026-03-20T10:00:00.000Z', '2026-03-21T10:00:00.000Z'),
      },
      { requiredKeys: ['controllerId'] },
    )
    await fc.assert(
      fc.asyncProperty(
        complianceScenarioArbitrary({ maxSteps: 20 }),
        fc.array(filters, { minLength: 1, maxLength: 4 }),
        async (steps, filterList) => {
          const { store } = await runScenario(steps)
          const pg = await copyToPglite(store)
          expect(hasProcessingQuery(pg)).toBe(true)
          for (const filter of filterList) {
            expect(withoutPosition(await collect(pg, filter))).toEqual(
              withoutPosition(await collect(store, filter)),
            )
          }
          await pg.close()
        },
      ),
      { numRuns: propertyRuns(15) },
    )
  }, 300_000)

  it('runs projections on PGlite and resumes from its own projection table', async () => {
    const pg = await copyToPglite(scenario.store)
    const first = await createProjectionRunner({
      store: pg,
      checkpoints: pg.projections,
      projections: [registerProjection],
    }).catchUp()
    expect(first).toMatchObject({ right: { events: scenario.store.log.events.length } })
    const again = createProjectionRunner({
      store: pg,
      checkpoints: pg.projections,
      projections: [registerProjection],
    })
    expect(await again.catchUp()).toMatchObject({ right: { events: 0 } })
    const fresh = await replay(scenario.store, [registerProjection])
    if (E.isLeft(fresh)) throw new Error('replay failed')
    expect(again.state(registerProjection)).toEqual(fresh.right.states[0])
    expect(
      await createProjectionRunner({
        store: pg,
        checkpoints: createInMemoryProjectionStore(),
        projections: [registerProjection],
      }).catchUp(),
    ).toMatchObject({ right: { events: scenario.store.log.events.length } })
    await pg.close()
  }, 120_000)
})

import {
  createInMemoryProjectionStore,
  createInMemoryStore,
  createLedger,
  jurisdictions,
  streamIds,
  type EventStore,
  type Upcasters,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  consentTimeline,
  createProjectionRunner,
  describeProjectionError,
  findings,
  findingsProjection,
  replay,
  type FindingsState,
} from '../src'

/**
 * Projections read an old-schema event through the same upcasters as the ledger (core's
 * `readEvent`): a consent written under schema 0 lets the findings projection judge imported
 * consent-based processing against it, and the consent timeline show it in its current shape.
 * Without the upcaster, replay and reports answer `UnreadableEvent`.
 */
const SE = jurisdictions.SE
const CONTROLLER = 'telco_se'
const SUBJECT = 'sub-8f3a'
const RIGHTS = streamIds.subject(CONTROLLER, SUBJECT)
const NOW = '2026-11-25T12:00:00.000Z'
const CONSENTED = '2026-05-01T10:00:00.000Z'
const BEFORE_CONSENT = '2026-04-01T10:00:00.000Z'
const AFTER_CONSENT = '2026-06-01T10:00:00.000Z'

/** Schema 0 to 1: `notice` became `noticeVersion`; consents of that era were given on paper. */
const upcasters: Upcasters = {
  ConsentGiven: {
    0: (data) => {
      const { notice, ...rest } = data as { readonly notice: string }
      return { ...rest, noticeVersion: notice, channel: 'paper' }
    },
  },
}

/**
 * The marketing activity, a consent stored under schema 0 (through the store port, as an
 * earlier release wrote it), and two imported consent-based acts: one before the consent, one
 * after it.
 */
const legacyStore = async (): Promise<EventStore> => {
  const store = createInMemoryStore()
  const ledger = createLedger({ store, jurisdiction: SE, clock: () => new Date(NOW) })
  const declared = await ledger.declareProcessingActivity({
    controllerId: CONTROLLER,
    actor: 'dpo-office',
    activityId: 'act-marketing',
    name: 'Marketing of own services',
    role: 'controller',
    controller: { name: 'Telco AB', contact: 'dataskydd@telco.example' },
    purposes: ['marketing'],
    legalBases: [{ basis: 'consent', ePrivacyBasis: 'consent' }],
    subjectCategories: ['subscribers'],
    dataCategories: ['usage-volumes'],
    recipients: [],
    transfers: [],
    retention: [
      { kind: 'period', dataCategory: 'usage-volumes', period: 'P12M', from: 'collected' },
    ],
    securityMeasures: { kind: 'described', measures: ['role-based access'] },
    occurredAt: '2026-01-01T00:00:00.000Z',
  })
  if (E.isLeft(declared)) throw new Error('declaration refused')
  const appended = await store.append(
    RIGHTS,
    [
      {
        id: '0190f2a4-0000-7000-8000-000000000001',
        type: 'ConsentGiven',
        controllerId: CONTROLLER,
        occurredAt: CONSENTED,
        recordedAt: CONSENTED,
        data: JSON.stringify({
          subjectId: SUBJECT,
          purpose: 'marketing',
          notice: 'notice-2026-04',
        }),
        metadata: JSON.stringify({ schemaVersion: 0, actor: 'legacy-crm' }),
      },
    ],
    { expectedVersion: 'no_stream' },
  )
  if (E.isLeft(appended)) throw new Error('append refused')
  const imported = await ledger.import(
    [BEFORE_CONSENT, AFTER_CONSENT].map((occurredAt, i) => ({
      id: `0193a6f0-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
      type: 'DataProcessed',
      controllerId: CONTROLLER,
      occurredAt,
      actor: 'legacy-campaigns',
      data: {
        subjectId: SUBJECT,
        actorId: 'campaign-engine',
        actorRole: 'system',
        system: 'crm',
        activityId: 'act-marketing',
        purpose: 'marketing',
        legalBasis: 'consent',
        ePrivacyBasis: 'consent',
        dataCategories: ['usage-volumes'],
        action: 'use',
      },
    })),
  )
  if (E.isLeft(imported) || imported.right.imported !== 2) throw new Error('import failed')
  return store
}

const report = (state: FindingsState) =>
  findings({ findings: state }, { now: NOW, jurisdiction: SE }).map((f) => [
    f.source,
    f.rule,
    f.at,
    f.count,
  ])

/** The right report: only the act before the consent lacks one. */
const expected = [['imported-fact', 'consent.covering-consent', BEFORE_CONSENT, 1]]

const unreadable = {
  _tag: 'UnreadableEvent',
  streamId: RIGHTS,
  streamVersion: 1,
  reason: 'no upcaster from schema version 0',
}

describe('projections over a store holding an old-schema event', () => {
  it('replay with the upcasters judges imported processing against the upcast consent', async () => {
    const built = await replay(await legacyStore(), [findingsProjection({ jurisdiction: SE })], {
      upcasters,
    })
    if (E.isLeft(built)) throw new Error(describeProjectionError(built.left))
    expect(report(built.right.states[0])).toEqual(expected)
  })

  it('the runner with the upcasters gives the same report, and saves it', async () => {
    const checkpoints = createInMemoryProjectionStore()
    const projection = findingsProjection({ jurisdiction: SE })
    const runner = createProjectionRunner({
      store: await legacyStore(),
      checkpoints,
      projections: [projection],
      upcasters,
    })
    const caughtUp = await runner.catchUp()
    expect(E.isRight(caughtUp)).toBe(true)
    expect(report(runner.state(projection))).toEqual(expected)
    const saved = await checkpoints.load(projection.name)
    expect(E.isRight(saved) && saved.right?.position).toBe(runner.position(projection))
  })

  it('without the upcaster, replay and the runner answer UnreadableEvent', async () => {
    const store = await legacyStore()
    expect(await replay(store, [findingsProjection({ jurisdiction: SE })])).toEqual(
      E.left(unreadable),
    )
    const runner = createProjectionRunner({
      store,
      checkpoints: createInMemoryProjectionStore(),
      projections: [findingsProjection({ jurisdiction: SE })],
    })
    expect(await runner.catchUp()).toEqual(E.left(unreadable))
  })

  it('the consent timeline reads the rights stream through the upcasters', async () => {
    const store = await legacyStore()
    const timeline = await consentTimeline(store, {
      controllerId: CONTROLLER,
      subjectId: SUBJECT,
      upcasters,
    })
    expect(E.isRight(timeline) && timeline.right.purposes).toEqual([
      {
        purpose: 'marketing',
        periods: [
          {
            purpose: 'marketing',
            givenAt: CONSENTED,
            noticeVersion: 'notice-2026-04',
            channel: 'paper',
          },
        ],
      },
    ])
    expect(await consentTimeline(store, { controllerId: CONTROLLER, subjectId: SUBJECT })).toEqual(
      E.left(unreadable),
    )
  })
})

import {
  defaultPolicy,
  defineJurisdiction,
  jurisdictions,
  settlementFor,
  type EventData,
  type Jurisdiction,
  type RecordedEvent,
  type Settlement,
} from '@gdpr-ledger/core'
import { propertyRuns } from '@gdpr-ledger/testing'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createRetentionProjection,
  foldEvents,
  retentionDueList,
  retentionProjection,
  type Projection,
  type RetentionItem,
  type RetentionState,
  type SubjectRetention,
} from '../src'

/**
 * The retention fold keeps the invoice settlements that can still decide a due date, not
 * every one: its due-list must be the one a fold keeping every settlement gives (the fold as
 * it was before, restated below) whenever a subject's traffic facts arrive in time order,
 * and never later than it when they do not.
 */
const SE = jurisdictions.SE
const EARLIER_OF = defineJurisdiction({
  ...SE,
  retention: {
    ...SE.retention,
    trafficData: { ...SE.retention.trafficData, reading: 'earlier-of' },
  },
})
const CONTROLLER = 'telco_se'

let position = 0n
const recorded = <T extends RecordedEvent['type']>(
  type: T,
  occurredAt: string,
  data: EventData<T>,
): RecordedEvent => {
  position += 1n
  return {
    id: `0193a6f0-0000-7000-8000-${position.toString().padStart(12, '0')}`,
    type,
    streamId: `processing-${CONTROLLER}-x`,
    streamVersion: Number(position),
    position,
    controllerId: CONTROLLER,
    occurredAt,
    recordedAt: occurredAt,
    data,
    metadata: { schemaVersion: 1, actor: 'test' },
    prevHash: '0'.repeat(64),
    hash: '0'.repeat(64),
  } as RecordedEvent
}

const processed = (
  subjectId: string,
  at: string,
  dataCategories: [string, ...string[]],
  action: EventData<'DataProcessed'>['action'] = 'store',
) =>
  recorded('DataProcessed', at, {
    subjectId,
    actorId: 'cdr-rating',
    actorRole: 'system',
    system: 'cdr-pipeline',
    activityId: 'act-billing',
    purpose: 'billing',
    legalBasis: 'contract',
    ePrivacyBasis: 'billing',
    dataCategories,
    action,
  })
const shared = (subjectId: string, at: string, dataCategories: [string, ...string[]]) =>
  recorded('DataSharedWithRecipient', at, {
    subjectId,
    activityId: 'act-billing',
    recipientId: 'inkasso-nord',
    recipientName: 'Inkasso Nord AB',
    recipientKind: 'third-party',
    country: 'SE',
    purpose: 'billing',
    legalBasis: 'contract',
    ePrivacyBasis: 'billing',
    dataCategories,
  })
const erased = (subjectId: string, at: string, dataCategories: [string, ...string[]]) =>
  recorded('DataErased', at, {
    subjectId,
    dataCategories,
    systems: ['cdr-store'],
    method: 'deleted',
  })
const settled = (subjectId: string, at: string, periodFrom: string, periodTo: string) =>
  recorded('InvoiceSettled', at, { subjectId, invoiceId: 'inv-1', periodFrom, periodTo })

/** The fold as it was: every settlement kept (`settlements.push`), the rest the same. */
const keepEverySettlement: Projection<RetentionState> = {
  ...retentionProjection,
  name: 'retention-unpruned',
  apply: (state, event) => {
    const entryOf = (subjectId: string): SubjectRetention => {
      const subjects = (state.controllers[event.controllerId] ??= {})
      return (subjects[subjectId] ??= { held: {}, erasedAt: {}, settlements: [] })
    }
    const erase = (entry: SubjectRetention, categories: readonly string[], at: string) => {
      for (const category of categories) {
        const previous = entry.erasedAt[category]
        if (previous === undefined || previous < at) entry.erasedAt[category] = at
        const held = entry.held[category]
        if (held === undefined) continue
        if (held.newestAt <= at) Reflect.deleteProperty(entry.held, category)
        else if (held.oldestAt < at) held.oldestAt = at
      }
    }
    const hold = (entry: SubjectRetention, categories: readonly string[], at: string) => {
      for (const category of categories) {
        const erasedAt = entry.erasedAt[category]
        if (erasedAt !== undefined && at <= erasedAt) continue
        const held = entry.held[category]
        if (held === undefined) entry.held[category] = { oldestAt: at, newestAt: at }
        else {
          if (at < held.oldestAt) held.oldestAt = at
          if (at > held.newestAt) held.newestAt = at
        }
      }
    }
    switch (event.type) {
      case 'DataProcessed':
        if (event.data.action === 'delete' || event.data.action === 'anonymise')
          erase(entryOf(event.data.subjectId), event.data.dataCategories, event.occurredAt)
        else hold(entryOf(event.data.subjectId), event.data.dataCategories, event.occurredAt)
        return state
      case 'DataSharedWithRecipient':
        hold(entryOf(event.data.subjectId), event.data.dataCategories, event.occurredAt)
        return state
      case 'DataErased':
        erase(entryOf(event.data.subjectId), event.data.dataCategories, event.occurredAt)
        return state
      case 'InvoiceSettled':
        entryOf(event.data.subjectId).settlements.push({
          periodFrom: event.data.periodFrom,
          periodTo: event.data.periodTo,
          settledAt: event.occurredAt,
        })
        return state
      default:
        return retentionProjection.apply(state, event)
    }
  },
}

const dueList = (state: RetentionState, jurisdiction: Jurisdiction, now: string) =>
  retentionDueList(state, { now, jurisdiction, policy: defaultPolicy, includeRetained: true })

const settlementCount = (state: RetentionState): number =>
  Object.values(state.controllers)
    .flatMap((subjects) => Object.values(subjects))
    .reduce((sum, entry) => sum + entry.settlements.length, 0)

const MONTH = (year: number, month: number) => new Date(Date.UTC(year, month - 1, 1)).toISOString()

describe('the retention fold keeps only the settlements that can still decide a due date', () => {
  it('three years of monthly invoices and a monthly erasure of traffic data due: a handful kept, the same due-list', () => {
    const events: RecordedEvent[] = []
    for (let m = 0; m < 36; m++) {
      const year = 2024 + Math.floor(m / 12)
      const month = (m % 12) + 1
      const from = MONTH(year, month)
      const to = new Date(
        Date.parse(MONTH(year + (month === 12 ? 1 : 0), (month % 12) + 1)) - 1,
      ).toISOString()
      for (const day of [3, 17])
        events.push(
          processed('sub-a', from.replace('-01T', `-${String(day).padStart(2, '0')}T`), [
            'call-records',
          ]),
        )
      events.push(processed('sub-a', from.replace('-01T', '-05T'), ['contact-details']))
      // The invoice for the month is settled 20 days after it ends.
      events.push(
        settled('sub-a', new Date(Date.parse(to) + 20 * 86_400_000).toISOString(), from, to),
      )
      // Each month the retention job erases the traffic data older than five months.
      if (m >= 5) events.push(erased('sub-a', from, ['call-records']))
    }
    const pruned = foldEvents(retentionProjection, events)
    const full = foldEvents(keepEverySettlement, events)
    expect(settlementCount(full)).toBe(36)
    expect(settlementCount(pruned)).toBeLessThanOrEqual(7)
    for (const now of ['2026-06-01T00:00:00.000Z', '2027-03-01T00:00:00.000Z'])
      for (const jurisdiction of [SE, EARLIER_OF])
        expect(dueList(pruned, jurisdiction, now)).toEqual(dueList(full, jurisdiction, now))
    // Saved and loaded by the runner as JSON, it comes back equal.
    expect(JSON.parse(JSON.stringify(pruned))).toEqual(pruned)
  })

  it('drops a settlement whose period another covers with a later settlement, at once', () => {
    const events = [
      settled(
        'sub-a',
        '2026-02-10T00:00:00.000Z',
        '2026-01-01T00:00:00.000Z',
        '2026-01-31T23:59:59.999Z',
      ),
      settled(
        'sub-a',
        '2026-03-15T00:00:00.000Z',
        '2026-01-01T00:00:00.000Z',
        '2026-01-31T23:59:59.999Z',
      ),
      settled(
        'sub-a',
        '2026-03-01T00:00:00.000Z',
        '2026-01-01T00:00:00.000Z',
        '2026-01-31T23:59:59.999Z',
      ),
    ]
    const state = foldEvents(retentionProjection, events)
    expect(state.controllers[CONTROLLER]?.['sub-a']?.settlements).toEqual([
      {
        periodFrom: '2026-01-01T00:00:00.000Z',
        periodTo: '2026-01-31T23:59:59.999Z',
        settledAt: '2026-03-15T00:00:00.000Z',
      },
    ])
  })

  it('counts traffic by the projection’s policy: a category the policy does not call traffic keeps no settlement alive', () => {
    const events = [
      processed('sub-a', '2026-01-05T00:00:00.000Z', ['sms-records']),
      settled(
        'sub-a',
        '2026-02-10T00:00:00.000Z',
        '2026-01-01T00:00:00.000Z',
        '2026-01-31T23:59:59.999Z',
      ),
      processed('sub-a', '2026-03-05T00:00:00.000Z', ['call-records']),
      erased('sub-a', '2026-03-01T00:00:00.000Z', ['call-records']),
    ]
    expect(settlementCount(foldEvents(retentionProjection, events))).toBe(0)
    const smsPolicy = {
      ...defaultPolicy,
      trafficDataCategories: [...defaultPolicy.trafficDataCategories, 'sms-records'],
    }
    const withSms = foldEvents(createRetentionProjection({ policy: smsPolicy }), events)
    expect(settlementCount(withSms)).toBe(1)
    expect(
      retentionDueList(withSms, {
        now: '2027-01-01T00:00:00.000Z',
        jurisdiction: SE,
        policy: smsPolicy,
      }).find((i) => i.dataCategory === 'sms-records'),
    ).toMatchObject({ kind: 'traffic', dueAt: '2026-06-04T23:00:00.000Z' })
  })

  it('an old traffic fact imported after its settlement was let go falls due no later than it really does', () => {
    const settledJanuary = settled(
      'sub-a',
      '2026-09-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
      '2026-01-31T23:59:59.999Z',
    )
    const events = [
      processed('sub-a', '2026-06-10T00:00:00.000Z', ['call-records']),
      settledJanuary,
      // Another category erased: the fold lets go of settlements before the data held (June).
      erased('sub-a', '2026-06-01T00:00:00.000Z', ['cdr']),
      // Recorded out of order: January's traffic data, after its settlement was let go.
      processed('sub-a', '2026-01-10T00:00:00.000Z', ['call-records']),
    ]
    const pruned = dueList(foldEvents(retentionProjection, events), SE, '2026-07-01T00:00:00.000Z')
    const full = dueList(foldEvents(keepEverySettlement, events), SE, '2026-07-01T00:00:00.000Z')
    // Every settlement kept: due when the invoice was settled, after the five months.
    expect(full.map((i) => [i.dueAt, i.reason])).toEqual([
      ['2026-09-01T00:00:00.000Z', 'the invoice was settled after the period'],
    ])
    // Pruned: five months after collection, earlier, and said so.
    expect(pruned.map((i) => [i.dueAt, i.reason])).toEqual([
      [
        '2026-06-09T23:00:00.000Z',
        'recorded after its invoice settlement was let go: taken as settled when collected',
      ],
    ])
  })
})

const SUBJECTS = ['sub-a', 'sub-b'] as const
const CATEGORIES = ['call-records', 'cdr', 'contact-details'] as const
const base = Date.parse('2025-01-01T00:00:00.000Z')
const DAY = 86_400_000
const instant = fc.integer({ min: 0, max: 600 }).map((d) => new Date(base + d * DAY).toISOString())

type Draft =
  | {
      kind: 'processed'
      subject: string
      at: string
      categories: [string, ...string[]]
      erase: boolean
    }
  | { kind: 'shared'; subject: string; at: string; categories: [string, ...string[]] }
  | { kind: 'erased'; subject: string; at: string; categories: [string, ...string[]] }
  | { kind: 'settled'; subject: string; at: string; from: string; to: string }

const categories = fc
  .subarray([...CATEGORIES], { minLength: 1 })
  .map(([first = 'call-records', ...rest]): [string, ...string[]] => [first, ...rest])
const subject = fc.constantFrom(...SUBJECTS)
const draft: fc.Arbitrary<Draft> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('processed' as const),
      subject,
      at: instant,
      categories,
      erase: fc.constantFrom(false, false, true),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('shared' as const),
      subject,
      at: instant,
      categories,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('erased' as const),
      subject,
      at: instant,
      categories,
    }),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        subject,
        start: fc.integer({ min: 0, max: 600 }),
        days: fc.integer({ min: 0, max: 60 }),
        delay: fc.integer({ min: -10, max: 200 }),
      })
      .map(({ subject, start, days, delay }) => ({
        kind: 'settled' as const,
        subject,
        from: new Date(base + start * DAY).toISOString(),
        to: new Date(base + (start + days) * DAY).toISOString(),
        at: new Date(base + (start + days + delay) * DAY).toISOString(),
      })),
  },
)

const toEvent = (d: Draft): RecordedEvent => {
  switch (d.kind) {
    case 'processed':
      return processed(d.subject, d.at, d.categories, d.erase ? 'delete' : 'store')
    case 'shared':
      return shared(d.subject, d.at, d.categories)
    case 'erased':
      return erased(d.subject, d.at, d.categories)
    case 'settled':
      return settled(d.subject, d.at, d.from, d.to)
  }
}

const isTrafficFact = (d: Draft) => d.kind === 'processed' || d.kind === 'shared'

/** Drafts in a random arrival order, with each subject's traffic facts in time order. */
const timeOrderedTraffic = fc.array(fc.tuple(draft, fc.nat()), { maxLength: 40 }).map((drafts) => {
  const keys = drafts
    .filter(([d]) => isTrafficFact(d))
    .map(([, key]) => key)
    .sort((a, b) => a - b)
  const facts = drafts
    .filter(([d]) => isTrafficFact(d))
    .map(([d]) => d)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  const arranged: [Draft, number][] = [
    ...facts.map((d, i): [Draft, number] => [d, keys[i] ?? 0]),
    ...drafts.filter(([d]) => !isTrafficFact(d)),
  ]
  return arranged.sort(([, a], [, b]) => a - b).map(([d]) => d)
})

const nows = ['2025-03-01T00:00:00.000Z', '2025-09-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z']
const key = (i: RetentionItem) => `${i.subjectId}/${i.dataCategory}`
const dueMs = (i: RetentionItem | undefined) =>
  i?.dueAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(i.dueAt)

describe('retention pruning, properties', () => {
  it('with traffic facts in time order (settlements and erasures in any order), the pruned fold gives the due-list of the fold keeping every settlement', () => {
    fc.assert(
      fc.property(timeOrderedTraffic, (drafts) => {
        const events = drafts.map(toEvent)
        const pruned = foldEvents(retentionProjection, events)
        const full = foldEvents(keepEverySettlement, events)
        for (const now of nows)
          for (const jurisdiction of [SE, EARLIER_OF])
            expect(dueList(pruned, jurisdiction, now)).toEqual(dueList(full, jurisdiction, now))
        expect(settlementCount(pruned)).toBeLessThanOrEqual(settlementCount(full))
        expect(JSON.parse(JSON.stringify(pruned))).toEqual(pruned)
      }),
      { numRuns: propertyRuns() },
    )
  })

  it('in any order, an item falls due no later than with every settlement kept, and exactly then where the fold vouches for its settlement', () => {
    fc.assert(
      fc.property(fc.array(draft, { maxLength: 40 }), (drafts) => {
        const events = drafts.map(toEvent)
        const prunedState = foldEvents(retentionProjection, events)
        const full = foldEvents(keepEverySettlement, events)
        for (const jurisdiction of [SE, EARLIER_OF]) {
          const now = nows[1] ?? ''
          const pruned = dueList(prunedState, jurisdiction, now)
          const reference = new Map(dueList(full, jurisdiction, now).map((i) => [key(i), i]))
          expect(pruned.map(key).sort()).toEqual([...reference.keys()].sort())
          for (const item of pruned) {
            const expected = reference.get(key(item))
            expect(dueMs(item)).toBeLessThanOrEqual(dueMs(expected))
            const keptFrom =
              prunedState.controllers[item.controllerId]?.[item.subjectId]?.settlementsKeptFrom
            if (keptFrom === undefined || item.heldSince >= keptFrom) expect(item).toEqual(expected)
          }
        }
      }),
      { numRuns: propertyRuns() },
    )
  })

  it('the settlements kept decide every due date the held data can still need: settlementFor agrees at each held traffic time', () => {
    fc.assert(
      fc.property(timeOrderedTraffic, (drafts) => {
        const events = drafts.map(toEvent)
        const pruned = foldEvents(retentionProjection, events)
        const full = foldEvents(keepEverySettlement, events)
        for (const [subjectId, entry] of Object.entries(pruned.controllers[CONTROLLER] ?? {})) {
          const all: readonly Settlement[] =
            full.controllers[CONTROLLER]?.[subjectId]?.settlements ?? []
          for (const [category, held] of Object.entries(entry.held)) {
            if (!defaultPolicy.trafficDataCategories.includes(category)) continue
            for (const at of [held.oldestAt, held.newestAt])
              expect(settlementFor(at, entry.settlements)).toBe(settlementFor(at, all))
          }
        }
      }),
      { numRuns: propertyRuns() },
    )
  })
})

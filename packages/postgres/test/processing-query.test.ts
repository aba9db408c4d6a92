import { randomUUID } from 'node:crypto'
import {
  streamIds,
  type EventToAppend,
  type ProcessingFilter,
  type StoredEvent,
} from '@gdpr-ledger/core'
import { readEverything } from '@gdpr-ledger/testing'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import type { PostgresEventStore } from '../src'
import { closePglite, createPgliteHarness, teardownPgliteHarness } from './support/pglite'

afterAll(closePglite)

const runs = Number(process.env.FC_RUNS ?? 25)

const controllers = ['telco_se', 'telco_no'] as const
const subjects = ['sub-1', 'sub-2', 'sub-3'] as const
const actors = ['agent-42', 'cdr-rating', 'web-shop'] as const
const purposes = ['billing', 'customer-support', 'marketing'] as const
const activities = ['act-billing', 'act-support'] as const
const instants = Array.from({ length: 6 }, (_, i) => `2026-11-2${i}T08:00:00.000Z`)

interface Fact {
  readonly type: 'DataProcessed' | 'DataSharedWithRecipient' | 'ConsentGiven'
  readonly controllerId: (typeof controllers)[number]
  readonly subjectId: (typeof subjects)[number]
  readonly actorId: (typeof actors)[number]
  readonly purpose: (typeof purposes)[number]
  readonly activityId: (typeof activities)[number]
  readonly occurredAt: string
  readonly recordedAt: string
}

const factArbitrary: fc.Arbitrary<Fact> = fc.record({
  type: fc.constantFrom('DataProcessed', 'DataSharedWithRecipient', 'ConsentGiven'),
  controllerId: fc.constantFrom(...controllers),
  subjectId: fc.constantFrom(...subjects),
  actorId: fc.constantFrom(...actors),
  purpose: fc.constantFrom(...purposes),
  activityId: fc.constantFrom(...activities),
  occurredAt: fc.constantFrom(...instants),
  recordedAt: fc.constantFrom(...instants),
})

/** The event a fact is recorded as: the actor of a shared record is in its metadata only. */
const toEvent = (fact: Fact): EventToAppend => {
  const common = { subjectId: fact.subjectId, purpose: fact.purpose, activityId: fact.activityId }
  const data =
    fact.type === 'DataProcessed'
      ? { ...common, actorId: fact.actorId, action: 'read' }
      : fact.type === 'DataSharedWithRecipient'
        ? { ...common, recipientId: 'rec-1' }
        : { subjectId: fact.subjectId, purpose: fact.purpose }
  return {
    id: randomUUID(),
    type: fact.type,
    controllerId: fact.controllerId,
    occurredAt: fact.occurredAt,
    recordedAt: fact.recordedAt,
    data: JSON.stringify(data),
    metadata: JSON.stringify({ schemaVersion: 1, actor: fact.actorId }),
  }
}

const streamOf = (fact: Fact) =>
  fact.type === 'ConsentGiven'
    ? streamIds.subject(fact.controllerId, fact.subjectId)
    : streamIds.processing(fact.controllerId, fact.subjectId)

const filterArbitrary: fc.Arbitrary<ProcessingFilter> = fc.record(
  {
    controllerId: fc.constantFrom(...controllers),
    subjectId: fc.constantFrom(...subjects),
    actorId: fc.constantFrom(...actors),
    purpose: fc.constantFrom(...purposes),
    activityId: fc.constantFrom(...activities),
    occurredFrom: fc.constantFrom(...instants),
    occurredTo: fc.constantFrom(...instants),
    asOfRecordedAt: fc.constantFrom(...instants),
  },
  { requiredKeys: ['controllerId'] },
)

/** The reference: a scan of the whole log, as a store without the processing log would do it. */
const reference = (
  all: readonly StoredEvent[],
  filter: ProcessingFilter,
  asOfPosition: bigint | undefined,
): string[] =>
  all
    .filter((event) => {
      if (event.type !== 'DataProcessed' && event.type !== 'DataSharedWithRecipient') return false
      const data = JSON.parse(event.data) as Record<string, string>
      const metadata = JSON.parse(event.metadata) as Record<string, string>
      const actor =
        data.actorId ?? (event.type === 'DataSharedWithRecipient' ? metadata.actor : undefined)
      return (
        event.controllerId === filter.controllerId &&
        (filter.subjectId === undefined || data.subjectId === filter.subjectId) &&
        (filter.actorId === undefined || actor === filter.actorId) &&
        (filter.purpose === undefined || data.purpose === filter.purpose) &&
        (filter.activityId === undefined || data.activityId === filter.activityId) &&
        (filter.occurredFrom === undefined || event.occurredAt >= filter.occurredFrom) &&
        (filter.occurredTo === undefined || event.occurredAt < filter.occurredTo) &&
        (filter.asOfRecordedAt === undefined || event.recordedAt <= filter.asOfRecordedAt) &&
        (asOfPosition === undefined || event.position <= asOfPosition)
      )
    })
    .map((event) => event.id)

const pageThrough = async (
  store: PostgresEventStore,
  filter: ProcessingFilter,
  limit: number,
): Promise<string[]> => {
  const ids: string[] = []
  let after: bigint | undefined
  for (;;) {
    const page = await store.findProcessing(
      filter,
      after === undefined ? { limit } : { after, limit },
    )
    if (E.isLeft(page)) throw new Error(page.left.reason)
    ids.push(...page.right.events.map((e) => e.id))
    expect(page.right.events.length).toBeLessThanOrEqual(limit)
    if (page.right.next === undefined) return ids
    after = page.right.next
  }
}

describe('ProcessingQuery on the inline processing log', () => {
  it('finds who processed what, by actor, purpose, activity, subject and time, as of a position', async () => {
    const harness = await createPgliteHarness()
    const { store } = harness
    const facts: Fact[] = [
      {
        type: 'DataProcessed',
        controllerId: 'telco_se',
        subjectId: 'sub-1',
        actorId: 'agent-42',
        purpose: 'customer-support',
        activityId: 'act-support',
        occurredAt: instants[1]!,
        recordedAt: instants[1]!,
      },
      {
        type: 'DataProcessed',
        controllerId: 'telco_se',
        subjectId: 'sub-2',
        actorId: 'cdr-rating',
        purpose: 'billing',
        activityId: 'act-billing',
        occurredAt: instants[2]!,
        recordedAt: instants[2]!,
      },
      {
        type: 'DataSharedWithRecipient',
        controllerId: 'telco_se',
        subjectId: 'sub-1',
        actorId: 'agent-42',
        purpose: 'billing',
        activityId: 'act-billing',
        occurredAt: instants[3]!,
        recordedAt: instants[4]!,
      },
      {
        type: 'ConsentGiven',
        controllerId: 'telco_se',
        subjectId: 'sub-1',
        actorId: 'agent-42',
        purpose: 'marketing',
        activityId: 'act-support',
        occurredAt: instants[3]!,
        recordedAt: instants[3]!,
      },
      {
        type: 'DataProcessed',
        controllerId: 'telco_no',
        subjectId: 'sub-1',
        actorId: 'agent-42',
        purpose: 'billing',
        activityId: 'act-billing',
        occurredAt: instants[1]!,
        recordedAt: instants[1]!,
      },
    ]
    const events = facts.map(toEvent)
    const positions: bigint[] = []
    for (const [i, fact] of facts.entries()) {
      const result = await store.append(streamOf(fact), [events[i]!], { expectedVersion: 'any' })
      if (E.isLeft(result)) throw new Error(result.left._tag)
      positions.push(result.right.events[0]!.position)
    }
    const ids = (filter: ProcessingFilter) => pageThrough(store, filter, 1000)
    const [support, billing, shared, , other] = events.map((e) => e.id)
    expect(await ids({ controllerId: 'telco_se', actorId: 'agent-42' })).toEqual([support, shared])
    expect(await ids({ controllerId: 'telco_se', purpose: 'billing' })).toEqual([billing, shared])
    expect(await ids({ controllerId: 'telco_se', activityId: 'act-support' })).toEqual([support])
    expect(await ids({ controllerId: 'telco_se', subjectId: 'sub-1' })).toEqual([support, shared])
    expect(await ids({ controllerId: 'telco_no', subjectId: 'sub-1' })).toEqual([other])
    expect(
      await ids({ controllerId: 'telco_se', occurredFrom: instants[2]!, occurredTo: instants[4]! }),
    ).toEqual([billing, shared])
    expect(await ids({ controllerId: 'telco_se', asOfRecordedAt: instants[3]! })).toEqual([
      support,
      billing,
    ])
    expect(await ids({ controllerId: 'telco_se', asOfPosition: positions[1]! })).toEqual([
      support,
      billing,
    ])
    await teardownPgliteHarness(harness)
  })

  it('refuses a filter instant that is not canonical, and a limit out of range (programmer errors)', async () => {
    const harness = await createPgliteHarness()
    expect(() =>
      harness.store.findProcessing({ controllerId: 'telco_se', occurredFrom: '2026-11-23' }),
    ).toThrow(TypeError)
    expect(() => harness.store.findProcessing({ controllerId: 'telco_se' }, { limit: 0 })).toThrow(
      TypeError,
    )
    await teardownPgliteHarness(harness)
  })

  it('agrees with a scan of the whole log for any facts, filter and page size (property)', async () => {
    const harness = await createPgliteHarness()
    const { store } = harness
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(factArbitrary, { minLength: 1, maxLength: 4 }), {
          minLength: 1,
          maxLength: 6,
        }),
        filterArbitrary,
        fc.integer({ min: 1, max: 7 }),
        fc.option(fc.nat(30), { nil: undefined }),
        async (batches, filter, limit, asOfIndex) => {
          for (const batch of batches) {
            // One append per stream: a batch belongs to one stream.
            const byStream = new Map<string, EventToAppend[]>()
            for (const fact of batch) {
              const list = byStream.get(streamOf(fact)) ?? []
              list.push(toEvent(fact))
              byStream.set(streamOf(fact), list)
            }
            for (const [streamId, events] of byStream) {
              const result = await store.append(streamId, events, { expectedVersion: 'any' })
              if (E.isLeft(result)) throw new Error(result.left._tag)
            }
          }
          const all = await readEverything(store)
          const asOfPosition =
            asOfIndex === undefined ? undefined : all[asOfIndex % all.length]?.position
          const withPosition = asOfPosition === undefined ? filter : { ...filter, asOfPosition }
          expect(await pageThrough(store, withPosition, limit)).toEqual(
            reference(all, filter, asOfPosition),
          )
        },
      ),
      { numRuns: runs },
    )
    await teardownPgliteHarness(harness)
  })
})

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { createInMemoryStore, createLedger, readEvent, type EventStore } from '../../src'
import { CONTROLLER, manualClock } from '../fixtures'

const all = async (store: EventStore) => {
  const page = await store.readAll({ limit: 1000 })
  return E.isRight(page) ? page.right : []
}

const withdrawal = (id: string, subjectId = 'sub-1') => ({
  id,
  type: 'ConsentWithdrawn',
  controllerId: CONTROLLER,
  occurredAt: '2025-03-01T10:00:00+01:00',
  actor: 'legacy-crm',
  data: { subjectId, purpose: 'marketing', channel: 'phone' },
})

const processing = (id: string) => ({
  id,
  type: 'DataProcessed',
  controllerId: CONTROLLER,
  occurredAt: '2025-03-02T10:00:00Z',
  actor: 'legacy-billing',
  data: {
    subjectId: 'sub-1',
    actorId: 'batch',
    actorRole: 'system',
    system: 'billing',
    activityId: 'act-unknown',
    purpose: 'marketing',
    legalBasis: 'consent',
    dataCategories: ['call-records'],
    action: 'use',
  },
})

describe('ledger.import', () => {
  it('never refuses a well-formed fact that a gate would refuse, and marks it imported', async () => {
    const store = createInMemoryStore()
    const ledger = createLedger({ store, clock: manualClock().clock })
    // A withdrawal of a consent the ledger never saw, and processing under an undeclared activity.
    const result = await ledger.import([
      withdrawal('0190f2a4-0000-7000-8000-000000000001'),
      processing('0190f2a4-0000-7000-8000-000000000002'),
    ])
    expect(result).toEqual(E.right({ imported: 2, alreadyPresent: 0, streams: 2 }))
    const events = await all(store)
    expect(events.map((e) => [e.streamId, e.type, e.occurredAt])).toEqual([
      ['subject-telco_se-sub-1', 'ConsentWithdrawn', '2025-03-01T09:00:00.000Z'],
      ['processing-telco_se-sub-1', 'DataProcessed', '2025-03-02T10:00:00.000Z'],
    ])
    const first = readEvent(events[0]!)
    expect(E.isRight(first) && first.right.metadata).toEqual({
      schemaVersion: 1,
      actor: 'legacy-crm',
      imported: true,
    })
    expect(await ledger.verify()).toMatchObject(E.right({ ok: true }))
  })

  it('gives each fact its own actor and correlation, however they alternate from fact to fact', async () => {
    const store = createInMemoryStore()
    const ledger = createLedger({ store, clock: manualClock().clock })
    const id = (n: number) => `0190f2a4-0000-7000-8000-00000000001${n}`
    const facts = [
      { ...withdrawal(id(1), 'sub-1'), correlationId: 'run-a' },
      { ...withdrawal(id(2), 'sub-2'), correlationId: 'run-a' },
      { ...withdrawal(id(3), 'sub-3'), actor: 'legacy-shop', correlationId: 'run-a' },
      { ...withdrawal(id(4), 'sub-4'), correlationId: 'run-a' },
      { ...withdrawal(id(5), 'sub-5'), correlationId: 'run-b', causationId: 'c-5' },
      withdrawal(id(6), 'sub-6'),
    ]
    expect(E.isRight(await ledger.import(facts))).toBe(true)
    const metadata = (await all(store)).map((e) => JSON.parse(e.metadata) as unknown)
    expect(metadata).toEqual([
      { schemaVersion: 1, actor: 'legacy-crm', correlationId: 'run-a', imported: true },
      { schemaVersion: 1, actor: 'legacy-crm', correlationId: 'run-a', imported: true },
      { schemaVersion: 1, actor: 'legacy-shop', correlationId: 'run-a', imported: true },
      { schemaVersion: 1, actor: 'legacy-crm', correlationId: 'run-a', imported: true },
      {
        schemaVersion: 1,
        actor: 'legacy-crm',
        correlationId: 'run-b',
        causationId: 'c-5',
        imported: true,
      },
      { schemaVersion: 1, actor: 'legacy-crm', imported: true },
    ])
  })

  it('refuses the whole call when one fact is malformed, naming its path, and writes nothing', async () => {
    const store = createInMemoryStore()
    const ledger = createLedger({ store })
    const bad = {
      ...withdrawal('0190f2a4-0000-7000-8000-000000000002'),
      data: { subjectId: 'sub-1', purpose: 'Marketing!', channel: 'phone' },
    }
    const result = await ledger.import([
      withdrawal('0190f2a4-0000-7000-8000-000000000001'),
      bad,
      { ...processing('nope'), type: 'Teleported' },
    ])
    expect(
      E.isLeft(result) &&
        result.left._tag === 'InvalidInput' &&
        result.left.issues.map((i) => i.path),
    ).toEqual(['1.data.purpose', '2.id', '2.type'])
    expect(await all(store)).toHaveLength(0)
  })

  it('refuses facts from the future and checkpoints, which only the ledger writes', async () => {
    const ledger = createLedger({
      store: createInMemoryStore(),
      clock: manualClock('2026-11-23T08:00:00Z').clock,
    })
    const future = await ledger.import([
      { ...withdrawal('0190f2a4-0000-7000-8000-000000000001'), occurredAt: '2026-11-23T09:00:00Z' },
    ])
    expect(
      E.isLeft(future) && future.left._tag === 'InvalidInput' && future.left.issues[0]?.path,
    ).toBe('0.occurredAt')
    const checkpoint = await ledger.import([
      {
        ...withdrawal('0190f2a4-0000-7000-8000-000000000002'),
        type: 'ChainCheckpoint',
        data: { position: '1', heads: [] },
      },
    ])
    expect(
      E.isLeft(checkpoint) &&
        checkpoint.left._tag === 'InvalidInput' &&
        checkpoint.left.issues[0]?.path,
    ).toBe('0.type')
  })

  it('is idempotent: a re-import appends nothing, an overlapping one appends only the new facts', async () => {
    const store = createInMemoryStore()
    const ledger = createLedger({ store })
    const facts = [
      withdrawal('0190f2a4-0000-7000-8000-000000000001'),
      withdrawal('0190f2a4-0000-7000-8000-000000000002', 'sub-2'),
    ]
    await ledger.import(facts)
    expect(await ledger.import(facts)).toEqual(
      E.right({ imported: 0, alreadyPresent: 2, streams: 2 }),
    )
    const more = [...facts, withdrawal('0190f2a4-0000-7000-8000-000000000003')]
    expect(await ledger.import(more)).toEqual(
      E.right({ imported: 1, alreadyPresent: 2, streams: 2 }),
    )
    expect(await all(store)).toHaveLength(3)
  })

  it('refuses a fact id reused with other content', async () => {
    const ledger = createLedger({ store: createInMemoryStore() })
    await ledger.import([withdrawal('0190f2a4-0000-7000-8000-000000000001')])
    const changed = {
      ...withdrawal('0190f2a4-0000-7000-8000-000000000001'),
      occurredAt: '2025-03-01T11:00:00Z',
    }
    const result = await ledger.import([changed])
    expect(E.isLeft(result) && result.left._tag).toBe('IdempotencyConflict')
  })
})

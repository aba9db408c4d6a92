import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  catalogue,
  createInMemoryStore,
  createLedger,
  streamIds,
  type EventStore,
  type LedgerError,
  type Upcasters,
} from '../../src'
import { CONTROLLER, declareBilling, manualClock, recordBilling, countAll } from '../fixtures'

/**
 * Upcasting end to end: a store holding an event written under an older schema (appended
 * through the `EventStore` port, as an earlier release of the ledger wrote it), and a ledger
 * deciding on the state folded from its upcast form. Without the upcaster the load answers
 * `UnreadableEvent` and nothing is decided or written.
 */
const SUBJECT = 'sub-8f3a'
const RIGHTS = streamIds.subject(CONTROLLER, SUBJECT)

/** Schema 0 of ConsentGiven named the notice `notice` and had no channel. */
const consentV0 = {
  id: '0190f2a4-0000-7000-8000-000000000001',
  type: 'ConsentGiven',
  controllerId: CONTROLLER,
  occurredAt: '2026-05-01T10:00:00.000Z',
  recordedAt: '2026-05-01T10:00:00.000Z',
  data: JSON.stringify({ subjectId: SUBJECT, purpose: 'marketing', notice: 'notice-2026-04' }),
  metadata: JSON.stringify({ schemaVersion: 0, actor: 'legacy-crm' }),
}

/** Schema 0 to 1: `notice` became `noticeVersion`; consents of that era were given on paper. */
const upcasters: Upcasters = {
  ConsentGiven: {
    0: (data) => {
      const { notice, ...rest } = data as { readonly notice: string }
      return { ...rest, noticeVersion: notice, channel: 'paper' }
    },
  },
}

const marketing = recordBilling({
  activityId: 'act-marketing',
  purpose: 'marketing',
  legalBasis: 'consent',
  ePrivacyBasis: 'consent',
  dataCategories: ['usage-volumes'],
  action: 'use',
})

/** A store with the marketing activity (current schema) and the schema-0 consent. */
const legacyStore = async (): Promise<EventStore> => {
  const store = createInMemoryStore()
  const declared = await createLedger({
    store,
    clock: manualClock().clock,
  }).declareProcessingActivity(
    declareBilling({
      activityId: 'act-marketing',
      name: 'Marketing of own services',
      purposes: ['marketing'],
      legalBases: [{ basis: 'consent', ePrivacyBasis: 'consent' }],
      dataCategories: ['usage-volumes'],
      retention: [
        { kind: 'period', dataCategory: 'usage-volumes', period: 'P12M', from: 'collected' },
      ],
      occurredAt: '2026-01-01T00:00:00.000Z',
    }),
  )
  expect(E.isRight(declared)).toBe(true)
  const appended = await store.append(RIGHTS, [consentV0], { expectedVersion: 'no_stream' })
  expect(E.isRight(appended)).toBe(true)
  return store
}

const leftOf = (result: E.Either<LedgerError, unknown>) =>
  E.isLeft(result) ? result.left : 'Right'

describe('a ledger over a store holding an old-schema event', () => {
  it('holds the consent as it was written: schema 0, older than the catalogue’s', async () => {
    const store = await legacyStore()
    const slice = await store.readStream(RIGHTS)
    const stored = E.isRight(slice) ? slice.right.events[0] : undefined
    expect(stored?.data).toBe(consentV0.data)
    expect(JSON.parse(stored?.metadata ?? '{}')).toMatchObject({ schemaVersion: 0 })
    expect(catalogue.ConsentGiven.schemaVersion).toBeGreaterThan(0)
  })

  it('decides on the upcast state: consent-based processing is accepted on the old consent', async () => {
    const store = await legacyStore()
    const ledger = createLedger({ store, clock: manualClock().clock, upcasters })
    const result = await ledger.recordProcessing(marketing)
    expect(leftOf(result)).toBe('Right')
    if (E.isLeft(result)) return
    // Decided on the rights stream at version 1: the schema-0 consent, read in its current shape.
    expect(result.right.events[0]?.metadata.decidedOn?.[RIGHTS]).toBe(1)
    // The stored bytes are never rewritten.
    const slice = await store.readStream(RIGHTS)
    expect(E.isRight(slice) && slice.right.events[0]?.data).toBe(consentV0.data)
  })

  it('folds old and current events together: a withdrawal recorded now ends the old consent', async () => {
    const store = await legacyStore()
    const time = manualClock()
    const ledger = createLedger({ store, clock: time.clock, upcasters })
    const withdrawn = await ledger.withdrawConsent({
      controllerId: CONTROLLER,
      actor: 'self-service-app',
      subjectId: SUBJECT,
      purpose: 'marketing',
      channel: 'app',
    })
    expect(leftOf(withdrawn)).toBe('Right')
    time.advance(60_000)
    expect(leftOf(await ledger.recordProcessing(marketing))).toMatchObject({
      _tag: 'ComplianceViolation',
      rule: 'consent.covering-consent',
    })
  })

  it('without the upcaster answers UnreadableEvent naming the event, and writes nothing', async () => {
    const store = await legacyStore()
    const before = await countAll(store)
    const ledger = createLedger({ store, clock: manualClock().clock })
    expect(leftOf(await ledger.recordProcessing(marketing))).toEqual({
      _tag: 'UnreadableEvent',
      streamId: RIGHTS,
      streamVersion: 1,
      reason: 'no upcaster from schema version 0',
    })
    expect(await countAll(store)).toBe(before)
  })

  it('with an upcaster whose output is not the current shape answers UnreadableEvent too', async () => {
    const store = await legacyStore()
    const broken: Upcasters = { ConsentGiven: { 0: (data) => data } }
    const ledger = createLedger({ store, clock: manualClock().clock, upcasters: broken })
    expect(leftOf(await ledger.recordProcessing(marketing))).toMatchObject({
      _tag: 'UnreadableEvent',
      streamId: RIGHTS,
      reason: 'upcast data does not match the current schema',
    })
  })
})

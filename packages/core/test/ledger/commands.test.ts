import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  EVENT_ID_NAMESPACE,
  MINUTE,
  complianceViolation,
  createInMemoryStore,
  createLedger,
  type ComplianceRule,
  type EventStore,
} from '../../src'
import { conflictBackoffMs } from '../../src/ledger/command-handler'
import {
  CONTROLLER,
  declareBilling,
  detectBreach,
  giveConsent,
  manualClock,
  recordBilling,
  countAll,
} from '../fixtures'

const setup = (
  options: { rules?: ComplianceRule[]; conflictRetries?: number; store?: EventStore } = {},
) => {
  const time = manualClock()
  const store = options.store ?? createInMemoryStore()
  const ledger = createLedger({ store, clock: time.clock, ...options })
  return { time, store, ledger }
}

describe('a command', () => {
  it('is decoded, decided and appended to the stream its data names, with envelope and metadata', async () => {
    const { ledger, time } = setup()
    const result = await ledger.giveConsent({ ...giveConsent(), correlationId: 'signup-77' })
    expect(E.isRight(result)).toBe(true)
    if (E.isLeft(result)) return
    const [event] = result.right.events
    expect(result.right).toMatchObject({
      streamId: 'subject-telco_se-sub-8f3a',
      streamVersion: 1,
      duplicate: false,
    })
    expect(event).toMatchObject({
      type: 'ConsentGiven',
      controllerId: CONTROLLER,
      occurredAt: time.clock().toISOString(),
      recordedAt: time.clock().toISOString(),
      data: {
        subjectId: 'sub-8f3a',
        purpose: 'marketing',
        noticeVersion: 'notice-2026-10',
        channel: 'web',
      },
      metadata: { schemaVersion: 1, actor: 'web-shop', correlationId: 'signup-77' },
      streamVersion: 1,
      position: 1n,
    })
  })

  it('stores data in the codec field order, whatever order the caller used', async () => {
    const { ledger, store } = setup()
    const { channel, purpose, ...rest } = giveConsent()
    await ledger.giveConsent({ channel, ...rest, purpose })
    const page = await store.readAll()
    expect(E.isRight(page) && page.right[0]?.data).toBe(
      '{"subjectId":"sub-8f3a","purpose":"marketing","noticeVersion":"notice-2026-10","channel":"web"}',
    )
  })

  it('records a gate with the versions of the streams it was decided on', async () => {
    const { ledger } = setup()
    await ledger.declareProcessingActivity(declareBilling())
    await ledger.giveConsent(giveConsent())
    await ledger.giveConsent(giveConsent({ purpose: 'location-offers' }))
    const result = await ledger.recordProcessing(recordBilling())
    expect(E.isRight(result) && result.right.events[0]?.metadata.decidedOn).toEqual({
      'subject-telco_se-sub-8f3a': 2,
      'activity-act-billing': 1,
    })
    expect(E.isRight(result) && result.right.streamId).toBe('processing-telco_se-sub-8f3a')
  })

  it("keeps one controller's subject streams apart from another's", async () => {
    const { ledger } = setup()
    const a = await ledger.giveConsent(giveConsent({ controllerId: 'switchboard_customer_1' }))
    const b = await ledger.giveConsent(giveConsent())
    expect(E.isRight(a) && a.right.streamId).toBe('subject-switchboard_customer_1-sub-8f3a')
    expect(E.isRight(b) && b.right.streamId).toBe('subject-telco_se-sub-8f3a')
  })
})

describe('bad input', () => {
  const cases: [string, unknown, string[]][] = [
    ['a wrong type', { ...giveConsent(), channel: 42 }, ['channel']],
    ['a missing field', (({ purpose: _p, ...rest }) => rest)(giveConsent()), ['purpose']],
    [
      'an unknown field (personal data must not slip in)',
      { ...giveConsent(), msisdn: '+46701234567' },
      ['msisdn'],
    ],
    [
      'an oversized string',
      { ...giveConsent(), noticeVersion: 'n'.repeat(201) },
      ['noticeVersion'],
    ],
    ['a phone number as subject id', { ...giveConsent(), subjectId: '46701234567' }, ['subjectId']],
    [
      'a hyphen in the controller id',
      { ...giveConsent(), controllerId: 'telco-se' },
      ['controllerId'],
    ],
    ['not an object', 'consent please', ['']],
  ]
  it.each(cases)(
    '%s is InvalidInput naming the paths, and nothing is appended',
    async (_what, command, paths) => {
      const { ledger, store } = setup()
      const result = await ledger.execute('giveConsent', command)
      expect(E.isLeft(result) && result.left._tag).toBe('InvalidInput')
      expect(
        E.isLeft(result) &&
          result.left._tag === 'InvalidInput' &&
          result.left.issues.map((i) => i.path),
      ).toEqual(paths)
      expect(JSON.stringify(result)).not.toContain('46701234567')
      expect(await countAll(store)).toBe(0)
    },
  )

  it.each([
    ['a misspelt name', 'giveConsnet'],
    ['a name that is personal data', '+46701234567'],
    ['an inherited property name', 'toString'],
    ['the prototype', '__proto__'],
    ['an empty name', ''],
    ['a name that is not a string', 42 as unknown as string],
  ])(
    'an unknown command name (%s) is InvalidInput at path command, not echoed, and nothing is appended',
    async (_what, name) => {
      const { ledger, store } = setup()
      const result = await ledger.execute(name, giveConsent())
      expect(result).toEqual(
        E.left({ _tag: 'InvalidInput', issues: [{ path: 'command', expected: 'CommandName' }] }),
      )
      expect(JSON.stringify(result)).not.toContain('46701234567')
      expect(await countAll(store)).toBe(0)
    },
  )

  it('a known command name routed as a plain string runs the command', async () => {
    const { ledger, store } = setup()
    const name: string = JSON.parse('"giveConsent"') as string
    const result = await ledger.execute(name, giveConsent())
    expect(E.isRight(result) && result.right.events.map((e) => e.type)).toEqual(['ConsentGiven'])
    expect(await countAll(store)).toBe(1)
  })
})

describe('time', () => {
  it('a gate happens now: occurredAt within maxSkew before the clock passes, older is refused', async () => {
    const { ledger, time } = setup()
    await ledger.declareProcessingActivity(
      declareBilling({ occurredAt: '2026-01-01T00:00:00.000Z' }),
    )
    const now = time.clock().getTime()
    const inSkew = await ledger.recordProcessing(
      recordBilling({ occurredAt: new Date(now - 5 * MINUTE).toISOString() }),
    )
    expect(E.isRight(inSkew)).toBe(true)
    const tooOld = await ledger.recordProcessing(
      recordBilling({ occurredAt: new Date(now - 5 * MINUTE - 1).toISOString() }),
    )
    expect(
      E.isLeft(tooOld) && tooOld.left._tag === 'InvalidInput' && tooOld.left.issues[0]?.path,
    ).toBe('occurredAt')
  })

  it('a fact may lie in the past, never more than maxSkew in the future', async () => {
    const { ledger, time } = setup()
    const now = time.clock().getTime()
    expect(
      E.isRight(await ledger.giveConsent(giveConsent({ occurredAt: '2025-01-10T10:00:00.000Z' }))),
    ).toBe(true)
    expect(
      E.isRight(
        await ledger.giveConsent(
          giveConsent({ purpose: 'billing', occurredAt: new Date(now + 5 * MINUTE).toISOString() }),
        ),
      ),
    ).toBe(true)
    const future = await ledger.giveConsent(
      giveConsent({ purpose: 'x-y', occurredAt: new Date(now + 5 * MINUTE + 1).toISOString() }),
    )
    expect(E.isLeft(future) && future.left._tag).toBe('InvalidInput')
  })

  it('honours a configured maxSkew', async () => {
    const time = manualClock()
    const ledger = createLedger({
      store: createInMemoryStore(),
      clock: time.clock,
      maxSkew: MINUTE,
    })
    await ledger.declareProcessingActivity(declareBilling())
    const twoMinutesAgo = new Date(time.clock().getTime() - 2 * MINUTE).toISOString()
    expect(
      E.isLeft(await ledger.recordProcessing(recordBilling({ occurredAt: twoMinutesAgo }))),
    ).toBe(true)
  })

  it('refuses a bad configuration by throwing', () => {
    expect(() => createLedger({ store: createInMemoryStore(), maxSkew: -1 })).toThrow(TypeError)
    expect(() => createLedger({ store: createInMemoryStore(), operatorId: 'has-hyphen' })).toThrow(
      TypeError,
    )
  })
})

describe('idempotent retries by commandId', () => {
  it('a retry appends nothing and returns the first result', async () => {
    const { ledger, store, time } = setup()
    const first = await ledger.giveConsent(giveConsent({ commandId: 'cmd-1' }))
    time.advance(60_000)
    const retry = await ledger.giveConsent(giveConsent({ commandId: 'cmd-1' }))
    expect(E.isRight(first) && E.isRight(retry)).toBe(true)
    if (E.isLeft(first) || E.isLeft(retry)) return
    expect(retry.right.duplicate).toBe(true)
    expect(retry.right.events.map((e) => [e.id, e.hash, e.recordedAt])).toEqual(
      first.right.events.map((e) => [e.id, e.hash, e.recordedAt]),
    )
    expect(await countAll(store)).toBe(1)
  })

  it('a gate retried after the state changed still returns the first result', async () => {
    const { ledger, store } = setup()
    await ledger.declareProcessingActivity(declareBilling())
    const first = await ledger.recordProcessing(recordBilling({ commandId: 'cdr-batch-9' }))
    await ledger.retireProcessingActivity({
      controllerId: CONTROLLER,
      actor: 'dpo-office',
      activityId: 'act-billing',
      reason: 'replaced',
    })
    const retry = await ledger.recordProcessing(recordBilling({ commandId: 'cdr-batch-9' }))
    expect(E.isRight(retry) && retry.right.duplicate).toBe(true)
    expect(E.isRight(first) && E.isRight(retry) && retry.right.events[0]?.id).toBe(
      E.isRight(first) && first.right.events[0]?.id,
    )
    expect(await countAll(store)).toBe(3)
  })

  it('derives event ids as UUID v5 in the ledger namespace', async () => {
    const { ledger } = setup()
    const result = await ledger.giveConsent(giveConsent({ commandId: 'cmd-1' }))
    expect(EVENT_ID_NAMESPACE).toMatch(/^[0-9a-f-]{36}$/)
    expect(E.isRight(result) && result.right.events[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5/)
  })

  it('the same commandId with different content is an IdempotencyConflict, never a silent success', async () => {
    const { ledger, store } = setup()
    await ledger.giveConsent(giveConsent({ commandId: 'cmd-1' }))
    const other = await ledger.giveConsent(giveConsent({ commandId: 'cmd-1', channel: 'app' }))
    expect(E.isLeft(other) && other.left._tag).toBe('IdempotencyConflict')
    const otherTime = await ledger.giveConsent(
      giveConsent({ commandId: 'cmd-1', occurredAt: '2026-01-01T00:00:00.000Z' }),
    )
    expect(E.isLeft(otherTime) && otherTime.left._tag).toBe('IdempotencyConflict')
    expect(await countAll(store)).toBe(1)
  })

  it('concurrent retries append once', async () => {
    const { ledger, store } = setup()
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        ledger.detectBreach(detectBreach({ commandId: 'breach-report-1' })),
      ),
    )
    expect(results.every(E.isRight)).toBe(true)
    expect(results.filter((r) => E.isRight(r) && !r.right.duplicate)).toHaveLength(1)
    expect(await countAll(store)).toBe(1)
  })
})

describe('stream state', () => {
  it.each([
    [
      'withdrawing a consent never given',
      'withdrawConsent',
      {
        controllerId: CONTROLLER,
        actor: 'app',
        subjectId: 'sub-8f3a',
        purpose: 'marketing',
        channel: 'app',
      },
    ],
    [
      'notifying an authority of a breach never detected',
      'notifyAuthorityOfBreach',
      {
        controllerId: CONTROLLER,
        actor: 'dpo',
        breachId: 'br-x',
        regime: 'gdpr',
        authority: 'IMY',
        stage: 'initial',
        complete: true,
      },
    ],
    [
      'amending an activity never declared',
      'amendProcessingActivity',
      { ...declareBilling(), reason: 'new retention' },
    ],
    [
      'engaging a sub-processor without an agreement',
      'engageSubProcessor',
      {
        controllerId: CONTROLLER,
        actor: 'dpo',
        processorId: 'cloudcall',
        subProcessorId: 'gcp',
        name: 'Google Cloud EMEA',
        country: 'IE',
        services: ['storage'],
        dataCategories: ['call-content'],
        purposes: ['service-delivery'],
        authorisation: { kind: 'specific', reference: 'A-1', grantedAt: '2026-01-01T00:00:00Z' },
        transferMechanisms: [],
      },
    ],
  ] as const)(
    '%s is an InvalidTransition, and nothing is appended',
    async (_what, name, command) => {
      const { ledger, store } = setup()
      const result = await ledger.execute(name, command)
      expect(E.isLeft(result) && result.left._tag).toBe('InvalidTransition')
      expect(await countAll(store)).toBe(0)
    },
  )

  it('a stream owned by one controller refuses events for another', async () => {
    const { ledger } = setup()
    await ledger.detectBreach(detectBreach())
    const foreign = await ledger.closeBreach({
      controllerId: 'other_co',
      actor: 'dpo',
      breachId: 'br-1',
      summary: 'closed',
    })
    expect(
      E.isLeft(foreign) && foreign.left._tag === 'InvalidTransition' && foreign.left.reason,
    ).toBe('the stream belongs to another controller')
  })

  it('a withdrawal applies to consent given before it, never to a later one', async () => {
    const { ledger } = setup()
    await ledger.giveConsent(giveConsent({ occurredAt: '2026-11-01T10:00:00.000Z' }))
    const early = await ledger.withdrawConsent({
      controllerId: CONTROLLER,
      actor: 'app',
      subjectId: 'sub-8f3a',
      purpose: 'marketing',
      channel: 'app',
      occurredAt: '2026-10-01T00:00:00.000Z',
    })
    expect(E.isLeft(early) && early.left._tag === 'InvalidTransition' && early.left.reason).toBe(
      'the withdrawal predates the consent',
    )
  })
})

describe('optimistic concurrency', () => {
  /** A store that lets a rival append land between the ledger's read and its append, `times` times. */
  const racingStore = (times: number) => {
    const inner = createInMemoryStore()
    let races = times
    const store: EventStore = {
      ...inner,
      append: async (streamId, events, options) => {
        if (races > 0 && typeof options.expectedVersion === 'number') {
          races -= 1
          await inner.append(streamId, [{ ...events[0]!, id: crypto.randomUUID() }], {
            expectedVersion: 'any',
          })
        }
        return inner.append(streamId, events, options)
      },
    }
    return store
  }

  it('re-decides after a concurrent write and succeeds', async () => {
    const { ledger } = setup({ store: racingStore(1) })
    const result = await ledger.giveConsent(giveConsent())
    // The rival took version 1 while the ledger expected an empty stream; the re-decided append is version 2.
    expect(E.isRight(result) && result.right.streamVersion).toBe(2)
  })

  it('surfaces WrongExpectedVersion when the retries run out', async () => {
    const { ledger } = setup({ store: racingStore(5), conflictRetries: 2 })
    const result = await ledger.giveConsent(giveConsent())
    expect(E.isLeft(result) && result.left._tag).toBe('WrongExpectedVersion')
  })

  it('records a re-decided command when it is appended, after the event it lost to', async () => {
    const inner = createInMemoryStore()
    const time = manualClock()
    let raced = false
    const store: EventStore = {
      ...inner,
      append: async (streamId, events, options) => {
        if (!raced) {
          // A rival lands a minute later, between the ledger's read and its append.
          raced = true
          time.advance(MINUTE)
          await inner.append(
            streamId,
            [{ ...events[0]!, id: crypto.randomUUID(), recordedAt: time.clock().toISOString() }],
            { expectedVersion: 'any' },
          )
        }
        return inner.append(streamId, events, options)
      },
    }
    const ledger = createLedger({ store, clock: time.clock })
    const before = time.clock().toISOString()
    const result = await ledger.giveConsent(giveConsent())
    const [event] = E.isRight(result) ? result.right.events : []
    expect(event?.streamVersion).toBe(2)
    expect(event?.recordedAt).toBe(time.clock().toISOString())
    expect((event?.recordedAt ?? '') > before).toBe(true)
  })

  it('re-decides 6 times by default', async () => {
    const won = await setup({ store: racingStore(6) }).ledger.giveConsent(giveConsent())
    expect(E.isRight(won) && won.right.streamVersion).toBe(7)
    const lost = await setup({ store: racingStore(7) }).ledger.giveConsent(giveConsent())
    expect(E.isLeft(lost) && lost.left._tag).toBe('WrongExpectedVersion')
  })

  it('lets a burst of 7 consents for one subscriber all go through', async () => {
    // Every read and append takes a millisecond, so the burst's commands overlap. Each race a
    // command loses is another one's win, so with 6 re-decisions up to 7 always go through,
    // whatever the timing.
    const inner = createInMemoryStore()
    const pause = () => new Promise((resolve) => setTimeout(resolve, 1))
    const store: EventStore = {
      ...inner,
      append: async (...args) => {
        await pause()
        return inner.append(...args)
      },
      readStream: async (...args) => {
        await pause()
        return inner.readStream(...args)
      },
    }
    const { ledger } = setup({ store })
    const answers = await Promise.all(
      Array.from({ length: 7 }, (_, i) => ledger.giveConsent(giveConsent({ purpose: `p-${i}` }))),
    )
    expect(answers.filter(E.isLeft)).toEqual([])
    const stream = await inner.readStream('subject-telco_se-sub-8f3a')
    expect(E.isRight(stream) && stream.right.streamVersion).toBe(7)
  })

  it('waits a random time before re-deciding, in a window that doubles up to 100 ms', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((attempt) => conflictBackoffMs(attempt, () => 1))).toEqual([
      4, 8, 16, 32, 64, 100, 100,
    ])
    expect(conflictBackoffMs(3, () => 0)).toBe(0)
    expect(conflictBackoffMs(2, () => 0.5)).toBe(8)
  })
})

describe('extra rules', () => {
  const noMarketingOnSundays: ComplianceRule = (decision) =>
    decision.command.event.type === 'ConsentGiven' && new Date(decision.now).getUTCDay() === 0
      ? E.left(
          complianceViolation(
            'house.no-sunday-consents',
            'house policy 1.2',
            'consents are not collected on Sundays',
          ),
        )
      : E.right(undefined)

  it('refuse like built-in rules, with rule and article, appending nothing', async () => {
    const { ledger, store, time } = setup({ rules: [noMarketingOnSundays] })
    time.set('2026-11-22T12:00:00.000Z')
    const result = await ledger.giveConsent(giveConsent())
    expect(result).toEqual(
      E.left({
        _tag: 'ComplianceViolation',
        rule: 'house.no-sunday-consents',
        article: 'house policy 1.2',
        explanation: 'consents are not collected on Sundays',
      }),
    )
    expect(await countAll(store)).toBe(0)
    time.set('2026-11-23T12:00:00.000Z')
    expect(E.isRight(await ledger.giveConsent(giveConsent()))).toBe(true)
  })

  it('see the streams the decision read', async () => {
    const seen: string[] = []
    const spy: ComplianceRule = (decision) => {
      seen.push(...Object.keys(decision.streams), decision.kind)
      return E.right(undefined)
    }
    const { ledger } = setup({ rules: [spy] })
    await ledger.declareProcessingActivity(declareBilling())
    seen.length = 0
    await ledger.recordProcessing(recordBilling())
    expect(seen.sort()).toEqual(['activity', 'gate', 'subject'])
  })
})

describe('the stream state cache', () => {
  it('extends a cached state with events another writer appended since', async () => {
    const store = createInMemoryStore()
    const time = manualClock()
    const mine = createLedger({ store, clock: time.clock })
    const theirs = createLedger({ store, clock: time.clock, stateCacheSize: 0 })
    await mine.giveConsent(giveConsent())
    // Another process withdraws; my cached state must not still show the consent in force.
    await theirs.withdrawConsent({
      controllerId: CONTROLLER,
      actor: 'app',
      subjectId: 'sub-8f3a',
      purpose: 'marketing',
      channel: 'app',
    })
    const again = await mine.withdrawConsent({
      controllerId: CONTROLLER,
      actor: 'app',
      subjectId: 'sub-8f3a',
      purpose: 'marketing',
      channel: 'app',
    })
    expect(E.isLeft(again) && again.left._tag === 'InvalidTransition' && again.left.reason).toBe(
      'no consent for this purpose is in force',
    )
  })

  it('refuses a bad capacity as a programmer error', () => {
    expect(() => createLedger({ store: createInMemoryStore(), stateCacheSize: -1 })).toThrow(
      TypeError,
    )
  })
})

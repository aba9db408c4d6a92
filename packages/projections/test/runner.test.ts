import {
  createInMemoryProjectionStore,
  storeUnavailable,
  type ProjectionStore,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  createProjectionRunner,
  disclosureRegisterProjection,
  dsrTrackerProjection,
  processingSummaryProjection,
  registerProjection,
  replay,
  type Projection,
} from '../src'
import { recordingCheckpoints, viewOf } from './helpers'
import { ANNA, CONTROLLER, buildScenario } from './scenario'

const projections = [
  registerProjection,
  processingSummaryProjection,
  dsrTrackerProjection,
  disclosureRegisterProjection,
] as const

describe('the projection runner', () => {
  it('catches up, saves state and position together, and a restart resumes where it stood', async () => {
    const { store, ledger, setClock } = await buildScenario()
    const head = store.log.events.length
    const checkpoints = recordingCheckpoints()
    const first = createProjectionRunner({ store, checkpoints, projections })
    const caughtUp = await first.catchUp()
    expect(caughtUp).toEqual(E.right({ position: BigInt(head), events: head, rebuilt: [] }))
    for (const p of projections)
      expect(checkpoints.checkpoints.get(p.name)?.position).toBe(BigInt(head))

    setClock('2026-11-23T12:05:00.000Z')
    const more = await ledger.recordProcessing({
      controllerId: CONTROLLER,
      actor: 'agent-7',
      subjectId: ANNA,
      actorId: 'agent-7',
      actorRole: 'support-agent',
      system: 'support-desk',
      activityId: 'act-support',
      purpose: 'customer-support',
      legalBasis: 'contract',
      dataCategories: ['contact-details'],
      action: 'read',
    })
    expect(E.isRight(more)).toBe(true)

    // A new process over the same checkpoints reads only what came since.
    const counted = viewOf(store, {})
    const restarted = createProjectionRunner({ store: counted, checkpoints, projections })
    const resumed = await restarted.catchUp()
    expect(resumed).toEqual(E.right({ position: BigInt(head + 1), events: 1, rebuilt: [] }))
    const fresh = await replay(store, projections)
    if (E.isLeft(fresh)) throw new Error('replay failed')
    expect(restarted.states()).toEqual(fresh.right.states)
    expect(restarted.state(processingSummaryProjection)).toEqual(fresh.right.states[1])
    expect(restarted.position(registerProjection)).toBe(BigInt(head + 1))
  })

  it('rebuilds a projection whose version changed, and keeps the others', async () => {
    const { store } = await buildScenario()
    const checkpoints = recordingCheckpoints()
    expect(
      E.isRight(await createProjectionRunner({ store, checkpoints, projections }).catchUp()),
    ).toBe(true)
    const bumped: Projection<unknown> = { ...registerProjection, version: 2 }
    const runner = createProjectionRunner({
      store,
      checkpoints,
      projections: [bumped, dsrTrackerProjection] as const,
    })
    const result = await runner.catchUp()
    expect(result).toMatchObject({
      right: { rebuilt: ['register'], events: store.log.events.length },
    })
    const fresh = await replay(store, [registerProjection])
    if (E.isLeft(fresh)) throw new Error('replay failed')
    expect(runner.states()[0]).toEqual(fresh.right.states[0])
  })

  it('refuses a checkpoint it cannot read, and saves nothing over it', async () => {
    const { store } = await buildScenario()
    const checkpoints = createInMemoryProjectionStore(
      new Map([['register', { position: 3n, state: '{"not":"ours"}' }]]),
    )
    const result = await createProjectionRunner({ store, checkpoints, projections }).catchUp()
    expect(result).toEqual(
      E.left({
        _tag: 'CheckpointUnreadable',
        name: 'register',
        reason: 'the saved state is not a projection checkpoint',
      }),
    )
    expect(checkpoints.checkpoints.get('register')).toEqual({
      position: 3n,
      state: '{"not":"ours"}',
    })
    expect(checkpoints.checkpoints.has('dsr-tracker')).toBe(false)
  })

  it('saves along the way, so a crash mid-catch-up resumes from the last save', async () => {
    const { store } = await buildScenario()
    const checkpoints = recordingCheckpoints()
    let failAfter: number | undefined = 3
    const flaky = viewOf(store, { failAfter: () => failAfter })
    const crashed = await createProjectionRunner({
      store: flaky,
      checkpoints,
      projections,
      pageSize: 10,
      checkpointEvery: 10,
    }).catchUp()
    expect(crashed).toMatchObject({ _tag: 'Left', left: { _tag: 'StoreUnavailable' } })
    expect(checkpoints.checkpoints.get('register')?.position).toBe(30n)

    failAfter = undefined
    const resumed = await createProjectionRunner({ store, checkpoints, projections }).catchUp()
    expect(resumed).toMatchObject({ right: { events: store.log.events.length - 30 } })
    const fresh = await replay(store, projections)
    if (E.isLeft(fresh)) throw new Error('replay failed')
    const again = createProjectionRunner({ store, checkpoints, projections })
    expect(E.isRight(await again.catchUp())).toBe(true)
    expect(again.states()).toEqual(fresh.right.states)
  })

  it('reports a failed save as the error it is', async () => {
    const { store } = await buildScenario()
    const checkpoints = recordingCheckpoints()
    checkpoints.failing = true
    const result = await createProjectionRunner({ store, checkpoints, projections }).catchUp()
    expect(result).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'StoreUnavailable', reason: 'checkpoint table unavailable' },
    })
  })

  it('stops at an unreadable event of a type it folds', async () => {
    const { store } = await buildScenario()
    const victim = store.log.events.find((e) => e.type === 'RequestReceived')
    if (victim === undefined) throw new Error('no request in the scenario')
    store.log.events[store.log.events.indexOf(victim)] = { ...victim, data: '{not json' }
    store.log.reindex()
    const result = await createProjectionRunner({
      store,
      checkpoints: createInMemoryProjectionStore(),
      projections: [dsrTrackerProjection],
    }).catchUp()
    expect(result).toMatchObject({
      _tag: 'Left',
      left: {
        _tag: 'UnreadableEvent',
        streamId: victim.streamId,
        streamVersion: victim.streamVersion,
      },
    })
    // A projection that does not read the type never decodes it.
    const register = await createProjectionRunner({
      store,
      checkpoints: createInMemoryProjectionStore(),
      projections: [registerProjection],
    }).catchUp()
    expect(E.isRight(register)).toBe(true)
  })

  it('follows new events live, and saves when stopped', async () => {
    const { store, ledger, setClock } = await buildScenario()
    const checkpoints = recordingCheckpoints()
    const runner = createProjectionRunner({ store, checkpoints, projections })
    const live = runner.start()
    await live.reached(BigInt(store.log.events.length))
    setClock('2026-11-23T12:10:00.000Z')
    const received = await ledger.receiveRequest({
      controllerId: CONTROLLER,
      actor: 'privacy-desk',
      requestId: 'dsr-anna-access',
      subjectId: ANNA,
      kind: 'access',
      channel: 'web',
    })
    if (E.isLeft(received)) throw new Error('refused')
    const position = received.right.events[0]?.position ?? 0n
    await live.reached(position)
    expect(runner.state(dsrTrackerProjection).requests['dsr-anna-access']?.status).toBe('open')
    expect(await live.stop()).toEqual(E.right(undefined))
    expect(checkpoints.checkpoints.get('dsr-tracker')?.position).toBe(position)
  })

  it('ends a live run with the typed error of an unreadable event', async () => {
    const { store } = await buildScenario()
    const victim = store.log.events.find((e) => e.type === 'RequestReceived')
    if (victim === undefined) throw new Error('no request in the scenario')
    store.log.events[store.log.events.indexOf(victim)] = { ...victim, data: '[' }
    store.log.reindex()
    const live = createProjectionRunner({
      store,
      checkpoints: createInMemoryProjectionStore(),
      projections: [dsrTrackerProjection],
    }).start()
    expect(await live.done).toMatchObject({ _tag: 'Left', left: { _tag: 'UnreadableEvent' } })
  })

  it('waits out an outage of the store while live, by default, telling onRetry, and misses nothing', async () => {
    const { store, ledger, setClock } = await buildScenario()
    const retries: number[] = []
    const runner = createProjectionRunner({
      store,
      checkpoints: recordingCheckpoints(),
      projections,
      onRetry: (_error, attempt) => void retries.push(attempt),
    })
    const live = runner.start()
    await live.reached(BigInt(store.log.events.length))
    store.log.unavailable = true
    store.log.signal.notify() // the subscription reads now, not at its next poll
    await expect.poll(() => retries.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2)
    store.log.unavailable = false
    setClock('2026-11-23T12:10:00.000Z')
    const received = await ledger.receiveRequest({
      controllerId: CONTROLLER,
      actor: 'privacy-desk',
      requestId: 'dsr-anna-after-outage',
      subjectId: ANNA,
      kind: 'access',
      channel: 'web',
    })
    if (E.isLeft(received)) throw new Error('refused')
    await live.reached(received.right.events[0]?.position ?? 0n)
    expect(retries.slice(0, 2)).toEqual([1, 2])
    expect(await live.stop()).toEqual(E.right(undefined))
    const fresh = await replay(store, projections)
    if (E.isLeft(fresh)) throw new Error('replay failed')
    expect(runner.states()).toEqual(fresh.right.states)
  })

  it("gives the store's subscription its retry policy, and ends when the policy gives up", async () => {
    const { store } = await buildScenario()
    const retries: number[] = []
    const live = createProjectionRunner({
      store,
      checkpoints: recordingCheckpoints(),
      projections,
      retry: { maxRetries: 2, initialDelayMs: 0, maxDelayMs: 0 },
      onRetry: (_error, attempt) => void retries.push(attempt),
    }).start()
    await live.reached(BigInt(store.log.events.length))
    store.log.unavailable = true
    store.log.signal.notify()
    expect(await live.done).toEqual(E.left(storeUnavailable('in-memory store outage')))
    expect(retries).toEqual([1, 2])
  })

  it('ends a live run at once when a save fails, with the save’s error', async () => {
    const { store, ledger, setClock } = await buildScenario()
    const checkpoints = recordingCheckpoints()
    const runner = createProjectionRunner({ store, checkpoints, projections })
    const live = runner.start()
    await live.reached(BigInt(store.log.events.length))
    checkpoints.failing = true
    setClock('2026-11-23T12:10:00.000Z')
    const received = await ledger.receiveRequest({
      controllerId: CONTROLLER,
      actor: 'privacy-desk',
      requestId: 'dsr-anna-unsaved',
      subjectId: ANNA,
      kind: 'access',
      channel: 'web',
    })
    if (E.isLeft(received)) throw new Error('refused')
    // Caught up again, the run saves; the save fails, and the run ends with it.
    expect(await live.done).toEqual(E.left(storeUnavailable('checkpoint table unavailable')))
    // Once the checkpoints are back, the same runner starts again and saves what it holds.
    checkpoints.failing = false
    const again = runner.start()
    await again.reached(received.right.events[0]?.position ?? 0n)
    expect(await again.stop()).toEqual(E.right(undefined))
    expect(checkpoints.checkpoints.get('dsr-tracker')?.position).toBe(
      received.right.events[0]?.position,
    )
  })

  it('tries the checkpoints again after a load that failed', async () => {
    const { store } = await buildScenario()
    const saved = recordingCheckpoints()
    let down = true
    const checkpoints: ProjectionStore = {
      load: async (name) =>
        down ? E.left(storeUnavailable('checkpoints down')) : saved.load(name),
      save: (name, checkpoint) => saved.save(name, checkpoint),
    }
    const runner = createProjectionRunner({ store, checkpoints, projections })
    expect(await runner.catchUp()).toEqual(E.left(storeUnavailable('checkpoints down')))
    down = false
    expect(await runner.catchUp()).toMatchObject({ right: { events: store.log.events.length } })
  })

  it('refuses a bad configuration by throwing (a programmer error)', async () => {
    const { store } = await buildScenario()
    const checkpoints = createInMemoryProjectionStore()
    expect(() =>
      createProjectionRunner({
        store,
        checkpoints,
        projections: [registerProjection, registerProjection],
      }),
    ).toThrow(TypeError)
    expect(() =>
      createProjectionRunner({ store, checkpoints, projections, checkpointEvery: 0 }),
    ).toThrow(TypeError)
    const runner = createProjectionRunner({ store, checkpoints, projections: [registerProjection] })
    expect(() => runner.state(dsrTrackerProjection)).toThrow(TypeError)
  })
})

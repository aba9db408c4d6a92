import {
  DeadlineExceededError,
  EventStoreDBClient,
  UnavailableError,
  jsonEvent,
  type ResolvedEvent,
} from '@eventstore/db-client'
import { GENESIS_HASH, chainEvents, verify, type StoredEvent } from '@gdpr-ledger/core'
import { readEverything, sampleEvent, sampleEvents } from '@gdpr-ledger/testing'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { storeErrorOf } from '../src/errors'
import { eventStoreDBStore } from '../src/event-store'
import { closeHarness, createHarness, onDouble, tamperDouble, type Harness } from './harness'

const right = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(`expected Right, got ${JSON.stringify(either.left)}`)
  return either.right
}
const left = <L>(either: E.Either<L, unknown>): L => {
  if (E.isRight(either)) throw new Error('expected Left')
  return either.left
}

/** A property of the client, methods bound to it (its private fields need the real `this`). */
const bound = (target: EventStoreDBClient, key: string | symbol): unknown => {
  const value = Reflect.get(target, key, target) as unknown
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
}
const decoder = new TextDecoder()

let h: Harness
beforeEach(async () => {
  h = await createHarness()
})
afterEach(async () => {
  await closeHarness(h)
})

const rawEvents = async (streamName: string): Promise<ResolvedEvent[]> => {
  const out: ResolvedEvent[] = []
  for await (const e of h.store.client.readStream(streamName) as AsyncIterable<ResolvedEvent>)
    out.push(e)
  return out
}

describe('what EventStoreDB holds', () => {
  it('a binary event with our id, type and exact data bytes; the chain link beside the hashed metadata', async () => {
    const event = sampleEvent()
    const [stored] = right(
      await h.store.append('processing-telco_se-sub-8f3a', [event], {
        expectedVersion: 'no_stream',
      }),
    ).events
    const [raw] = await rawEvents(h.namespace.streamName('processing-telco_se-sub-8f3a'))
    expect(raw?.event).toMatchObject({
      id: event.id,
      type: 'DataProcessed',
      revision: 0n,
      isJson: false,
    })
    expect(decoder.decode(raw?.event?.data as Uint8Array)).toBe(event.data)
    expect(raw?.event?.metadata).toMatchObject({
      controllerId: 'telco_se',
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
      metadata: event.metadata,
      prevHash: GENESIS_HASH,
      hash: stored?.hash,
    })
  })
})

describe('a shared EventStoreDB', () => {
  it("keeps the operator's own streams, system events and snapshots out of reads, subscriptions and verify", async () => {
    const raw = h.store.client
    await raw.appendToStream('orders-1', jsonEvent({ type: 'OrderPlaced', data: { n: 1 } }))
    await raw.appendToStream(
      `${h.namespace.name}_archive-breach-b1`,
      jsonEvent({ type: 'BreachDetected', data: {} }),
    )
    right(await h.store.append('breach-b1', sampleEvents(2), { expectedVersion: 'no_stream' }))
    await raw.setStreamMetadata(h.namespace.streamName('breach-b1'), { maxAge: 999_999 })
    right(await h.store.projections.save('breach-clocks', { position: 2n, state: '{}' }))
    await raw.appendToStream('orders-2', jsonEvent({ type: 'OrderPlaced', data: { n: 2 } }))
    right(await h.store.append('breach-b2', sampleEvents(1), { expectedVersion: 'no_stream' }))

    const all = await readEverything(h.store, 1)
    expect(all.map((e) => e.streamId)).toEqual(['breach-b1', 'breach-b1', 'breach-b2'])
    const delivered: StoredEvent[] = []
    const subscription = h.store.subscribe({
      after: 0n,
      onEvent: (e) => void delivered.push(e),
    })
    await expect.poll(() => delivered.length).toBe(3)
    await subscription.stop()
    expect(delivered.map((e) => e.id)).toEqual(all.map((e) => e.id))
    expect(right(await verify(h.store))).toMatchObject({ ok: true, eventsChecked: 3 })
  })

  it('chains appends under any from two processes writing one stream', async () => {
    const other = h.open()
    const streamId = 'processing-telco_se-sub-busy'
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 === 0 ? h.store : other).append(streamId, sampleEvents(2), {
          expectedVersion: 'any',
        }),
      ),
    )
    const read = right(await other.readStream(streamId))
    expect(read.events.map((e) => e.streamVersion)).toEqual(
      Array.from({ length: 24 }, (_, i) => i + 1),
    )
    expect(right(await verify(h.store)).ok).toBe(true)
  })
})

describe('idempotent retries', () => {
  it('recognises a retry within the id window and, as documented, not beyond it', async () => {
    const store = h.open({ idWindow: 5 })
    const streamId = 'processing-telco_se-sub-1'
    const batch = sampleEvents(2)
    right(await store.append(streamId, batch, { expectedVersion: 'any' }))
    right(await store.append(streamId, sampleEvents(3), { expectedVersion: 'any' }))
    expect(right(await store.append(streamId, batch, { expectedVersion: 'any' })).duplicate).toBe(
      true,
    )
    // The window's edge cuts the batch: refused rather than half recognised.
    right(await store.append(streamId, sampleEvents(1), { expectedVersion: 'any' }))
    expect(left(await store.append(streamId, batch, { expectedVersion: 'any' }))._tag).toBe(
      'IdempotencyConflict',
    )
    // Wholly beyond the window: written again.
    right(await store.append(streamId, sampleEvents(1), { expectedVersion: 'any' }))
    const late = right(await store.append(streamId, batch, { expectedVersion: 'any' }))
    expect(late.duplicate).toBe(false)
    expect(late.streamVersion).toBe(9)
    expect(right(await store.findEvent(streamId, batch[0]!.id))?.streamVersion).toBe(8)
  })

  it('tells its own write from an identical racing one that EventStoreDB acknowledged as a repeat', async () => {
    const other = h.open()
    const batch = sampleEvents(3)
    const results = await Promise.all([
      h.store.append('breach-b1', batch, { expectedVersion: 'no_stream' }),
      other.append('breach-b1', batch, { expectedVersion: 'no_stream' }),
    ])
    expect(results.map((r) => right(r).duplicate).sort()).toEqual([false, true])
    expect(right(results[0]).events).toEqual(right(results[1]).events)
    expect(await readEverything(h.store)).toHaveLength(3)
  })
})

describe('the remembered tail', () => {
  /** A client that records the `maxCount` of every stream read the store makes. */
  const countingReads = () => {
    const asked: number[] = []
    const client = new Proxy(h.store.client, {
      get: (target, key) =>
        key === 'readStream'
          ? (...args: Parameters<EventStoreDBClient['readStream']>) => {
              asked.push(Number(args[1]?.maxCount))
              return target.readStream(...args)
            }
          : bound(target, key),
    })
    const store = eventStoreDBStore({ client, namespace: h.namespace.name })
    return { store, asked }
  }

  it('reads the stream before an append only for the first append to it', async () => {
    const { store, asked } = countingReads()
    const streamId = 'processing-telco_se-sub-1'
    for (let i = 0; i < 5; i++)
      right(await store.append(streamId, [sampleEvent()], { expectedVersion: 'any' }))
    // First: the window (100), the read-back (1). Then only the read-back, from the head the
    // event was chained onto: that head and the event (2).
    expect(asked).toEqual([100, 1, 2, 2, 2, 2])
    await store.close()
  })

  /**
   * A counted store that remembers a stream of 2 events, to which another process then
   * appended `batch` (3 events); the reads the store made so far are forgotten.
   */
  const anotherProcessWroteSince = async () => {
    const { store, asked } = countingReads()
    const streamId = 'processing-telco_se-sub-1'
    right(await store.append(streamId, sampleEvents(2), { expectedVersion: 'any' }))
    const batch = sampleEvents(3)
    const first = right(await h.open().append(streamId, batch, { expectedVersion: 'any' }))
    asked.length = 0
    return { store, asked, streamId, batch, first }
  }

  it('reads what another process wrote since, and recognises a retry of it', async () => {
    const { store, asked, streamId, batch, first } = await anotherProcessWroteSince()
    const next = right(await store.append(streamId, [sampleEvent()], { expectedVersion: 'any' }))
    expect(next).toMatchObject({ duplicate: false, streamVersion: 6 })
    expect(next.events[0]?.prevHash).toBe(first.events[2]?.hash)
    // Sent on the remembered head, refused: the head (1), the 3 events since the remembered
    // head (and it), then the read-back (2). The window's ids were not read again.
    expect(asked).toEqual([1, 4, 2])
    asked.length = 0
    const retry = right(await store.append(streamId, batch, { expectedVersion: 'any' }))
    expect(retry).toMatchObject({ duplicate: true, streamVersion: 6, events: first.events })
    // The batch's ids are among the remembered ones: the window is read for their events.
    expect(asked).toEqual([100])
    right(await store.append(streamId, [sampleEvent()], { expectedVersion: 6 }))
    expect(right(await store.readStream(streamId)).streamVersion).toBe(7)
    expect(right(await verify(store)).ok).toBe(true)
    await store.close()
  })

  it('recognises a retry of a batch another process wrote since, from the server acknowledging it as a repeat', async () => {
    const { store, asked, streamId, batch, first } = await anotherProcessWroteSince()
    // Sent on the remembered head with the same ids that follow it: EventStoreDB acknowledges
    // it without writing, and the read-back (the head and 3) shows whose write it was.
    const retry = right(await store.append(streamId, batch, { expectedVersion: 'any' }))
    expect(retry).toMatchObject({ duplicate: true, streamVersion: 5, events: first.events })
    expect(asked).toEqual([4])
    expect(await readEverything(store)).toHaveLength(5)
    await store.close()
  })

  it('reads the stream when the remembered head cannot answer the expected version', async () => {
    const streamId = 'processing-telco_se-sub-1'
    const other = h.open()
    right(await h.store.append(streamId, sampleEvents(2), { expectedVersion: 'any' }))
    right(await other.append(streamId, sampleEvents(1), { expectedVersion: 2 }))
    // Remembered: version 2. The stream is at 3, as the caller knows: written, not refused.
    const next = right(await h.store.append(streamId, [sampleEvent()], { expectedVersion: 3 }))
    expect(next.streamVersion).toBe(4)
    expect(
      left(await h.store.append(streamId, [sampleEvent()], { expectedVersion: 3 })),
    ).toMatchObject({ _tag: 'WrongExpectedVersion', actual: 4 })
    expect(right(await verify(h.store)).ok).toBe(true)
  })

  it('answers as a store that remembers nothing, and refuses a bad size', async () => {
    const forgetful = h.open({ tailCache: 0 })
    const streamId = 'processing-telco_se-sub-1'
    const batch = sampleEvents(2)
    right(await forgetful.append(streamId, batch, { expectedVersion: 'any' }))
    right(await h.store.append(streamId, sampleEvents(2), { expectedVersion: 'any' }))
    expect(
      right(await forgetful.append(streamId, batch, { expectedVersion: 'any' })).duplicate,
    ).toBe(true)
    expect(
      right(await forgetful.append(streamId, [sampleEvent()], { expectedVersion: 'any' }))
        .streamVersion,
    ).toBe(5)
    expect(() => eventStoreDBStore({ client: h.store.client, tailCache: -1 })).toThrow(TypeError)
    expect(() => eventStoreDBStore({ client: h.store.client, tailCache: 1.5 })).toThrow(TypeError)
  })

  onDouble(
    'reads the whole window again when the stored tail no longer continues the remembered one',
    async () => {
      const streamId = 'breach-b1'
      const stored = right(
        await h.store.append(streamId, sampleEvents(3), { expectedVersion: 'no_stream' }),
      ).events
      // An event slipped in below the remembered head: the head moved one revision, but the
      // events since the remembered head are not the remembered head followed by new ones.
      const [forged] = chainEvents(streamId, { version: 1, hash: stored[0]!.hash }, [sampleEvent()])
      tamperDouble(h.double!, h.namespace, {
        kind: 'insert',
        streamId,
        version: 2,
        forged: { ...forged!, position: 0n },
      })
      expect(right(await h.store.findEvent(streamId, forged!.id))?.streamVersion).toBe(2)
      const next = right(await h.store.append(streamId, [sampleEvent()], { expectedVersion: 4 }))
      expect(next.events[0]?.prevHash).toBe(stored[2]?.hash)
    },
  )
})

describe('errors', () => {
  onDouble(
    'answers WrongExpectedVersion with actual 0 when the server reports the stream as no_stream',
    async () => {
      const streamId = 'subject-telco_se-sub-race'
      right(await h.store.append(streamId, sampleEvents(2), { expectedVersion: 'no_stream' }))
      // The stream disappears between the adapter's read of the head and its append.
      const client = h.store.client
      const racing = new Proxy(client, {
        get: (target, key, receiver) =>
          key === 'appendToStream'
            ? (...args: Parameters<EventStoreDBClient['appendToStream']>) => {
                const name = h.namespace.streamName(streamId)
                h.double!.log.records = h.double!.log.records.filter((r) => r.streamName !== name)
                h.double!.log.reindex()
                return target.appendToStream(...args)
              }
            : (Reflect.get(target, key, receiver) as unknown),
      })
      const store = eventStoreDBStore({ client: racing, namespace: h.namespace.name })
      expect(left(await store.append(streamId, [sampleEvent()], { expectedVersion: 2 }))).toEqual({
        _tag: 'WrongExpectedVersion',
        streamId,
        expected: 2,
        actual: 0,
      })
      await store.close()
    },
  )

  it('refuses a batch over the append size limit with InvalidInput and writes nothing', async () => {
    const small = h.open({ maxAppendSize: 4_000 })
    expect(
      left(await small.append('breach-b1', sampleEvents(10), { expectedVersion: 'any' })),
    ).toMatchObject({ _tag: 'InvalidInput', issues: [{ path: 'events' }] })
    expect(await readEverything(h.store)).toHaveLength(0)
  })

  onDouble('maps the server refusing an oversized append to the same InvalidInput', async () => {
    h.double!.log.maxAppendSize = 4_000
    expect(
      left(await h.store.append('breach-b1', sampleEvents(10), { expectedVersion: 'any' })),
    ).toMatchObject({ _tag: 'InvalidInput', issues: [{ path: 'events' }] })
    expect(await readEverything(h.store)).toHaveLength(0)
  })

  it('answers StoreUnavailable for a ledger stream tombstoned in EventStoreDB, and writes nothing', async () => {
    right(await h.store.append('breach-b1', sampleEvents(1), { expectedVersion: 'any' }))
    await h.store.client.tombstoneStream(h.namespace.streamName('breach-b1'))
    expect(left(await h.store.readStream('breach-b1'))).toMatchObject({
      _tag: 'StoreUnavailable',
      reason: 'the stream was deleted in EventStoreDB',
    })
    expect(
      left(await h.store.append('breach-b1', sampleEvents(1), { expectedVersion: 'any' }))._tag,
    ).toBe('StoreUnavailable')
    expect(await readEverything(h.store)).toHaveLength(1)
  })

  it('reports a ledger stream soft-deleted in EventStoreDB and written again', async () => {
    const remembering = h.store
    const forgetful = h.open({ tailCache: 0 })
    right(await remembering.append('breach-b1', sampleEvents(2), { expectedVersion: 'any' }))
    right(await remembering.append('breach-b2', sampleEvents(2), { expectedVersion: 'any' }))
    await h.store.client.deleteStream(h.namespace.streamName('breach-b1'))
    await h.store.client.deleteStream(h.namespace.streamName('breach-b2'))
    expect(right(await h.store.readStream('breach-b1'))).toEqual({ events: [], streamVersion: 0 })
    const deleted = {
      _tag: 'StoreUnavailable',
      reason: 'the stream was deleted in EventStoreDB and written again',
    }
    // Chained onto the remembered head, which the delete hid: the event continues the chain
    // that $all still holds (until a scavenge drops the hidden events).
    expect(
      left(await remembering.append('breach-b1', sampleEvents(1), { expectedVersion: 'any' })),
    ).toMatchObject(deleted)
    expect(right(await verify(h.store)).ok).toBe(true)
    // Read as a new stream: a second first event, which verify flags.
    expect(
      left(await forgetful.append('breach-b2', sampleEvents(1), { expectedVersion: 'any' })),
    ).toMatchObject(deleted)
    expect(right(await verify(h.store)).breaks).toMatchObject([{ streamId: 'breach-b2' }])
  })

  it('maps client errors to StoreUnavailable with a fixed reason and the error as cause', () => {
    const unavailable = new UnavailableError()
    expect(storeErrorOf(unavailable)).toEqual({
      _tag: 'StoreUnavailable',
      reason: 'EventStoreDB is unavailable',
      cause: unavailable,
    })
    expect(storeErrorOf(new DeadlineExceededError()).reason).toBe(
      'EventStoreDB did not answer before the deadline',
    )
    expect(storeErrorOf(new Error('boom')).reason).toBe(
      'unexpected error from the EventStoreDB client',
    )
  })
})

describe('configuration and lifecycle', () => {
  it('throws on a bad configuration', () => {
    expect(() => eventStoreDBStore({})).toThrow(TypeError)
    expect(() =>
      eventStoreDBStore({ client: h.store.client, connectionString: h.connectionString }),
    ).toThrow(TypeError)
    expect(() => eventStoreDBStore({ client: h.store.client, namespace: 'a-b' })).toThrow(TypeError)
    expect(() => eventStoreDBStore({ client: h.store.client, idWindow: 0 })).toThrow(TypeError)
  })

  it('leaves a client it was given open on close', async () => {
    const client = EventStoreDBClient.connectionString(h.connectionString)
    const store = eventStoreDBStore({ client, namespace: h.namespace.name })
    right(await store.append('breach-b1', sampleEvents(1), { expectedVersion: 'any' }))
    await store.close()
    expect(left(await store.readAll())._tag).toBe('StoreUnavailable')
    await client.appendToStream('orders-1', jsonEvent({ type: 'OrderPlaced', data: {} }))
    await client.dispose()
  })
})

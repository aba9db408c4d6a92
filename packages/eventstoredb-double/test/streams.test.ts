import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  eventTypeFilter,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type ResolvedEvent,
} from '@eventstore/db-client'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DoubleLog, startEventStoreDBDouble, type EventStoreDBDouble } from '../src'

/**
 * The double's semantics, each after the EventStoreDB documentation, through the real client:
 * a test here failing means the double no longer behaves as the server the adapter targets.
 */

let double: EventStoreDBDouble
let client: EventStoreDBClient

beforeEach(async () => {
  double = await startEventStoreDBDouble()
  client = EventStoreDBClient.connectionString(double.connectionString)
})
afterEach(async () => {
  await client.dispose()
  await double.close()
})

const event = (type = 'Tested', id?: string) =>
  jsonEvent({ type, data: { at: type }, ...(id === undefined ? {} : { id }) })

const readAllOf = async (
  options: Parameters<EventStoreDBClient['readAll']>[0] = {},
): Promise<AllStreamResolvedEvent[]> => {
  const out: AllStreamResolvedEvent[] = []
  for await (const e of client.readAll(options) as AsyncIterable<AllStreamResolvedEvent>)
    out.push(e)
  return out
}

const readStreamOf = async (
  stream: string,
  options: Parameters<EventStoreDBClient['readStream']>[1] = {},
): Promise<ResolvedEvent[]> => {
  const out: ResolvedEvent[] = []
  for await (const e of client.readStream(stream, options) as AsyncIterable<ResolvedEvent>)
    out.push(e)
  return out
}

const rejection = async (promise: Promise<unknown>): Promise<{ type?: unknown }> => {
  try {
    await promise
  } catch (error) {
    return error as { type?: unknown }
  }
  throw new Error('expected a rejection')
}

describe('expected revisions', () => {
  it('applies no_stream, stream_exists, an exact revision and any', async () => {
    expect(
      await rejection(client.appendToStream('s', event(), { expectedRevision: 'stream_exists' })),
    ).toMatchObject({ type: 'wrong-expected-version', actualVersion: 'no_stream' })
    expect(
      (await client.appendToStream('s', [event(), event()], { expectedRevision: 'no_stream' }))
        .nextExpectedRevision,
    ).toBe(1n)
    expect(
      await rejection(client.appendToStream('s', event(), { expectedRevision: 'no_stream' })),
    ).toMatchObject({
      type: 'wrong-expected-version',
      actualVersion: 1n,
      expectedVersion: 'no_stream',
    })
    expect(
      await rejection(client.appendToStream('s', event(), { expectedRevision: 0n })),
    ).toMatchObject({ actualVersion: 1n, expectedVersion: 0n })
    expect(
      (await client.appendToStream('s', event(), { expectedRevision: 1n })).nextExpectedRevision,
    ).toBe(2n)
    expect(
      (await client.appendToStream('s', event(), { expectedRevision: 'stream_exists' }))
        .nextExpectedRevision,
    ).toBe(3n)
    expect((await client.appendToStream('s', event())).nextExpectedRevision).toBe(4n)
  })

  it('agrees with the rule for every expected revision and stream length (property)', async () => {
    let n = 0
    await fc.assert(
      fc.asyncProperty(
        fc.nat(4),
        fc.oneof(
          fc.constantFrom<AppendExpectedRevision>('any', 'no_stream', 'stream_exists'),
          fc.nat(5).map((r) => BigInt(r)),
        ),
        async (length, expected) => {
          const stream = `p-${n++}`
          if (length > 0)
            await client.appendToStream(
              stream,
              Array.from({ length }, () => event()),
            )
          const ok =
            expected === 'any' ||
            (expected === 'no_stream' && length === 0) ||
            (expected === 'stream_exists' && length > 0) ||
            expected === BigInt(length - 1)
          const outcome = await client
            .appendToStream(stream, event(), { expectedRevision: expected })
            .then(() => true)
            .catch(() => false)
          expect(outcome).toBe(ok)
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe('idempotent appends by event id', () => {
  it('acknowledges a repeat at the same expected revision without writing it again', async () => {
    const batch = [event('A'), event('B')]
    await client.appendToStream('s', batch, { expectedRevision: 'no_stream' })
    await client.appendToStream('s', event('C'))
    const repeat = await client.appendToStream('s', batch, { expectedRevision: 'no_stream' })
    expect(repeat.success).toBe(true)
    expect((await readStreamOf('s')).map((e) => e.event?.type)).toEqual(['A', 'B', 'C'])
  })

  it('acknowledges a repeat under any, and refuses a partial repeat', async () => {
    const batch = [event('A'), event('B')]
    await client.appendToStream('s', batch)
    await client.appendToStream('s', batch)
    expect(await readStreamOf('s')).toHaveLength(2)
    expect(await rejection(client.appendToStream('s', [batch[1]!, event('D')]))).toMatchObject({
      type: 'wrong-expected-version',
    })
    expect(await readStreamOf('s')).toHaveLength(2)
  })

  it('lets an event id be reused in another stream', async () => {
    const id = crypto.randomUUID()
    await client.appendToStream('a', event('A', id))
    await client.appendToStream('b', event('A', id))
    expect(await readStreamOf('b')).toHaveLength(1)
  })
})

describe('append size', () => {
  it('refuses an append over MaxAppendSize and writes none of it', async () => {
    await client.dispose()
    await double.close()
    double = await startEventStoreDBDouble({ log: new DoubleLog({ maxAppendSize: 1000 }) })
    client = EventStoreDBClient.connectionString(double.connectionString)
    const big = jsonEvent({ type: 'Big', data: { text: 'x'.repeat(600) } })
    expect(await rejection(client.appendToStream('s', [big, big]))).toMatchObject({
      type: 'maximum-append-size-exceeded',
      maxAppendSize: 1000,
    })
    expect(await readAllOf()).toHaveLength(0)
  })
})

describe('reading', () => {
  it('reads a stream forwards, backwards and from a revision; a missing one is not found', async () => {
    await client.appendToStream(
      's',
      ['A', 'B', 'C', 'D'].map((t) => event(t)),
    )
    const types = (events: ResolvedEvent[]) => events.map((e) => e.event?.type)
    expect(types(await readStreamOf('s', { fromRevision: 1n, maxCount: 2 }))).toEqual(['B', 'C'])
    expect(types(await readStreamOf('s', { direction: BACKWARDS, fromRevision: END }))).toEqual([
      'D',
      'C',
      'B',
      'A',
    ])
    // Backwards from beyond the end starts at the last event, as the server does.
    expect(
      types(await readStreamOf('s', { direction: BACKWARDS, fromRevision: 9n, maxCount: 2 })),
    ).toEqual(['D', 'C'])
    expect(await readStreamOf('s', { fromRevision: 9n })).toEqual([])
    expect(types(await readStreamOf('s', { fromRevision: 3n, maxCount: 10 }))).toEqual(['D'])
    expect(types(await readStreamOf('s', { direction: BACKWARDS, fromRevision: 1n }))).toEqual([
      'B',
      'A',
    ])
    expect(
      types(await readStreamOf('s', { direction: BACKWARDS, fromRevision: 2n, maxCount: 1 })),
    ).toEqual(['C'])
    expect(await rejection(readStreamOf('nothing'))).toMatchObject({ type: 'stream-not-found' })
  })

  it('orders $all by (commit, prepare) and reads forwards inclusive, backwards exclusive', async () => {
    await client.appendToStream('a', [event('A1'), event('A2')])
    await client.appendToStream('b', event('B1'))
    await client.appendToStream('a', event('A3'))
    const all = await readAllOf()
    expect(all.map((e) => e.event?.type)).toEqual(['A1', 'A2', 'B1', 'A3'])
    const positions = all.map((e) => e.event!.position)
    for (let i = 1; i < positions.length; i++) {
      const [p, q] = [positions[i - 1]!, positions[i]!]
      expect(q.commit > p.commit || (q.commit === p.commit && q.prepare > p.prepare)).toBe(true)
    }
    const second = positions[1]!
    expect((await readAllOf({ fromPosition: second })).map((e) => e.event?.type)).toEqual([
      'A2',
      'B1',
      'A3',
    ])
    expect(
      (await readAllOf({ fromPosition: second, direction: BACKWARDS })).map((e) => e.event?.type),
    ).toEqual(['A1'])
    // Stream reads carry the same positions as $all reads (22.6+).
    expect((await readStreamOf('a')).map((e) => e.event?.position)).toEqual([
      positions[0],
      positions[1],
      positions[3],
    ])
  })

  it('shares the commit position of one write in the shared-commit layout', async () => {
    await client.dispose()
    await double.close()
    double = await startEventStoreDBDouble({ log: new DoubleLog({ layout: 'shared-commit' }) })
    client = EventStoreDBClient.connectionString(double.connectionString)
    await client.appendToStream('a', [event('A1'), event('A2'), event('A3')])
    await client.appendToStream('b', event('B1'))
    const positions = (await readAllOf()).map((e) => e.event!.position)
    expect(new Set(positions.slice(0, 3).map((p) => p.commit)).size).toBe(1)
    expect(new Set(positions.slice(0, 3).map((p) => p.prepare)).size).toBe(3)
    expect(positions[3]!.commit > positions[0]!.commit).toBe(true)
    expect((await readAllOf({ fromPosition: positions[1]! })).map((e) => e.event?.type)).toEqual([
      'A2',
      'A3',
      'B1',
    ])
  })

  it('applies $maxCount from the stream metadata to stream reads, not to $all', async () => {
    await client.setStreamMetadata('capped', { maxCount: 1 })
    await client.appendToStream('capped', [event('A'), event('B')])
    expect((await readStreamOf('capped')).map((e) => e.event?.type)).toEqual(['B'])
    expect(
      (await readStreamOf('capped', { direction: BACKWARDS, fromRevision: END })).map(
        (e) => e.event?.type,
      ),
    ).toEqual(['B'])
    const all = await readAllOf()
    expect(all.map((e) => e.event?.type)).toEqual(['$metadata', 'A', 'B'])
  })
})

describe('catch-up subscriptions', () => {
  it('delivers history after the start point, reports caught up, then live events, filtered', async () => {
    await client.appendToStream('ledger-1', event('A'))
    await client.appendToStream('other-1', event('X'))
    const first = (await readAllOf())[0]!.event!.position
    await client.appendToStream('ledger-2', event('B'))
    const subscription = client.subscribeToAll({
      fromPosition: first,
      filter: streamNameFilter({ prefixes: ['ledger-'] }),
    })
    const seen: string[] = []
    let caughtUpAt = -1
    subscription.on('caughtUp', () => (caughtUpAt = seen.length))
    subscription.on('data', (e: AllStreamResolvedEvent) => seen.push(e.event?.type ?? '?'))
    await expect.poll(() => caughtUpAt).toBe(1)
    await client.appendToStream('other-2', event('Y'))
    await client.appendToStream('ledger-1', event('C'))
    await expect.poll(() => seen).toEqual(['B', 'C'])
    await subscription.unsubscribe()
  })

  it('sends checkpoints while it scans events the filter skips', async () => {
    await client.appendToStream(
      'noise',
      Array.from({ length: 70 }, () => event('Noise')),
    )
    const checkpoints: bigint[] = []
    const subscription = client.subscribeToAll({
      fromPosition: START,
      filter: eventTypeFilter({
        regex: '^Wanted',
        maxSearchWindow: 10,
        checkpointInterval: 2,
        checkpointReached: (_s, position) => {
          checkpoints.push(position.commit)
        },
      }),
    })
    subscription.on('data', () => undefined)
    await expect.poll(() => checkpoints.length).toBe(3)
    await subscription.unsubscribe()
  })

  it('subscribes to one stream from the end and sees only what comes after', async () => {
    await client.appendToStream('s', event('Old'))
    const subscription = client.subscribeToStream('s', { fromRevision: END })
    const seen: string[] = []
    subscription.on('data', (e: ResolvedEvent) => seen.push(e.event?.type ?? '?'))
    await new Promise((r) => setTimeout(r, 50))
    await client.appendToStream('s', event('New'))
    await expect.poll(() => seen).toEqual(['New'])
    await subscription.unsubscribe()
  })
})

describe('deleting streams', () => {
  it('soft-deletes: not found until written again, then revisions continue', async () => {
    await client.appendToStream('s', [event('A'), event('B')])
    await client.deleteStream('s')
    expect(await rejection(readStreamOf('s'))).toMatchObject({ type: 'stream-not-found' })
    // Writing to a soft-deleted stream with no_stream recreates it.
    const again = await client.appendToStream('s', event('C'), { expectedRevision: 'no_stream' })
    expect(again.nextExpectedRevision).toBe(2n)
    expect((await readStreamOf('s')).map((e) => [e.event?.type, e.event?.revision])).toEqual([
      ['C', 2n],
    ])
  })

  it('tombstones: reads and writes fail with stream-deleted, for good', async () => {
    await client.appendToStream('s', event('A'))
    await client.tombstoneStream('s')
    expect(await rejection(readStreamOf('s'))).toMatchObject({ type: 'stream-deleted' })
    expect(await rejection(client.appendToStream('s', event('B')))).toMatchObject({
      type: 'stream-deleted',
    })
    expect((await readAllOf()).map((e) => [e.event?.type, e.event?.revision]).slice(-1)).toEqual([
      ['$streamDeleted', 9223372036854775807n],
    ])
  })
})

describe('faults', () => {
  it('keeps the log across a restart, and answers UNAVAILABLE during an outage', async () => {
    await client.appendToStream('s', event('A'))
    await double.restart()
    // The client learns of the dropped connection from the first call after it, which fails.
    await readStreamOf('s').catch(() => undefined)
    expect(await readStreamOf('s')).toHaveLength(1)
    double.outage.begin()
    expect(await rejection(readStreamOf('s'))).toMatchObject({ type: 'unavailable' })
    double.outage.end()
    expect(await readStreamOf('s')).toHaveLength(1)
  })

  it('ends a subscription when its connection is killed', async () => {
    const subscription = client.subscribeToAll({ fromPosition: START })
    subscription.on('data', () => undefined)
    const ended = new Promise<void>((resolve) => {
      subscription.on('error', () => {
        resolve()
      })
      subscription.on('close', () => {
        resolve()
      })
    })
    await new Promise((r) => setTimeout(r, 50))
    double.killConnections()
    await ended
    // New calls reconnect.
    await client.appendToStream('s', event('A')).catch(() => undefined)
    expect((await readAllOf({ direction: FORWARDS })).length).toBeGreaterThan(0)
  })

  it('holds an append before it writes: killed meanwhile it writes nothing, let go it writes', async () => {
    await client.appendToStream('s', event('A'))
    const killed = double.holdNextAppend()
    const lost = rejection(client.appendToStream('s', [event('B'), event('C')]))
    await killed.arrived
    double.killConnections()
    await killed.cancelled
    killed.release()
    await lost
    // The client learns of the dropped connection from the first call after it, which fails.
    await readStreamOf('s').catch(() => undefined)
    expect((await readStreamOf('s')).map((e) => e.event?.type)).toEqual(['A'])

    const held = double.holdNextAppend()
    const appended = client.appendToStream('s', event('D'))
    await held.arrived
    expect(await readStreamOf('s')).toHaveLength(1)
    held.release()
    await appended
    expect((await readStreamOf('s')).map((e) => e.event?.type)).toEqual(['A', 'D'])
  })
})

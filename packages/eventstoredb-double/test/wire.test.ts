import { randomUUID } from 'node:crypto'
import { EventStoreDBClient, jsonEvent, type ResolvedEvent } from '@eventstore/db-client'
import type {
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb'
import type { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEventStoreDBDouble, type EventStoreDBDouble } from '../src'
import { emptyPb, grpc, sharedPb, streamsGrpc, streamsPb } from '../src/proto'

/**
 * Semantics the double models that the 6.x client's public API cannot reach on its own: a
 * BatchAppend whose final chunk never comes, and filters on `$all` reads (the 6.x `readAll`
 * sends `no_filter`; the KurrentDB client, the adapter's successor, sends filters). These go
 * through `@eventstore/db-client`'s own generated gRPC client and messages, as the client
 * itself builds them.
 */

let double: EventStoreDBDouble
let client: EventStoreDBClient
let raw: StreamsClient

beforeEach(async () => {
  double = await startEventStoreDBDouble()
  client = EventStoreDBClient.connectionString(double.connectionString)
  raw = new streamsGrpc.StreamsClient(`127.0.0.1:${double.port}`, grpc.credentials.createInsecure())
})
afterEach(async () => {
  raw.close()
  await client.dispose()
  await double.close()
})

const utf8 = new TextEncoder()
const decoder = new TextDecoder()

const uuid = (id: string) => new sharedPb.UUID().setString(id)
const streamIdentifier = (name: string) =>
  new sharedPb.StreamIdentifier().setStreamName(utf8.encode(name))

const typesOf = async (stream: string): Promise<string[] | 'not-found'> => {
  const out: string[] = []
  try {
    for await (const e of client.readStream(stream) as AsyncIterable<ResolvedEvent>)
      out.push(e.event?.type ?? '?')
  } catch (error) {
    if ((error as { type?: unknown }).type === 'stream-not-found') return 'not-found'
    throw error
  }
  return out
}

describe('BatchAppend', () => {
  /** One chunk of a batch, as the client's `eventBatcher` builds it. */
  const chunk = (
    correlationId: string,
    types: readonly string[],
    last: { streamName: string } | 'more' | 'final',
  ): BatchAppendReq => {
    const request = new streamsPb.BatchAppendReq()
    request.setCorrelationId(uuid(correlationId))
    if (typeof last === 'object') {
      const options = new streamsPb.BatchAppendReq.Options()
      options.setStreamIdentifier(streamIdentifier(last.streamName))
      options.setAny(new emptyPb.Empty())
      request.setOptions(options)
    }
    for (const type of types) {
      const message = new streamsPb.BatchAppendReq.ProposedMessage()
      message.setId(uuid(randomUUID()))
      message.getMetadataMap().set('type', type)
      message.getMetadataMap().set('content-type', 'application/json')
      message.setData(utf8.encode('{}'))
      request.addProposedMessages(message)
    }
    request.setIsFinal(last === 'final')
    return request
  }

  /** A BatchAppend call, and the correlation ids of the answers it got. */
  const open = () => {
    const call = raw.batchAppend()
    const answered: { id: string; ok: boolean }[] = []
    call.on('data', (resp: BatchAppendResp) => {
      answered.push({ id: resp.getCorrelationId()?.getString() ?? '', ok: resp.hasSuccess() })
    })
    const ended = new Promise<void>((resolve) => {
      call.on('status', () => {
        resolve()
      })
      call.on('error', () => undefined)
    })
    return { call, answered, ended }
  }

  it('joins the chunks of one correlation id, interleaved with another batch, into one write', async () => {
    const { call, answered, ended } = open()
    const a = randomUUID()
    const b = randomUUID()
    call.write(chunk(a, ['A1', 'A2'], { streamName: 'batch-a' }))
    call.write(chunk(b, ['B1'], { streamName: 'batch-b' }))
    call.write(chunk(b, [], 'final'))
    call.write(chunk(a, ['A3', 'A4'], 'more'))
    call.write(chunk(a, ['A5'], 'final'))
    await expect.poll(() => answered.map((r) => r.id)).toEqual([b, a])
    call.end()
    await ended
    expect(answered.every((r) => r.ok)).toBe(true)
    expect(await typesOf('batch-a')).toEqual(['A1', 'A2', 'A3', 'A4', 'A5'])
    const written = double.log.records.filter((r) => r.streamName === 'batch-a')
    expect(new Set(written.map((r) => r.transaction)).size).toBe(1)
  })

  it('writes nothing of a batch whose final chunk never comes, when the call ends', async () => {
    const { call, answered, ended } = open()
    const unfinished = randomUUID()
    const finished = randomUUID()
    call.write(chunk(unfinished, ['U1', 'U2'], { streamName: 'unfinished' }))
    call.write(chunk(unfinished, ['U3'], 'more'))
    // A batch after it on the same call is answered: the server has read the chunks before.
    call.write(chunk(finished, ['F1'], { streamName: 'finished' }))
    call.write(chunk(finished, [], 'final'))
    await expect.poll(() => answered.map((r) => r.id)).toEqual([finished])
    call.end()
    await ended
    expect(answered.map((r) => r.id)).toEqual([finished])
    expect(await typesOf('unfinished')).toBe('not-found')
    expect(await typesOf('finished')).toEqual(['F1'])
    expect(double.log.records.map((r) => r.type)).toEqual(['F1'])
  })

  it('writes nothing of an unfinished batch when the connection drops', async () => {
    const { call, answered, ended } = open()
    const unfinished = randomUUID()
    const probe = randomUUID()
    call.write(chunk(unfinished, ['U1'], { streamName: 'unfinished' }))
    call.write(chunk(probe, ['P1'], { streamName: 'probe' }))
    call.write(chunk(probe, [], 'final'))
    await expect.poll(() => answered.length).toBe(1)
    double.killConnections()
    await ended
    expect(await typesOf('unfinished')).toBe('not-found')
    expect(double.log.records.map((r) => r.type)).toEqual(['P1'])
  })

  it('is what the client sends for an append, chunked by batchAppendSize, one write', async () => {
    // A size of 1 byte puts each event in a chunk of its own (the first chunk holds the options).
    const events = ['C1', 'C2', 'C3', 'C4'].map((type) => jsonEvent({ type, data: { type } }))
    const result = await client.appendToStream('chunked', events, { batchAppendSize: 1 })
    expect(result.nextExpectedRevision).toBe(3n)
    expect(await typesOf('chunked')).toEqual(['C1', 'C2', 'C3', 'C4'])
    expect(new Set(double.log.records.map((r) => r.transaction)).size).toBe(1)
  })
})

describe('filtered $all reads', () => {
  beforeEach(async () => {
    await client.appendToStream('ledger-1', [
      jsonEvent({ type: 'Opened', data: {} }),
      jsonEvent({ type: 'Noted', data: {} }),
    ])
    await client.appendToStream('other-1', jsonEvent({ type: 'OrderPlaced', data: {} }))
    await client.appendToStream('ledger-2', jsonEvent({ type: 'Opened', data: {} }))
    await client.appendToStream('ledgerless', jsonEvent({ type: 'Noted', data: {} }))
    await client.appendToStream('other-2', jsonEvent({ type: 'OrderShipped', data: {} }))
    await client.setStreamMetadata('ledger-2', { maxCount: 10 })
  })

  type On = 'stream' | 'type'

  /** Reads $all as `ReadReq` with a filter, the way a filtering client sends it. */
  const readAllFiltered = async (
    on: On,
    expression: { readonly prefixes?: readonly string[]; readonly regex?: string },
    options: { readonly count?: number; readonly backwards?: boolean } = {},
  ): Promise<string[]> => {
    const filter = new streamsPb.ReadReq.Options.FilterOptions()
    const expr = new streamsPb.ReadReq.Options.FilterOptions.Expression()
    if (expression.regex !== undefined) expr.setRegex(expression.regex)
    for (const prefix of expression.prefixes ?? []) expr.addPrefix(prefix)
    if (on === 'stream') filter.setStreamIdentifier(expr)
    else filter.setEventType(expr)
    filter.setMax(32)
    filter.setCheckpointintervalmultiplier(1)
    const all = new streamsPb.ReadReq.Options.AllOptions()
    if (options.backwards === true) all.setEnd(new sharedPb.Empty())
    else all.setStart(new sharedPb.Empty())
    const readOptions = new streamsPb.ReadReq.Options()
    readOptions.setAll(all)
    readOptions.setFilter(filter)
    readOptions.setCount(String(options.count ?? 1000))
    readOptions.setResolveLinks(false)
    readOptions.setReadDirection(
      options.backwards === true
        ? streamsPb.ReadReq.Options.ReadDirection.BACKWARDS
        : streamsPb.ReadReq.Options.ReadDirection.FORWARDS,
    )
    readOptions.setUuidOption(
      new streamsPb.ReadReq.Options.UUIDOption().setString(new sharedPb.Empty()),
    )
    const request: ReadReq = new streamsPb.ReadReq().setOptions(readOptions)
    const out: string[] = []
    await new Promise<void>((resolve, reject) => {
      const call = raw.read(request)
      call.on('data', (resp: ReadResp) => {
        const event = resp.getEvent()?.getEvent()
        if (event === undefined) return
        const stream = decoder.decode(event.getStreamIdentifier()?.getStreamName_asU8())
        out.push(`${stream}/${event.getMetadataMap().get('type') ?? '?'}`)
      })
      call.on('error', reject)
      call.on('end', resolve)
    })
    return out
  }

  it('keeps the events whose stream name has one of the prefixes', async () => {
    expect(await readAllFiltered('stream', { prefixes: ['ledger-'] })).toEqual([
      'ledger-1/Opened',
      'ledger-1/Noted',
      'ledger-2/Opened',
    ])
    expect(await readAllFiltered('stream', { prefixes: ['ledger-2', 'other-'] })).toEqual([
      'other-1/OrderPlaced',
      'ledger-2/Opened',
      'other-2/OrderShipped',
    ])
  })

  it('keeps the events whose stream name matches the regex', async () => {
    expect(await readAllFiltered('stream', { regex: '^ledger(-|less)' })).toEqual([
      'ledger-1/Opened',
      'ledger-1/Noted',
      'ledger-2/Opened',
      'ledgerless/Noted',
    ])
  })

  it('keeps the events whose type has a prefix or matches the regex', async () => {
    expect(await readAllFiltered('type', { prefixes: ['Order'] })).toEqual([
      'other-1/OrderPlaced',
      'other-2/OrderShipped',
    ])
    expect(await readAllFiltered('type', { regex: '^(Noted|OrderShipped)$' })).toEqual([
      'ledger-1/Noted',
      'ledgerless/Noted',
      'other-2/OrderShipped',
    ])
    // A filter matches system events like any other (hiding them is a regex of the caller's).
    expect(await readAllFiltered('type', { regex: '^\\$' })).toEqual(['$$ledger-2/$metadata'])
  })

  it('counts only matching events against maxCount, forwards and backwards', async () => {
    expect(await readAllFiltered('type', { prefixes: ['Opened'] }, { count: 1 })).toEqual([
      'ledger-1/Opened',
    ])
    expect(
      await readAllFiltered('stream', { prefixes: ['ledger'] }, { count: 2, backwards: true }),
    ).toEqual(['ledgerless/Noted', 'ledger-2/Opened'])
  })
})

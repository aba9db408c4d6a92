import { chainEvents, EMPTY_HEAD, hashEvent, type StoredEvent } from '@gdpr-ledger/core'
import { eventToAppendArbitrary } from '@gdpr-ledger/testing'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { RecordedEvent } from '../src/client'
import { fromRecordedEvent, toEventData } from '../src/event-codec'

const decoder = new TextDecoder()

/** What the client hands back for an event written with `toEventData` (it parses JSON metadata). */
const asRecorded = (event: StoredEvent, streamName: string): RecordedEvent => {
  const { data } = toEventData(event, 'write-1')
  const metadata = data.metadata as Uint8Array
  return {
    streamId: streamName,
    id: event.id.toUpperCase(),
    revision: BigInt(event.streamVersion - 1),
    type: event.type,
    data: data.data as Uint8Array,
    metadata: JSON.parse(decoder.decode(metadata)) as Record<string, unknown>,
    isJson: false,
    created: new Date(),
    position: { commit: 4_096n, prepare: 4_096n },
  }
}

describe('ledger event ↔ EventStoreDB event', () => {
  it('keeps every hashed byte and the chain link (property)', () => {
    fc.assert(
      fc.property(fc.array(eventToAppendArbitrary(), { minLength: 1, maxLength: 5 }), (events) => {
        for (const stored of chainEvents('processing-telco_se-sub-1', EMPTY_HEAD, events)) {
          const decoded = fromRecordedEvent(
            asRecorded(stored, 'gdpr_ledger-processing-telco_se-sub-1'),
            'processing-telco_se-sub-1',
          )
          expect(decoded?.writeId).toBe('write-1')
          const { position: _p, ...read } = decoded!.event
          const { position: _q, ...written } = stored
          expect(read).toEqual(written)
          expect(hashEvent(decoded!.event)).toBe(stored.hash)
        }
      }),
    )
  })

  it('writes the data bytes as given, and the chain link beside the hashed metadata', () => {
    const [stored] = chainEvents('breach-b1', EMPTY_HEAD, [
      {
        id: '0190f2a4-0000-7000-8000-000000000001',
        type: 'BreachDetected',
        controllerId: 'telco_se',
        occurredAt: '2026-11-23T08:00:00.000Z',
        recordedAt: '2026-11-23T08:00:01.000Z',
        data: '{"b":1,  "a":"Tromsø"}',
        metadata: '{"schemaVersion":1,"actor":"noc-7"}',
      },
    ])
    const { data, size } = toEventData(stored!, 'w')
    expect(data.contentType).toBe('application/octet-stream')
    expect(decoder.decode(data.data as Uint8Array)).toBe('{"b":1,  "a":"Tromsø"}')
    const envelope = JSON.parse(decoder.decode(data.metadata as Uint8Array)) as Record<
      string,
      unknown
    >
    expect(envelope).toMatchObject({
      metadata: '{"schemaVersion":1,"actor":"noc-7"}',
      prevHash: stored!.prevHash,
      hash: stored!.hash,
    })
    expect(JSON.parse(envelope.metadata as string)).not.toHaveProperty('hash')
    expect(size).toBe(
      (data.data as Uint8Array).length +
        (data.metadata as Uint8Array).length +
        'BreachDetected'.length * 2,
    )
  })

  it('reads an event the ledger did not write so that its hash cannot verify', () => {
    const foreign = {
      streamId: 'gdpr_ledger-breach-b1',
      id: '0190f2a4-0000-7000-8000-000000000002',
      revision: 0n,
      type: 'SomethingElse',
      data: { not: 'ours' },
      metadata: undefined,
      isJson: true,
      created: new Date(),
      position: { commit: 1n, prepare: 1n },
    } as unknown as RecordedEvent
    const decoded = fromRecordedEvent(foreign, 'breach-b1')
    expect(decoded?.event).toMatchObject({ data: '{"not":"ours"}', hash: '', prevHash: '' })
    expect(hashEvent(decoded!.event)).not.toBe(decoded!.event.hash)
  })

  it('reports a read without a $all position instead of inventing one', () => {
    const [stored] = chainEvents('breach-b1', EMPTY_HEAD, fc.sample(eventToAppendArbitrary(), 1))
    const recorded = asRecorded(stored!, 'gdpr_ledger-breach-b1')
    const U64 = (1n << 64n) - 1n
    expect(
      fromRecordedEvent({ ...recorded, position: { commit: U64, prepare: U64 } }, 'breach-b1'),
    ).toBeUndefined()
  })
})

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { catalogue, readEvent, type StoredEvent, type Upcasters } from '../../src'

// An old schema: ConsentGiven v0 named the notice `notice` and had no channel.
const v0: StoredEvent = {
  id: '0190f2a4-0000-7000-8000-000000000001',
  type: 'ConsentGiven',
  streamId: 'subject-telco_se-sub-1',
  streamVersion: 1,
  position: 1n,
  controllerId: 'telco_se',
  occurredAt: '2024-05-01T10:00:00.000Z',
  recordedAt: '2024-05-01T10:00:00.000Z',
  data: '{"subjectId":"sub-1","purpose":"marketing","notice":"n-2024"}',
  metadata: '{"schemaVersion":0,"actor":"legacy"}',
  prevHash: '0'.repeat(64),
  hash: 'f'.repeat(64),
}

const upcasters: Upcasters = {
  ConsentGiven: {
    0: (data) => {
      const { notice, ...rest } = data as { notice: string }
      return { ...rest, noticeVersion: notice, channel: 'paper' }
    },
  },
}

describe('upcasting', () => {
  it('reads an old event in the current shape, without touching the stored bytes', () => {
    const event = readEvent(v0, upcasters)
    expect(E.isRight(event) && event.right.data).toEqual({
      subjectId: 'sub-1',
      purpose: 'marketing',
      noticeVersion: 'n-2024',
      channel: 'paper',
    })
    expect(v0.data).toBe('{"subjectId":"sub-1","purpose":"marketing","notice":"n-2024"}')
    expect(catalogue.ConsentGiven.schemaVersion).toBe(1)
  })

  it('says why an event cannot be read', () => {
    expect(readEvent(v0)).toEqual(
      E.left({
        _tag: 'UnreadableEvent',
        streamId: v0.streamId,
        streamVersion: 1,
        reason: 'no upcaster from schema version 0',
      }),
    )
    const broken: Upcasters = { ConsentGiven: { 0: (d) => d } }
    expect(E.isLeft(readEvent(v0, broken)) && readEvent(v0, broken)).toMatchObject({
      left: { reason: 'upcast data does not match the current schema' },
    })
    expect(readEvent({ ...v0, metadata: '{"schemaVersion":7,"actor":"future"}' })).toMatchObject({
      left: { reason: "schema version 7 is newer than this library's 1" },
    })
    expect(readEvent({ ...v0, type: 'Teleported' })).toMatchObject({
      left: { reason: 'unknown event type' },
    })
    expect(
      readEvent({ ...v0, data: '{not json', metadata: '{"schemaVersion":1,"actor":"x"}' }),
    ).toMatchObject({ left: { reason: 'stored bytes are not JSON' } })
  })
})

import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EMPTY_HEAD, GENESIS_HASH, chainEvents, hashEvent, type HashedFields } from '../../src'

const consent: HashedFields = {
  prevHash: GENESIS_HASH,
  id: '0190f2a4-1b2c-7d3e-8f40-123456789abc',
  streamId: 'subject-telco_se-sub-8f3a',
  streamVersion: 1,
  type: 'ConsentGiven',
  controllerId: 'telco_se',
  occurredAt: '2026-11-23T08:00:00.000Z',
  recordedAt: '2026-11-23T08:00:00.012Z',
  data: '{"subjectId":"sub-8f3a","purpose":"marketing","noticeVersion":"n-2026-10","channel":"web"}',
  metadata: '{"schemaVersion":1,"actor":"web-shop"}',
}

describe('hashEvent', () => {
  it('matches the frame documented in DESIGN.md (vector computed independently with Python hashlib)', () => {
    // sha256(b''.join(struct.pack('>I', len(f)) + f for f in fields)), fields in the documented order.
    expect(hashEvent(consent)).toBe(
      '7273fd33e74d2e871ba62ca55a633c2d208c1eea9cde017938ad66a4c1b8e87a',
    )
  })

  it('is unambiguous: moving bytes between neighbouring fields changes the hash', () => {
    expect(hashEvent({ ...consent, type: 'ConsentGivent', controllerId: 'elco_se' })).not.toBe(
      hashEvent(consent),
    )
    expect(
      hashEvent({ ...consent, data: `${consent.data} `, metadata: consent.metadata }),
    ).not.toBe(hashEvent({ ...consent, data: consent.data, metadata: ` ${consent.metadata}` }))
  })

  it('covers multi-byte characters by their UTF-8 bytes', () => {
    expect(hashEvent({ ...consent, data: '{"n":"Malmö"}' })).not.toBe(
      hashEvent({ ...consent, data: '{"n":"Malmo"}' }),
    )
  })

  it('changes when any covered field changes (property)', () => {
    const fields = [
      'prevHash',
      'id',
      'streamId',
      'type',
      'controllerId',
      'occurredAt',
      'recordedAt',
      'data',
      'metadata',
    ] as const
    fc.assert(
      fc.property(
        fc.constantFrom(...fields),
        fc.string({ minLength: 1, maxLength: 3 }),
        (field, suffix) => {
          expect(hashEvent({ ...consent, [field]: consent[field] + suffix })).not.toBe(
            hashEvent(consent),
          )
        },
      ),
    )
    expect(hashEvent({ ...consent, streamVersion: 2 })).not.toBe(hashEvent(consent))
  })
})

describe('chainEvents', () => {
  it('numbers versions from the head and links each event to the previous hash', () => {
    const { id: _id, prevHash: _p, streamId: _s, streamVersion: _v, ...event } = consent
    const chained = chainEvents('subject-telco_se-sub-8f3a', EMPTY_HEAD, [
      { ...event, id: '0190f2a4-1b2c-7d3e-8f40-000000000001' },
      { ...event, id: '0190f2a4-1b2c-7d3e-8f40-000000000002' },
    ])
    expect(chained.map((e) => e.streamVersion)).toEqual([1, 2])
    expect(chained[0]?.prevHash).toBe(GENESIS_HASH)
    expect(chained[1]?.prevHash).toBe(chained[0]?.hash)
    for (const e of chained) expect(hashEvent(e)).toBe(e.hash)
    const more = chainEvents(
      'subject-telco_se-sub-8f3a',
      { version: 2, hash: chained[1]?.hash ?? '' },
      [{ ...event, id: '0190f2a4-1b2c-7d3e-8f40-000000000003' }],
    )
    expect(more[0]).toMatchObject({ streamVersion: 3, prevHash: chained[1]?.hash })
  })
})

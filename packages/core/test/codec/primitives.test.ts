import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ControllerId,
  Instant,
  IsoDuration,
  PseudonymousId,
  Text,
  Uuid,
  decode,
  nonEmptyArray,
  strictRecord,
  taggedUnion,
} from '../../src'
import * as t from 'io-ts'

describe('Instant', () => {
  it.each([
    ['2026-11-23T09:00:00Z', '2026-11-23T09:00:00.000Z'],
    ['2026-11-23T10:00:00+01:00', '2026-11-23T09:00:00.000Z'],
    ['2026-03-29T02:30:00.5-04:00', '2026-03-29T06:30:00.500Z'],
    ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
  ])('decodes %s to the canonical %s', (input, canonical) => {
    expect(decode(Instant)(input)).toEqual(E.right(canonical))
  })

  it('decodes a Date', () => {
    expect(decode(Instant)(new Date(Date.UTC(2026, 0, 31, 12)))).toEqual(
      E.right('2026-01-31T12:00:00.000Z'),
    )
  })

  it.each([
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-11-23 09:00',
    '2026-11-23T09:00:00',
    '2026-13-01T00:00:00Z',
    '2026-11-23T24:00:00Z',
    'yesterday',
    1732352400000,
  ])('refuses %s', (input) => {
    expect(decode(Instant)(input)).toEqual(
      E.left({
        _tag: 'InvalidInput',
        issues: [{ path: '', expected: 'Instant (RFC 3339 date-time)' }],
      }),
    )
  })

  it('is canonical: decoding a decoded instant gives it back, and order matches time order', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
        fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
        (a, b) => {
          const ia = Instant.decode(a)
          const ib = Instant.decode(b)
          if (E.isLeft(ia) || E.isLeft(ib)) return false
          expect(Instant.decode(ia.right)).toEqual(ia)
          expect(ia.right < ib.right).toBe(a.getTime() < b.getTime())
          return true
        },
      ),
    )
  })
})

describe('PseudonymousId and ControllerId', () => {
  it.each(['sub-8f3a', 'agent-42', 'act:billing.v2', 'A_1'])('accept the pseudonym %s', (id) => {
    expect(PseudonymousId.is(id)).toBe(true)
  })

  it.each([
    ['+46701234567', 'PseudonymousId'],
    ['46701234567', 'PseudonymousId (looks like a phone number)'],
    ['070 123 45 67', 'PseudonymousId'],
    ['192.168.10.4', 'PseudonymousId (looks like an IPv4 address)'],
    ['fe80::1:2', 'PseudonymousId (looks like an IPv6 address)'],
    ['19801224-1234', 'PseudonymousId (looks like a national identity number)'],
    ['anna@example.se', 'PseudonymousId'],
    ['', 'PseudonymousId'],
    ['x'.repeat(129), 'PseudonymousId of at most 128 characters'],
  ])('refuse %s, which must never reach a stream name or a hash', (value, expected) => {
    expect(decode(PseudonymousId)(value)).toEqual(
      E.left({ _tag: 'InvalidInput', issues: [{ path: '', expected }] }),
    )
  })

  it('keeps hyphens out of controller ids, so subject stream ids stay unambiguous', () => {
    expect(ControllerId.is('telco_se')).toBe(true)
    expect(ControllerId.is('telco-se')).toBe(false)
  })
})

describe('other primitives', () => {
  it('Uuid decodes to lower case', () => {
    expect(decode(Uuid)('0190F2A4-1B2C-7D3E-8F40-123456789ABC')).toEqual(
      E.right('0190f2a4-1b2c-7d3e-8f40-123456789abc'),
    )
  })

  it.each(['P5M', 'P24M', 'P7Y', 'PT72H', 'P1Y6M', 'P2W', 'P1DT12H'])(
    'IsoDuration accepts %s',
    (d) => {
      expect(IsoDuration.is(d)).toBe(true)
    },
  )

  it.each(['P', 'PT', '5M', 'P5.5M', 'P-1D'])('IsoDuration refuses %s', (d) => {
    expect(IsoDuration.is(d)).toBe(false)
  })

  it('Text refuses oversized strings without echoing them', () => {
    const result = decode(Text)('x'.repeat(1001))
    expect(result).toEqual(
      E.left({
        _tag: 'InvalidInput',
        issues: [{ path: '', expected: 'Text of at most 1000 characters' }],
      }),
    )
  })

  it('nonEmptyArray refuses empty and oversized arrays', () => {
    const codec = nonEmptyArray(t.string, 2)
    expect(E.isLeft(codec.decode([]))).toBe(true)
    expect(E.isLeft(codec.decode(['a', 'b', 'c']))).toBe(true)
    expect(codec.decode(['a'])).toEqual(E.right(['a']))
  })
})

describe('strictRecord', () => {
  const Consent = strictRecord(
    'Consent',
    { subjectId: PseudonymousId, purpose: t.string },
    { note: t.string },
  )

  it('refuses unknown fields instead of stripping them (a stray msisdn is personal data)', () => {
    expect(
      decode(Consent)({ subjectId: 'sub-1', purpose: 'marketing', msisdn: '+46701234567' }),
    ).toEqual(
      E.left({ _tag: 'InvalidInput', issues: [{ path: 'msisdn', expected: 'unknown field' }] }),
    )
  })

  it('lists every failing path, missing and mistyped fields alike', () => {
    expect(decode(Consent)({ purpose: 3, note: 4 })).toEqual(
      E.left({
        _tag: 'InvalidInput',
        issues: [
          { path: 'subjectId', expected: 'PseudonymousId (a string)' },
          { path: 'purpose', expected: 'string' },
          { path: 'note', expected: 'string' },
        ],
      }),
    )
  })

  it('leaves absent and undefined optional fields out of the value, in declaration order', () => {
    const decoded = Consent.decode({ purpose: 'billing', note: undefined, subjectId: 'sub-1' })
    expect(decoded).toEqual(E.right({ subjectId: 'sub-1', purpose: 'billing' }))
    expect(JSON.stringify(E.isRight(decoded) ? decoded.right : null)).toBe(
      '{"subjectId":"sub-1","purpose":"billing"}',
    )
  })

  it('never puts input values into issues', () => {
    const result = decode(Consent)({ subjectId: '+46701234567', purpose: 'marketing' })
    expect(JSON.stringify(result)).not.toContain('46701234567')
  })
})

describe('taggedUnion', () => {
  const Mechanism = taggedUnion('Mechanism', 'kind', {
    sccs: strictRecord('Sccs', { kind: t.literal('sccs'), version: t.string }),
    bcr: strictRecord('Bcr', { kind: t.literal('bcr'), reference: t.string }),
  })

  it('reports only the branch its tag names', () => {
    expect(decode(Mechanism)({ kind: 'bcr' })).toEqual(
      E.left({ _tag: 'InvalidInput', issues: [{ path: 'reference', expected: 'string' }] }),
    )
  })

  it('reports an unknown tag at the tag', () => {
    expect(decode(Mechanism)({ kind: 'adequacy' })).toEqual(
      E.left({
        _tag: 'InvalidInput',
        issues: [{ path: 'kind', expected: 'Mechanism.kind (sccs | bcr)' }],
      }),
    )
  })
})

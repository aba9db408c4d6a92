import {
  catalogue,
  commands,
  eventTypes,
  readEvent,
  serialiseMetadata,
  type CommandName,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import type * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { commandArbitrary, eventDataArbitrary, importedFactArbitrary, propertyRuns } from '../src'

/** At least 1,000 runs per property; `FC_RUNS` raises it (see `propertyRuns`). */
const runs = propertyRuns()
/** A thousand runs take seconds; the machine is shared, and `FC_RUNS` may ask for many more. */
const TIMEOUT = 600_000

describe('the catalogue round trip', { timeout: TIMEOUT }, () => {
  it.each(eventTypes)(
    '%s: data survives encode, JSON bytes, parse, decode and readEvent unchanged',
    (type) => {
      const codec: t.Mixed = catalogue[type].data
      fc.assert(
        fc.property(eventDataArbitrary(type), (data) => {
          const decoded = codec.decode(data)
          expect(E.isRight(decoded)).toBe(true)
          if (E.isLeft(decoded)) return
          const bytes = JSON.stringify(codec.encode(decoded.right))
          expect(codec.decode(JSON.parse(bytes))).toEqual(decoded)
          // Decoding is canonical: the bytes of a re-decoded value are the same bytes.
          const again = codec.decode(JSON.parse(bytes))
          expect(E.isRight(again) && JSON.stringify(again.right)).toBe(bytes)
          const stored = readEvent({
            id: '0190f2a4-0000-7000-8000-000000000001',
            type,
            streamId: 'x-1',
            streamVersion: 1,
            position: 1n,
            controllerId: 'telco_se',
            occurredAt: '2026-11-23T08:00:00.000Z',
            recordedAt: '2026-11-23T08:00:00.000Z',
            data: bytes,
            metadata: serialiseMetadata({
              schemaVersion: catalogue[type].schemaVersion,
              actor: 'test',
            }),
            prevHash: '0'.repeat(64),
            hash: '0'.repeat(64),
          })
          expect(E.isRight(stored) && stored.right.data).toEqual(decoded.right)
        }),
        { numRuns: runs },
      )
    },
  )

  it.each(Object.keys(commands) as CommandName[])(
    'command %s: every generated command decodes',
    (name) => {
      fc.assert(
        fc.property(commandArbitrary(name, { withOccurredAt: true }), (command) => {
          expect(E.isRight((commands[name].codec as t.Mixed).decode(command))).toBe(true)
        }),
        { numRuns: runs },
      )
    },
  )

  it('every generated imported fact decodes', () => {
    fc.assert(
      fc.property(importedFactArbitrary(), (fact) => {
        const data = (catalogue[fact.type].data as t.Mixed).decode(fact.data)
        expect(E.isRight(data)).toBe(true)
      }),
      { numRuns: runs },
    )
  })
})

import { sampleEvent } from '@gdpr-ledger/testing'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import type { PostgresEventStore } from '../src'
import { copyLine } from '../src/copy-text'
import { closePglite, createPgliteHarness, teardownPgliteHarness } from './support/pglite'
import {
  closeAdminPool,
  createServerHarness,
  storeWritingByCopyFrom,
  teardownServerHarness,
} from './support/server'

afterAll(async () => {
  await closeAdminPool()
  await closePglite()
})

const runs = Number(process.env.FC_RUNS ?? 25)

describe('copyLine', () => {
  it('separates fields by tabs, ends the row with a newline and writes NULL as \\N', () => {
    expect(copyLine(['1', null, 'a b'])).toBe('1\t\\N\ta b\n')
  })

  it('escapes a backslash, tab, newline and carriage return inside a field', () => {
    expect(copyLine(['{"a":"x\\ny"}', 'a\tb\nc\rd'])).toBe('{"a":"x\\\\ny"}\ta\\tb\\nc\\rd\n')
  })
})

/**
 * JSON object texts as a backend may hand them to the store: any string values (escapes,
 * backslashes, non-ASCII) and any JSON whitespace between tokens, tabs and newlines included.
 */
const jsonObjectText = fc
  .tuple(
    fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 24 })),
    fc.constantFrom(' ', '\t', '\n', '\r\n', ''),
  )
  .map(([record, space]) => `{${space}${JSON.stringify(record).slice(1, -1)}${space}}`)
  .filter((text) => !text.includes('\u0000'))

/** Appends a batch large enough to go in by COPY and reads it back. */
const roundTrips = async (store: PostgresEventStore) => {
  let run = 0
  await fc.assert(
    fc.asyncProperty(fc.array(jsonObjectText, { minLength: 40, maxLength: 60 }), async (texts) => {
      run += 1
      const events = texts.map((data) => sampleEvent({ data }))
      const streamId = `breach-copy-${run}`
      const appended = await store.append(streamId, events, { expectedVersion: 'no_stream' })
      expect(E.isRight(appended)).toBe(true)
      const read = await store.readStream(streamId)
      if (E.isLeft(read)) throw new Error(read.left.reason)
      expect(read.right.events.map((e) => e.data)).toEqual(texts)
      expect(read.right.events.map((e) => e.metadata)).toEqual(events.map((e) => e.metadata))
    }),
    { numRuns: runs },
  )
}

describe('a batch written by COPY', () => {
  it('reads back byte for byte on a server (property)', async () => {
    const harness = await createServerHarness()
    await harness.store.close()
    harness.store = storeWritingByCopyFrom(harness, 1)
    await roundTrips(harness.store)
    await teardownServerHarness(harness)
  })

  it('reads back byte for byte on PGlite (property)', async () => {
    const harness = await createPgliteHarness()
    await roundTrips(harness.store)
    await teardownPgliteHarness(harness)
  })
})

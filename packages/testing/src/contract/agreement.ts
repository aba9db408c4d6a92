import { randomUUID } from 'node:crypto'
import {
  createInMemoryStore,
  hashEvent,
  verify,
  type AppendError,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedVersion,
} from '@gdpr-ledger/core'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { expect, it } from 'vitest'
import { sampleEvent, sampleEvents } from './sample-events'

/**
 * Properties every adapter must satisfy against the reference: the in-memory store. Both run
 * the same sequences of appends; outcomes and stored chains must be the same, byte for byte
 * and hash for hash (positions aside, which each store assigns its own way).
 */

type ExpectedChoice = 'any' | 'no_stream' | 'stream_exists' | -1 | 0 | 1

type Op =
  | {
      readonly kind: 'append'
      readonly stream: number
      readonly size: number
      readonly expected: ExpectedChoice
    }
  | { readonly kind: 'retry'; readonly index: number }
  | { readonly kind: 'reuse'; readonly index: number; readonly stream: number }
  | { readonly kind: 'malformed'; readonly stream: number }

const expectedChoice = fc.constantFrom<ExpectedChoice>(
  'any',
  'no_stream',
  'stream_exists',
  -1,
  0,
  1,
)

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      stream: fc.nat(2),
      size: fc.integer({ min: 1, max: 3 }),
      expected: expectedChoice,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retry' as const), index: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('reuse' as const),
      index: fc.nat(),
      stream: fc.nat(2),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('malformed' as const), stream: fc.nat(2) }),
  },
)

/** What two stores must agree on for one append. */
const outcomeOf = (outcome: E.Either<AppendError, AppendResult>): unknown => {
  if (E.isLeft(outcome)) {
    const error = outcome.left
    switch (error._tag) {
      case 'WrongExpectedVersion':
        return { tag: error._tag, expected: error.expected, actual: error.actual }
      case 'IdempotencyConflict':
        return { tag: error._tag, eventId: error.eventId }
      case 'InvalidInput':
        return { tag: error._tag, issues: error.issues }
      case 'StoreUnavailable':
        return { tag: error._tag, reason: error.reason }
    }
  }
  const { streamVersion, duplicate, events } = outcome.right
  return {
    streamVersion,
    duplicate,
    events: events.map((e) => [e.id, e.streamVersion, e.prevHash, e.hash]),
  }
}

const versionOf = async (store: EventStore, streamId: string): Promise<number> => {
  const slice = await store.readStream(streamId, { direction: 'backward', maxCount: 1 })
  if (E.isLeft(slice)) throw new Error(`reference store failed: ${slice.left.reason}`)
  return slice.right.streamVersion
}

/**
 * Registers the agreement properties. `store` gives the store under test of the running case;
 * each property run uses fresh stream ids, so runs share the store.
 */
export const describeAgreementProperties = (
  store: () => EventStore,
  runs: number,
  idWindow: 'store' | { readonly streamTail: number },
  timeout: number,
): void => {
  // A store that looks ids up only in a stream's tail cannot see an id reused in another
  // stream, nor a retry older than its window: runs then stay within what it promises.
  const crossStream = idWindow === 'store'
  const maxOps = crossStream ? 12 : Math.max(1, Math.min(12, Math.floor(idWindow.streamTail / 3)))
  it(
    'agrees with the in-memory reference on any sequence of appends, retries and conflicts (property)',
    async () => {
      const suite = randomUUID().slice(0, 8)
      let run = 0
      await fc.assert(
        fc.asyncProperty(
          fc.array(opArbitrary, { minLength: 1, maxLength: maxOps }),
          async (ops) => {
            run += 1
            const streams = [0, 1, 2].map((k) => `breach-${suite}-${run}-${k}`)
            const streamAt = (k: number) => streams[k % streams.length] as string
            const reference = createInMemoryStore()
            const sent: { streamId: string; events: EventToAppend[]; expected: ExpectedVersion }[] =
              []
            for (const op of ops) {
              let batch: { streamId: string; events: EventToAppend[]; expected: ExpectedVersion }
              const earlier =
                sent[
                  op.kind === 'retry' || op.kind === 'reuse'
                    ? op.index % Math.max(1, sent.length)
                    : 0
                ]
              if (op.kind === 'retry' && earlier !== undefined) batch = earlier
              else if (op.kind === 'reuse' && earlier !== undefined)
                batch = {
                  streamId: crossStream ? streamAt(op.stream) : earlier.streamId,
                  events: [sampleEvent(), earlier.events[0] as EventToAppend],
                  expected: 'any',
                }
              else if (op.kind === 'malformed')
                batch = {
                  streamId: streamAt(op.stream),
                  events: [sampleEvent(), sampleEvent({ occurredAt: 'yesterday' })],
                  expected: 'any',
                }
              else {
                const streamId = streamAt(op.kind === 'append' ? op.stream : 0)
                const choice = op.kind === 'append' ? op.expected : 'any'
                const current = await versionOf(reference, streamId)
                batch = {
                  streamId,
                  events: sampleEvents(op.kind === 'append' ? op.size : 1),
                  expected: typeof choice === 'number' ? Math.max(0, current + choice) : choice,
                }
              }
              sent.push(batch)
              const options = { expectedVersion: batch.expected }
              const actual = await store().append(batch.streamId, batch.events, options)
              const expected = await reference.append(batch.streamId, batch.events, options)
              expect(outcomeOf(actual)).toEqual(outcomeOf(expected))
            }
            for (const streamId of streams) {
              const [actual, expected] = await Promise.all([
                store().readStream(streamId),
                reference.readStream(streamId),
              ])
              const chain = (slice: typeof actual) =>
                E.isLeft(slice)
                  ? slice.left
                  : slice.right.events.map(({ position: _p, ...event }) => event)
              expect(chain(actual)).toEqual(chain(expected))
            }
          },
        ),
        { numRuns: runs },
      )
      const report = await verify(store())
      expect(E.isRight(report) && report.right.ok).toBe(true)
    },
    timeout,
  )

  it(
    'stores any JSON object text byte for byte, and its hash verifies (property)',
    async () => {
      const text = fc
        .tuple(
          fc.dictionary(
            fc.string({ unit: 'grapheme', maxLength: 12 }),
            fc.jsonValue({ maxDepth: 2, stringUnit: 'grapheme' }),
            { maxKeys: 6 },
          ),
          fc.constantFrom<string | number>(0, 1, 2, '\t', ' \n'),
        )
        .map(([value, space]) => JSON.stringify(value, null, space))
      let run = 0
      const suite = randomUUID().slice(0, 8)
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 5 }),
          async (texts) => {
            run += 1
            const streamId = `dsr-${suite}-${run}`
            const events = texts.map(([data, metadata]) => sampleEvent({ data, metadata }))
            const appended = await store().append(streamId, events, {
              expectedVersion: 'no_stream',
            })
            expect(E.isRight(appended)).toBe(true)
            const slice = await store().readStream(streamId)
            if (E.isLeft(slice)) throw new Error(slice.left.reason)
            expect(slice.right.events.map((e) => [e.data, e.metadata])).toEqual(texts)
            for (const event of slice.right.events) expect(hashEvent(event)).toBe(event.hash)
          },
        ),
        { numRuns: runs },
      )
    },
    timeout,
  )
}

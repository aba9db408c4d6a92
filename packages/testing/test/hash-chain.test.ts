import {
  InMemoryLog,
  chainEvents,
  createInMemoryStore,
  recordCheckpoint,
  verify,
  type ChainBreak,
  type StoredEvent,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  eventToAppendArbitrary,
  propertyRuns,
  sampleEvent,
  tamperInMemory,
  type TamperOperation,
} from '../src'

/** At least 1,000 runs per property; `FC_RUNS` raises it (see `propertyRuns`). */
const runs = propertyRuns()
/** A thousand runs take seconds; the machine is shared, and `FC_RUNS` may ask for many more. */
const TIMEOUT = 600_000

/** A history: up to 5 streams, appends interleaved in a random order, then a checkpoint. */
const historyArbitrary = fc
  .array(
    fc.tuple(
      fc.integer({ min: 0, max: 4 }),
      fc.array(eventToAppendArbitrary(), { minLength: 1, maxLength: 3 }),
    ),
    {
      minLength: 1,
      maxLength: 15,
    },
  )
  .map((appends) =>
    appends.map(([stream, events]) => ({ streamId: `processing-telco_se-sub-${stream}`, events })),
  )

const build = async (
  appends: readonly { streamId: string; events: Parameters<typeof chainEvents>[2] }[],
) => {
  const log = new InMemoryLog()
  const store = createInMemoryStore({ log })
  for (const { streamId, events } of appends) {
    const result = await store.append(streamId, events, { expectedVersion: 'any' })
    if (E.isLeft(result)) throw new Error(result.left._tag)
  }
  const checkpoint = await recordCheckpoint({
    store,
    clock: () => new Date('2026-11-23T12:00:00Z'),
    operatorId: 'operator',
    actor: 'ledger',
  })
  if (E.isLeft(checkpoint)) throw new Error(checkpoint.left._tag)
  return { log, store }
}

const breaksOf = async (
  store: Parameters<typeof verify>[0],
): Promise<Omit<ChainBreak, 'position'>[]> => {
  const report = await verify(store)
  if (E.isLeft(report)) throw new Error(report.left._tag)
  return report.right.breaks.map(({ position: _p, ...rest }) => rest)
}

const ledgerEvents = (log: InMemoryLog) =>
  log.events.filter((e) => e.streamId !== 'ledger-checkpoints')

describe('the hash chain', { timeout: TIMEOUT }, () => {
  it('verifies every untouched history', async () => {
    await fc.assert(
      fc.asyncProperty(historyArbitrary, async (appends) => {
        const { store } = await build(appends)
        expect(await breaksOf(store)).toEqual([])
      }),
      { numRuns: runs },
    )
  })

  const hashedFields = [
    'id',
    'type',
    'controllerId',
    'occurredAt',
    'recordedAt',
    'data',
    'metadata',
    'prevHash',
    'hash',
  ] as const

  it('finds any single changed character of any hashed field at its stream and version', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary,
        fc.nat(),
        fc.constantFrom(...hashedFields),
        fc.nat(),
        fc.constantFrom('0', 'x', 'Z', ' ', 'é'),
        async (appends, pick, field, at, replacement) => {
          const { log, store } = await build(appends)
          const events = ledgerEvents(log)
          const target = events[pick % events.length] as StoredEvent
          const value = target[field]
          const index = at % value.length
          fc.pre(value[index] !== replacement)
          const changed = {
            ...target,
            [field]: value.slice(0, index) + replacement + value.slice(index + 1),
          }
          log.events[log.events.indexOf(target)] = changed
          log.reindex()
          expect(await breaksOf(store)).toEqual([
            { streamId: target.streamId, version: target.streamVersion, kind: 'changed' },
          ])
        },
      ),
      { numRuns: runs },
    )
  })

  it('finds a deleted, inserted or swapped event, a truncated tail and a deleted stream at the right place', async () => {
    const operationArbitrary = fc.tuple(
      fc.nat(),
      fc.constantFrom('delete', 'insert', 'swap', 'truncate', 'delete-stream'),
    )
    await fc.assert(
      fc.asyncProperty(historyArbitrary, operationArbitrary, async (appends, [pick, kind]) => {
        const { log, store } = await build(appends)
        const target = ledgerEvents(log)[pick % ledgerEvents(log).length] as StoredEvent
        const { streamId, streamVersion: version } = target
        const head = log.streams.get(streamId)?.length ?? 0
        let operation: TamperOperation
        let expected: Omit<ChainBreak, 'position'>
        switch (kind) {
          case 'delete':
            operation = { kind, streamId, version }
            // Deleting the only event of a stream deletes the stream.
            expected =
              head === 1
                ? { streamId, version: 1, kind: 'stream-gone' }
                : { streamId, version, kind: version === head ? 'truncated' : 'missing' }
            break
          case 'insert': {
            const previous = log.streams.get(streamId)?.[version - 2]
            const [forged] = chainEvents(
              streamId,
              { version: version - 1, hash: previous?.hash ?? '0'.repeat(64) },
              [sampleEvent()],
            )
            operation = { kind, streamId, version, forged: { ...forged!, position: 0n } }
            expected = { streamId, version, kind: 'inserted' }
            break
          }
          case 'swap':
            fc.pre(version < head)
            operation = { kind, streamId, version }
            expected = { streamId, version, kind: 'reordered' }
            break
          case 'truncate':
            operation = { kind, streamId, fromVersion: version }
            expected =
              version === 1
                ? { streamId, version: head, kind: 'stream-gone' }
                : { streamId, version, kind: 'truncated' }
            break
          default:
            operation = { kind: 'delete-stream', streamId }
            expected = { streamId, version: head, kind: 'stream-gone' }
        }
        tamperInMemory(log, operation)
        expect(await breaksOf(store)).toEqual([expected])
      }),
      { numRuns: runs },
    )
  })
})

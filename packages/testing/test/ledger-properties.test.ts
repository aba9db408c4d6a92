import {
  commands,
  createInMemoryStore,
  createLedger,
  shapeOf,
  type CommandName,
  type EventStore,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import type * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { anyCommandArbitrary, commandArbitrary, propertyRuns } from '../src'

/** At least 1,000 runs per property; `FC_RUNS` raises it (see `propertyRuns`). */
const runs = propertyRuns()
/** A thousand runs take seconds; the machine is shared, and `FC_RUNS` may ask for many more. */
const TIMEOUT = 600_000

const countAll = async (store: EventStore) => {
  const page = await store.readAll({ limit: 1000 })
  return E.isRight(page) ? page.right.length : -1
}

type Mutation = 'unknown-field' | 'wrong-type' | 'missing-field' | 'oversized-string'

/** Breaks a valid command in one way, and says which path must be reported. */
const mutate = (
  name: CommandName,
  command: Record<string, unknown>,
  mutation: Mutation,
  pick: number,
): { input: unknown; path: string } | undefined => {
  const required = Object.keys(commands[name].codec.required)
  const field = required[pick % required.length] as string
  switch (mutation) {
    case 'unknown-field':
      return { input: { ...command, msisdn: '+46701234567' }, path: 'msisdn' }
    case 'wrong-type':
      return { input: { ...command, [field]: { nested: true } }, path: field }
    case 'missing-field': {
      const { [field]: _dropped, ...rest } = command
      return { input: rest, path: field }
    }
    case 'oversized-string': {
      const strings = required.filter((key) =>
        ['text', 'pattern'].includes(
          shapeOf((commands[name].codec.required as Record<string, t.Mixed>)[key] as t.Mixed)
            ?.kind ?? '',
        ),
      )
      const target = strings[pick % Math.max(strings.length, 1)]
      return target === undefined
        ? undefined
        : { input: { ...command, [target]: 'x'.repeat(5000) }, path: target }
    }
  }
}

describe('ledger properties', { timeout: TIMEOUT }, () => {
  it('a malformed command of any kind is InvalidInput naming the broken path, never echoes personal data, and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyCommandArbitrary(),
        fc.constantFrom<Mutation>(
          'unknown-field',
          'wrong-type',
          'missing-field',
          'oversized-string',
        ),
        fc.nat(),
        async ({ name, command }, mutation, pick) => {
          const broken = mutate(name, command as Record<string, unknown>, mutation, pick)
          fc.pre(broken !== undefined)
          const store = createInMemoryStore()
          const ledger = createLedger({ store })
          const result = await ledger.execute(name, broken.input)
          expect(E.isLeft(result) && result.left._tag).toBe('InvalidInput')
          if (E.isLeft(result) && result.left._tag === 'InvalidInput') {
            const paths = result.left.issues.map((i) => i.path)
            expect(paths.some((p) => p === broken.path || p.startsWith(`${broken.path}.`))).toBe(
              true,
            )
          }
          expect(JSON.stringify(result)).not.toContain('46701234567')
          expect(await countAll(store)).toBe(0)
        },
      ),
      { numRuns: runs },
    )
  })

  const opening: CommandName[] = [
    'declareProcessingActivity',
    'signDataProcessingAgreement',
    'giveConsent',
    'raiseObjection',
    'restrictProcessing',
    'endRelationship',
    'placeLegalHold',
    'recordErasure',
    'settleInvoice',
    'receiveRequest',
    'receiveAuthorityRequest',
    'detectBreach',
  ]

  it('a command retried with the same commandId appends nothing and returns the first events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...opening)
          .chain((name) => commandArbitrary(name).map((command) => ({ name, command }))),
        fc.stringMatching(/^cmd-[0-9a-f]{6}$/),
        async ({ name, command }, commandId) => {
          const store = createInMemoryStore()
          const ledger = createLedger({ store })
          const first = await ledger.execute(name, { ...command, commandId })
          fc.pre(E.isRight(first))
          const retry = await ledger.execute(name, { ...command, commandId })
          expect(E.isRight(retry) && retry.right.duplicate).toBe(true)
          expect(
            E.isRight(retry) && E.isRight(first) && retry.right.events.map((e) => e.hash),
          ).toEqual(E.isRight(first) && first.right.events.map((e) => e.hash))
          expect(await countAll(store)).toBe(1)
        },
      ),
      { numRuns: runs },
    )
  })
})

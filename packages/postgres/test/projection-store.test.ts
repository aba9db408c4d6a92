import type { ProjectionStore } from '@gdpr-ledger/core'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import {
  closePglite,
  createPgliteHarness,
  restartPglite,
  teardownPgliteHarness,
} from './support/pglite'
import {
  closeAdminPool,
  createServerHarness,
  reopen,
  teardownServerHarness,
} from './support/server'

afterAll(async () => {
  await closePglite()
  await closeAdminPool()
})

const runs = Number(process.env.FC_RUNS ?? 25)

const load = async (store: ProjectionStore, name: string) => {
  const loaded = await store.load(name)
  if (E.isLeft(loaded)) throw new Error(loaded.left.reason)
  return loaded.right
}

describe('ProjectionStore: state and position in one row', () => {
  it('loads nothing for a consumer that never saved, then the last checkpoint saved', async () => {
    const harness = await createServerHarness()
    const { projections } = harness.store
    expect(await load(projections, 'art30-register')).toBeUndefined()
    await projections.save('art30-register', { position: 12n, state: '{"activities":1}' })
    await projections.save('art30-register', {
      position: 9_223_372_036_854_775_807n,
      state: '{"activities":2}',
    })
    await projections.save('breach-clock', { position: 3n, state: '' })
    expect(await load(projections, 'art30-register')).toEqual({
      position: 9_223_372_036_854_775_807n,
      state: '{"activities":2}',
    })
    expect(await load(projections, 'breach-clock')).toEqual({ position: 3n, state: '' })
    await teardownServerHarness(harness)
  })

  it('keeps the checkpoint across a restart (server and PGlite)', async () => {
    const server = await createServerHarness()
    await server.store.projections.save('access-report', { position: 42n, state: 'å ø 😀' })
    await server.store.close()
    server.store = await reopen(server)
    expect(await load(server.store.projections, 'access-report')).toEqual({
      position: 42n,
      state: 'å ø 😀',
    })
    await teardownServerHarness(server)

    const embedded = await createPgliteHarness()
    await embedded.store.projections.save('access-report', { position: 42n, state: '{}' })
    await restartPglite(embedded)
    expect(await load(embedded.store.projections, 'access-report')).toEqual({
      position: 42n,
      state: '{}',
    })
    await teardownPgliteHarness(embedded)
  })

  it('throws on a negative position, a state that is no string, or a malformed name', async () => {
    const harness = await createPgliteHarness()
    const { projections } = harness.store
    expect(() => projections.save('x', { position: -1n, state: '{}' })).toThrow(TypeError)
    expect(() => projections.save('x', { position: 1n, state: 5 as unknown as string })).toThrow(
      TypeError,
    )
    expect(() => projections.load('no spaces allowed')).toThrow(TypeError)
    expect(await load(projections, 'x')).toBeUndefined()
    await teardownPgliteHarness(harness)
  })

  it('answers StoreUnavailable once the store is closed', async () => {
    const harness = await createPgliteHarness()
    await harness.store.close()
    const loaded = await harness.store.projections.load('x')
    expect(E.isLeft(loaded) && loaded.left._tag).toBe('StoreUnavailable')
    await teardownPgliteHarness(harness)
  })

  it('returns what was saved last for each consumer, for any sequence of saves (property)', async () => {
    const harness = await createPgliteHarness()
    const { projections } = harness.store
    let run = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.constantFrom('a', 'b', 'c'),
            fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
            fc.string({ unit: 'grapheme' }),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        async (saves) => {
          run += 1
          const last = new Map<string, { position: bigint; state: string }>()
          for (const [name, position, state] of saves) {
            const saved = await projections.save(`p${run}-${name}`, { position, state })
            expect(E.isRight(saved)).toBe(true)
            last.set(name, { position, state })
          }
          for (const name of ['a', 'b', 'c'])
            expect(await load(projections, `p${run}-${name}`)).toEqual(last.get(name))
        },
      ),
      { numRuns: runs },
    )
    await teardownPgliteHarness(harness)
  })
})

import { readEverything, sampleEvents } from '@gdpr-ledger/testing'
import type { StoredEvent } from '@gdpr-ledger/core'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import {
  closeAdminPool,
  createServerHarness,
  lateCommit,
  teardownServerHarness,
} from './support/server'

afterAll(closeAdminPool)

const runs = Number(process.env.FC_RUNS ?? 10)

/** A reader catching up: pages after the last position it saw, as a subscription does. */
const catchUp = async (
  store: Parameters<typeof readEverything>[0],
  seen: StoredEvent[],
): Promise<void> => {
  for (;;) {
    const after = seen[seen.length - 1]?.position ?? 0n
    const page = await store.readAll({ after, limit: 3 })
    if (E.isLeft(page)) throw new Error(page.left.reason)
    if (page.right.length === 0) return
    seen.push(...page.right)
  }
}

describe('the readers’ horizon', () => {
  it('holds back later commits while an earlier transaction is open, then shows them in order', async () => {
    const harness = await createServerHarness()
    const { store } = harness
    const late = await lateCommit(harness, 'breach-late', sampleEvents(1))
    const after = await store.append('breach-after', sampleEvents(1), { expectedVersion: 'any' })
    if (E.isLeft(after)) throw new Error(after.left._tag)
    // Committed, but above the open transaction's position: not yet visible to readers.
    expect(await store.readAll()).toEqual(E.right([]))
    const stream = await store.readStream('breach-after')
    expect(E.isRight(stream) && stream.right.streamVersion).toBe(1)
    await late.commit()
    const all = await readEverything(store)
    expect(all.map((e) => e.streamId)).toEqual(['breach-late', 'breach-after'])
    await teardownServerHarness(harness)
  })

  it('lets a catching-up reader see every event once, in order, for any interleaving of slow transactions (property)', async () => {
    const harness = await createServerHarness()
    const { store } = harness
    let run = 0
    const step = fc.oneof(
      fc.constant({ kind: 'open' as const }),
      fc.record({ kind: fc.constant('commit' as const), which: fc.nat() }),
      fc.constant({ kind: 'append' as const }),
      fc.constant({ kind: 'read' as const }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 16 }), async (steps) => {
        run += 1
        const open: { commit(): Promise<void> }[] = []
        const seen: StoredEvent[] = []
        const start = (await readEverything(store)).length
        let written = 0
        for (const [i, s] of steps.entries()) {
          if (s.kind === 'open' && open.length < 3) {
            open.push(await lateCommit(harness, `breach-r${run}-late-${i}`, sampleEvents(1)))
            written += 1
          } else if (s.kind === 'commit' && open.length > 0) {
            await open.splice(s.which % open.length, 1)[0]!.commit()
          } else if (s.kind === 'append') {
            const result = await store.append(`breach-r${run}-${i}`, sampleEvents(2), {
              expectedVersion: 'any',
            })
            if (E.isLeft(result)) throw new Error(result.left._tag)
            written += 2
          } else await catchUp(store, seen)
        }
        for (const transaction of open) await transaction.commit()
        await catchUp(store, seen)
        const all = (await readEverything(store)).slice(start)
        const mine = seen.filter((e) => e.streamId.startsWith(`breach-r${run}-`))
        expect(mine.map((e) => e.id)).toEqual(all.map((e) => e.id))
        expect(all).toHaveLength(written)
      }),
      { numRuns: runs },
    )
    await teardownServerHarness(harness)
  })
})

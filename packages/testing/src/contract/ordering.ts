import type { EventStore, EventToAppend, StoredEvent } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { expect, it } from 'vitest'
import { followAll } from './follow-all'
import { sampleEvent, sampleEvents } from './sample-events'

/**
 * The global-order guarantee from a reader's side: once it has seen position p, no event
 * below p appears later. The trap is a transaction that takes its position, then commits
 * after a later transaction with a higher position became visible.
 */

/** An append that has taken its place in the log and not committed yet. */
export interface LateCommit {
  commit(): Promise<void>
}

const ids = (events: readonly StoredEvent[]) => events.map((e) => e.id)

/** The events after `after`, in pages of 100, each position above the one before. */
const pagesAfter = async (store: EventStore, after: bigint): Promise<StoredEvent[]> => {
  const read = await followAll(store, { after, pageSize: 100 })
  if (E.isLeft(read)) throw new Error(read.left.reason)
  const positions = [after, ...read.right.map((e) => e.position)]
  expect(positions.every((p, i) => i === 0 || p > (positions[i - 1] as bigint))).toBe(true)
  return read.right
}

/** Registers the ordering cases; `lateCommit` is the adapter's hook, when it has one. */
export const describeOrderingCases = (
  store: () => EventStore,
  lateCommit:
    ((streamId: string, events: readonly EventToAppend[]) => Promise<LateCommit>) | undefined,
  skipped: (name: string, hook: string) => string,
  timeout: number,
): void => {
  const lateName =
    'never lets a reader skip an event that commits after a higher position became visible'
  if (lateCommit === undefined) it.skip(skipped(lateName, 'lateCommit'), () => undefined)
  else
    it(
      lateName,
      async () => {
        const early = await store().append('breach-early', [sampleEvent()], {
          expectedVersion: 'any',
        })
        expect(E.isRight(early)).toBe(true)
        const late = await lateCommit('breach-late', sampleEvents(2))
        const after = await store().append('breach-after', sampleEvents(2), {
          expectedVersion: 'any',
        })
        expect(E.isRight(after)).toBe(true)
        // A reader catching up while the late transaction is open...
        const first = await pagesAfter(store(), 0n)
        await late.commit()
        // ...continues from the last position it saw, and must still get the late events.
        const last = first[first.length - 1]?.position ?? 0n
        const rest = await pagesAfter(store(), last)
        const all = await pagesAfter(store(), 0n)
        expect(all).toHaveLength(5)
        expect([...ids(first), ...ids(rest)]).toEqual(ids(all))
      },
      timeout,
    )

  it(
    'delivers the events of concurrent writers to a live subscription once each, in position order',
    async () => {
      const delivered: StoredEvent[] = []
      const subscription = store().subscribe({
        after: 0n,
        onEvent: (event) => {
          delivered.push(event)
        },
      })
      const writers = 4
      const appends = 40
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < appends; i++) {
            const result = await store().append(`processing-telco_se-live-${w}`, [sampleEvent()], {
              expectedVersion: 'any',
            })
            expect(E.isRight(result)).toBe(true)
          }
        }),
      )
      await expect.poll(() => delivered.length, { timeout: 20_000 }).toBe(writers * appends)
      await subscription.stop()
      expect(ids(delivered)).toEqual(ids(await pagesAfter(store(), 0n)))
    },
    timeout,
  )
}

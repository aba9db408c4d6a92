import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allPositionOf, isKnownPosition, positionOf } from '../src/position'

const U64 = (1n << 64n) - 1n
const pair = fc.record({
  commit: fc.bigInt({ min: 0n, max: U64 - 1n }),
  prepare: fc.bigInt({ min: 0n, max: U64 - 1n }),
})
const before = (a: { commit: bigint; prepare: bigint }, b: { commit: bigint; prepare: bigint }) =>
  a.commit < b.commit || (a.commit === b.commit && a.prepare < b.prepare)

describe('global position from the $all (commit, prepare) pair', () => {
  it('puts the events of one write apart when they share a commit position', () => {
    const commit = 5_000n
    const positions = [4_100n, 4_300n, 4_500n].map((prepare) => positionOf({ commit, prepare }))
    expect(new Set(positions).size).toBe(3)
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)))
    // The next write's events (a higher commit position) come after all of them.
    expect(positionOf({ commit: 5_100n, prepare: 5_100n }) > positions[2]!).toBe(true)
  })

  it('keeps an event at (0, 0) above 0n, which means "from the start"', () => {
    expect(positionOf({ commit: 0n, prepare: 0n })).toBe(1n)
    expect(allPositionOf(0n)).toBe('start')
  })

  it('is increasing in $all order and exactly invertible (property)', () => {
    fc.assert(
      fc.property(pair, pair, (a, b) => {
        expect(positionOf(a) < positionOf(b)).toBe(before(a, b))
        expect(positionOf(a) === positionOf(b)).toBe(
          a.commit === b.commit && a.prepare === b.prepare,
        )
        expect(allPositionOf(positionOf(a))).toEqual(a)
      }),
    )
  })

  it('recognises the missing position older servers send with stream reads', () => {
    expect(isKnownPosition({ commit: U64, prepare: U64 })).toBe(false)
    expect(isKnownPosition(undefined)).toBe(false)
    expect(isKnownPosition({ commit: 0n, prepare: 0n })).toBe(true)
  })
})

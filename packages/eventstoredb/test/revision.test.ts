import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { expectedRevisionOf, revisionOf, versionOf, versionOfCurrent } from '../src/revision'

describe('stream version ↔ EventStoreDB revision', () => {
  it('maps the first event to revision 0 and an empty stream to no_stream', () => {
    expect(revisionOf(1)).toBe(0n)
    expect(versionOf(0n)).toBe(1)
    expect(expectedRevisionOf(0)).toBe('no_stream')
    expect(expectedRevisionOf(3)).toBe(2n)
    expect(versionOfCurrent('no_stream')).toBe(0)
    expect(versionOfCurrent(4n)).toBe(5)
  })

  it('round-trips every version (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER - 1 }), (version) => {
        expect(versionOf(revisionOf(version))).toBe(version)
        expect(versionOfCurrent(revisionOf(version))).toBe(version)
      }),
    )
  })
})

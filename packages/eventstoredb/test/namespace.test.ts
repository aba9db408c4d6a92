import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_NAMESPACE, namespaceOf } from '../src/namespace'

describe('namespace', () => {
  it('puts ledger streams under <namespace>- and snapshots outside it', () => {
    const ns = namespaceOf()
    expect(ns.name).toBe(DEFAULT_NAMESPACE)
    expect(ns.streamName('subject-telco_se-sub-8f3a')).toBe('gdpr_ledger-subject-telco_se-sub-8f3a')
    expect(ns.streamIdOf('gdpr_ledger-breach-b1')).toBe('breach-b1')
    expect(ns.streamIdOf('gdpr_ledger_archive-breach-b1')).toBeUndefined()
    expect(ns.streamIdOf('$$gdpr_ledger-breach-b1')).toBeUndefined()
    const snapshot = ns.projectionStream('breach-clocks')
    expect(snapshot).toBe('gdpr_ledger.projection-breach-clocks')
    expect(ns.streamIdOf(snapshot)).toBeUndefined()
  })

  it('refuses namespaces that could hold one another, and bad consumer names', () => {
    for (const bad of ['', 'a-b', 'a.b', '$all', 'x'.repeat(65)])
      expect(() => namespaceOf(bad)).toThrow(TypeError)
    expect(() => namespaceOf().projectionStream('')).toThrow(TypeError)
    expect(() => namespaceOf().projectionStream('has space')).toThrow(TypeError)
  })

  it('never reads a stream of another namespace or a snapshot as its own (property)', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/)
    const streamId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}$/)
    fc.assert(
      fc.property(name, name, streamId, (a, b, id) => {
        const ours = namespaceOf(a)
        const theirs = namespaceOf(b)
        expect(ours.streamIdOf(ours.streamName(id))).toBe(id)
        if (a !== b) expect(ours.streamIdOf(theirs.streamName(id))).toBeUndefined()
        expect(ours.streamIdOf(theirs.projectionStream(id))).toBeUndefined()
      }),
    )
  })
})

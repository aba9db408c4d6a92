import type { LegalBasis } from '@gdpr-ledger/core'
import {
  complianceScenarioArbitrary,
  dataCategoryArbitrary,
  propertyRuns,
  runScenario,
  telecomSystems,
} from '@gdpr-ledger/testing'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  PORTABLE_BASES,
  disclosureRegister,
  disclosureRegisterProjection,
  disclosureStatistics,
  portableManifest,
  replay,
  type ManifestEntry,
} from '../src'

const BASES: readonly LegalBasis[] = [
  'consent',
  'contract',
  'legal-obligation',
  'vital-interests',
  'public-task',
  'legitimate-interests',
]

const manifestArbitrary: fc.Arbitrary<ManifestEntry[]> = fc.uniqueArray(
  fc.record({
    system: fc.constantFrom(...telecomSystems),
    held: fc.uniqueArray(
      fc.record({
        dataCategory: dataCategoryArbitrary,
        legalBases: fc.uniqueArray(fc.constantFrom(...BASES), { minLength: 1 }),
        purposes: fc.constant(['billing']),
      }),
      { minLength: 1, maxLength: 4, selector: (h) => h.dataCategory },
    ),
  }),
  { maxLength: 5, selector: (m) => m.system },
)

describe('query properties', () => {
  it('an Art. 20 export covers exactly the categories held on consent or contract', () => {
    fc.assert(
      fc.property(manifestArbitrary, (manifest) => {
        const portable = portableManifest(manifest)
        const key = (system: string, category: string) => `${system}/${category}`
        const exported = new Set(
          portable.flatMap((m) => m.held.map((h) => key(m.system, h.dataCategory))),
        )
        const expected = manifest.flatMap((m) =>
          m.held
            .filter((h) => h.legalBases.some((b) => PORTABLE_BASES.includes(b)))
            .map((h) => key(m.system, h.dataCategory)),
        )
        expect([...exported].sort()).toEqual([...expected].sort())
        for (const entry of portable)
          for (const held of entry.held)
            expect(held.legalBases.every((b) => PORTABLE_BASES.includes(b))).toBe(true)
      }),
      { numRuns: propertyRuns(1000) },
    )
  })

  it('disclosure statistics count every request of the period once, by authority and by statute', async () => {
    await fc.assert(
      fc.asyncProperty(
        complianceScenarioArbitrary({ maxSteps: 25 }),
        fc.constantFrom('2026-03-20T00:00:00.000Z', '2026-03-20T12:00:00.000Z'),
        async (steps, from) => {
          const { store } = await runScenario(steps)
          const built = await replay(store, [disclosureRegisterProjection])
          if (E.isLeft(built)) throw new Error('replay failed')
          const [state] = built.right.states
          const period = { from, to: '2027-01-01T00:00:00.000Z' }
          const stats = disclosureStatistics(state, period)
          const rows = disclosureRegister(state, period)
          const sum = (counts: readonly { total: number }[]) =>
            counts.reduce((n, c) => n + c.total, 0)
          expect(stats.requests.total).toBe(rows.length)
          expect(sum(stats.byAuthority)).toBe(rows.length)
          expect(sum(stats.byStatute)).toBe(rows.length)
          const r = stats.requests
          expect(r.complied + r['partially-complied'] + r.refused + r.pending).toBe(r.total)
          for (const row of rows) expect(row.receivedAt >= from).toBe(true)
        },
      ),
      { numRuns: propertyRuns(100) },
    )
  }, 120_000)
})

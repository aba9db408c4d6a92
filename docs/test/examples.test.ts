import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'

/**
 * Every example runs, as a reader would run it, against embedded stores: an example that
 * type-checks but would be refused by the ledger (an undeclared activity, a missing ePrivacy
 * ground) fails here. Examples check their own outcomes and throw when the ledger answers
 * otherwise than the page says.
 */
const dir = join(import.meta.dirname, '..', 'examples')
const examples = readdirSync(dir).filter((name) => name.endsWith('.ts'))

describe('docs examples', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it.each(examples)('%s runs to the end', async (name) => {
    const printed: unknown[][] = []
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(args)
    })
    await expect(import(join(dir, name))).resolves.toBeDefined()
    // What the page claims a line prints is what it prints.
    for (const [expected, actual] of expectedOutput[name] ?? [])
      expect(printed[actual]).toEqual(expected)
  })
})

/** Printed lines the pages quote in comments: [the arguments, which console.log call]. */
const expectedOutput: Record<string, [unknown[], number][]> = {
  'getting-started.ts': [
    [['subject-nordtele_se-sub-8f3a', 1], 0],
    [
      ['consent.covering-consent', 'GDPR Art. 6(1)(a), 7(1); ePrivacy Directive art. 6(3), 9(1)'],
      1,
    ],
    [[true, []], 4],
  ],
  'readme-usage.ts': [[['chain verified'], 0]],
}

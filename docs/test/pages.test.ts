import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { codeOf, documentedPages, embed, relativeLinks, repoRoot } from '../tools/embed'

describe('the code shown in the docs is the code that compiles and runs', () => {
  const pages = documentedPages()

  it('covers the README, every docs page and every package README', () => {
    expect(pages).toContain('README.md')
    expect(pages).toContain('docs/getting-started.md')
    expect(pages).toContain('packages/core/README.md')
  })

  it.each(pages)('%s: every TypeScript block is an included example, and up to date', (page) => {
    const markdown = readFileSync(join(repoRoot, page), 'utf8')
    const { text, issues } = embed(markdown)
    expect(issues).toEqual([])
    // Differs? Run `pnpm --filter @gdpr-ledger/docs sync` and commit the pages.
    expect(text).toBe(markdown)
  })

  it.each(pages)('%s: every relative link leads to a file', (page) => {
    const markdown = readFileSync(join(repoRoot, page), 'utf8')
    const broken = relativeLinks(markdown).filter(
      (target) => !existsSync(join(repoRoot, dirname(page), target)),
    )
    expect(broken).toEqual([])
  })
})

describe('embedding', () => {
  const page = (marker: string, code: string) =>
    `# Page\n\n${marker}\n\n\`\`\`ts\n${code}\n\`\`\`\n`

  it('replaces a stale block with the region the marker names, and nothing else', () => {
    const region = codeOf('docs/examples/getting-started.ts', 'first-event')
    const stale = page('<!-- include docs/examples/getting-started.ts#first-event -->', 'old code')
    const { text, issues } = embed(stale)
    expect(issues).toEqual([])
    expect(text).toBe(page('<!-- include docs/examples/getting-started.ts#first-event -->', region))
    expect(region).not.toMatch(/#(end)?region/)
    expect(embed(text).text).toBe(text)
  })

  it('refuses a TypeScript block without a marker, and a marker naming no region', () => {
    expect(embed('```ts\nconst x = 1\n```\n').issues).toEqual([
      { line: 1, problem: 'a TypeScript block without an include marker' },
    ])
    expect(
      embed(page('<!-- include docs/examples/getting-started.ts#nowhere -->', '')).issues,
    ).toEqual([{ line: 5, problem: 'docs/examples/getting-started.ts has no region "nowhere"' }])
    // Shell, JSON and text blocks are prose, not code to compile.
    expect(embed('```sh\npnpm add @gdpr-ledger/core\n```\n').issues).toEqual([])
  })
})

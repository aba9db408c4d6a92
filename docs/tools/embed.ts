import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fromMarkdown } from 'mdast-util-from-markdown'

/**
 * Code in the docs lives in files under `docs/examples/`, where it is type-checked, linted
 * and run. A markdown page shows it through a marker right before a fenced block:
 *
 *     <!-- include docs/examples/first-event.ts#record -->
 *     ```ts
 *     …copied by `pnpm --filter @gdpr-ledger/docs sync`…
 *     ```
 *
 * The path is relative to the repository root; `#name` picks the lines between
 * `// #region name` and `// #endregion name`. Every TypeScript block must carry a marker, so
 * no code in the docs escapes the compiler.
 */

/** The repository root: markers and reports use paths relative to it. */
export const repoRoot = join(import.meta.dirname, '..', '..')

const MARKER = /^<!--\s*include\s+(\S+?)(?:#([\w-]+))?\s*-->$/
const TYPESCRIPT = new Set(['ts', 'typescript', 'tsx', 'mts', 'cts'])
const REGION = /^\s*\/\/\s*#(region|endregion)\b\s*([\w-]*)\s*$/

/** A place where a page and its code disagree, or a block escapes the compiler. */
export interface EmbedIssue {
  readonly line: number
  readonly problem: string
}

const dedent = (lines: readonly string[]): string[] => {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0)
  const cut = indents.length === 0 ? 0 : Math.min(...indents)
  return lines.map((l) => l.slice(cut))
}

/**
 * The code a marker names: the whole file, or one region, without the region comments of
 * any region (regions may nest or overlap), dedented, without leading or trailing blank lines.
 */
export const codeOf = (file: string, region: string | undefined): string => {
  const lines = readFileSync(join(repoRoot, file), 'utf8').split('\n')
  let picked: string[]
  if (region === undefined) picked = lines
  else {
    const start = lines.findIndex(
      (l) => REGION.exec(l)?.[1] === 'region' && REGION.exec(l)?.[2] === region,
    )
    const end = lines.findIndex(
      (l, i) => i > start && REGION.exec(l)?.[1] === 'endregion' && REGION.exec(l)?.[2] === region,
    )
    if (start < 0 || end < 0) throw new Error(`${file} has no region "${region}"`)
    picked = lines.slice(start + 1, end)
  }
  const kept = dedent(picked.filter((l) => !REGION.test(l)))
  while (kept[0]?.trim() === '') kept.shift()
  while (kept.at(-1)?.trim() === '') kept.pop()
  return kept.join('\n')
}

interface Node {
  type: string
  value?: string
  lang?: string | null
  children?: Node[]
  position?: { start: { line: number; column: number; offset?: number }; end: { offset?: number } }
}

/**
 * The page with every marked block replaced by the code its marker names, and the problems
 * found: TypeScript blocks without a marker, markers without a block, missing files or regions.
 */
export const embed = (markdown: string): { text: string; issues: EmbedIssue[] } => {
  const issues: EmbedIssue[] = []
  const edits: { start: number; end: number; text: string }[] = []
  const visit = (nodes: readonly Node[]) => {
    nodes.forEach((node, i) => {
      const line = node.position?.start.line ?? 0
      if (node.children !== undefined) visit(node.children)
      if (node.type === 'html') {
        const marker = MARKER.exec(node.value?.trim() ?? '')
        if (marker !== null && nodes[i + 1]?.type !== 'code')
          issues.push({ line, problem: 'an include marker must be followed by a code block' })
        return
      }
      if (node.type !== 'code') return
      const previous = nodes[i - 1]
      const marker = previous?.type === 'html' ? MARKER.exec(previous.value?.trim() ?? '') : null
      if (marker === null) {
        if (TYPESCRIPT.has(node.lang ?? ''))
          issues.push({ line, problem: 'a TypeScript block without an include marker' })
        return
      }
      const [, file = '', region] = marker
      let code: string
      try {
        code = codeOf(file, region)
      } catch (error) {
        issues.push({ line, problem: error instanceof Error ? error.message : String(error) })
        return
      }
      const start = node.position?.start.offset ?? 0
      const end = node.position?.end.offset ?? 0
      const indent = ' '.repeat((node.position?.start.column ?? 1) - 1)
      const fence = code.includes('```') ? '````' : '```'
      const body = [`${fence}${node.lang ?? 'ts'}`, ...code.split('\n'), fence]
        .map((l, index) => (index === 0 || l === '' ? l : indent + l))
        .join('\n')
      edits.push({ start, end, text: body })
    })
  }
  visit((fromMarkdown(markdown) as Node).children ?? [])
  let text = markdown
  for (const edit of edits.sort((a, b) => b.start - a.start))
    text = text.slice(0, edit.start) + edit.text + text.slice(edit.end)
  return { text, issues }
}

const markdownUnder = (dir: string): string[] =>
  !existsSync(dir)
    ? []
    : readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) return []
        const path = join(dir, entry.name)
        if (entry.isDirectory()) return markdownUnder(path)
        return entry.name.endsWith('.md') ? [path] : []
      })

const readmesIn = (group: string): string[] => {
  const base = join(repoRoot, group)
  if (!existsSync(base)) return []
  return readdirSync(base)
    .map((name) => join(base, name, 'README.md'))
    .filter((path) => existsSync(path))
}

/** Every page whose code must compile: the docs, the README and each package's and example's README. */
export const documentedPages = (): string[] =>
  [
    join(repoRoot, 'README.md'),
    ...markdownUnder(join(repoRoot, 'docs')),
    ...readmesIn('packages'),
    ...readmesIn('examples'),
  ].map((path) => relative(repoRoot, path))

/** The relative link targets of a page (no scheme, no pure anchors), without their `#anchor`. */
export const relativeLinks = (markdown: string): string[] => {
  const found: string[] = []
  const visit = (nodes: readonly (Node & { url?: string })[]) => {
    for (const node of nodes) {
      if (
        node.type === 'link' &&
        node.url !== undefined &&
        !/^[a-z][a-z0-9+.-]*:|^#/i.test(node.url)
      )
        found.push(node.url.replace(/#.*$/, ''))
      if (node.children !== undefined) visit(node.children)
    }
  }
  visit((fromMarkdown(markdown) as Node).children ?? [])
  return found
}

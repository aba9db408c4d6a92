import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { documentedPages, embed, repoRoot } from './embed'

// Copies the included examples into the pages named (default: every documented page), and
// lists the blocks that escape the compiler. Paths are relative to the repository root.
const named = process.argv.slice(2)
let problems = 0
for (const page of named.length > 0 ? named : documentedPages()) {
  const path = join(repoRoot, page)
  const before = readFileSync(path, 'utf8')
  const { text, issues } = embed(before)
  for (const issue of issues) {
    problems += 1
    console.error(`${page}:${issue.line}: ${issue.problem}`)
  }
  if (text !== before) {
    writeFileSync(path, text)
    console.error(`updated ${page}`)
  }
}
process.exitCode = problems === 0 ? 0 : 1

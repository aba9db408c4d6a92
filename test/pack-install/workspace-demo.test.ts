import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The README's first command ends in the root `demo` script: build the CLI, then run its
 * `demo` script from the workspace. A package's own bin is not linked into its own
 * node_modules, so the script must call the built file, not the `gdpr-ledger` command; run
 * here after the build as the README runs it (on memory, to leave no data directory behind).
 */
const root = join(import.meta.dirname, '..', '..')

describe('the workspace demo script', () => {
  it("builds the CLI and then runs the CLI package's demo script", () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>
    }
    expect(scripts.demo).toMatch(/^turbo run build --filter=@gdpr-ledger\/cli\.\.\. .*&& /)
    expect(scripts.demo).toMatch(/&& pnpm --filter @gdpr-ledger\/cli run demo$/)
  })

  it('runs from the workspace root and ends with the chain verified', () => {
    const out = execFileSync(
      'pnpm',
      ['--silent', '--filter', '@gdpr-ledger/cli', 'run', 'demo', '--store', 'memory'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    )
    expect(out).toMatch(/Who processed what, when and why: subscriber sub-[0-9a-f]{8}/)
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/^chain verified: \d+ events in \d+ streams/)
  }, 120_000)
})

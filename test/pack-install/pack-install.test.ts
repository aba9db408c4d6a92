import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The published packages as a user gets them: `pnpm pack` each one (workspace ranges become
 * versions), install the tarballs into a blank project with npm, and use them from ESM, CJS,
 * TypeScript and the `gdpr-ledger` binary. Nothing here resolves into the workspace.
 */
const root = join(import.meta.dirname, '..', '..')
const packagesDir = join(root, 'packages')
const publicPackages = readdirSync(packagesDir)
  .map((dir) => ({
    dir: join(packagesDir, dir),
    manifest: JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')) as {
      name: string
      private?: boolean
      peerDependencies?: Record<string, string>
      exports: Record<string, { require?: unknown }>
    },
  }))
  .filter(({ manifest }) => manifest.private !== true)

const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' },
  })

describe('pack and install', () => {
  let project: string
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'gdpr-ledger-pack-'))
    const tarballs = publicPackages.map(({ dir }) => {
      const out = run('pnpm', ['pack', '--pack-destination', project], dir)
      const tarball = out.trim().split('\n').pop()
      if (tarball === undefined) throw new Error(`pnpm pack printed nothing in ${dir}`)
      return tarball
    })
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    )
    writeFileSync(
      join(project, 'packages.json'),
      // `cjs`: the package offers a `require` condition (the testing kit is ESM-only, as vitest is).
      JSON.stringify(
        publicPackages.map(({ manifest }) => ({
          name: manifest.name,
          cjs: manifest.exports['.']?.require !== undefined,
        })),
      ),
    )
    cpSync(join(import.meta.dirname, 'fixtures'), project, { recursive: true })
    // Peers a backend brings itself (fp-ts, io-ts, immer, drivers), and the compiler.
    run(
      'npm',
      [
        'install',
        '--no-save',
        '--loglevel=error',
        ...tarballs,
        '@electric-sql/pglite@^0.5.16',
        // Checking library types (no skipLibCheck): PGlite's declarations need Emscripten's, and
        // the PostgreSQL adapter's name `pg`'s types even for a PGlite-only consumer.
        '@types/emscripten',
        '@types/pg',
        'typescript@5.9.3',
        '@types/node@20',
        'vitest@4',
      ],
      project,
    )
  })
  afterAll(() => {
    rmSync(project, { recursive: true, force: true })
  })

  it('imports every package from ESM and runs a short day on the installed core', () => {
    expect(run('node', ['scenario.mjs'], project)).toMatch(/^esm ok: 4 events verified/)
  })

  it('runs a subscriber on PGlite through the installed adapter and projections', () => {
    expect(run('node', ['scenario-pglite.mjs'], project)).toMatch(
      /^pglite ok: 1 processing, 1 consent purpose, refused traffic\.eprivacy-basis, \d+ events verified/,
    )
  })

  it('requires every package from CommonJS', () => {
    expect(run('node', ['scenario.cjs'], project)).toContain('cjs ok')
  })

  it('type-checks an ESM and a CJS consumer of every package with module node16, strict', () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'node16',
          moduleResolution: 'node16',
          target: 'ES2022',
          strict: true,
          exactOptionalPropertyTypes: true,
          noEmit: true,
          types: ['node', 'emscripten'],
        },
        // `.ts` is an ES module here (`"type": "module"`), `.cts` CommonJS.
        files: ['consumer.ts', 'consumer.cts'],
      }),
    )
    // tsc prints its errors on stdout: compare them, so a failure shows them.
    const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' })
    expect(tsc.stdout).toBe('')
    expect(tsc.status).toBe(0)
    // Both consumers really reached the installed declarations: each package's ESM types, and
    // the CJS ones (`.d.cts`) of every package that ships CJS. No skipLibCheck: they are checked.
    const listed = spawnSync('npx', ['tsc', '-p', 'tsconfig.json', '--listFilesOnly'], {
      cwd: project,
      encoding: 'utf8',
    })
    expect(listed.status).toBe(0)
    const files = new Set(
      listed.stdout
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.includes('/node_modules/@gdpr-ledger/'))
        .map((line) => line.slice(line.indexOf('@gdpr-ledger/'))),
    )
    const expected = publicPackages.flatMap(({ manifest }) => [
      `${manifest.name}/dist/index.d.ts`,
      ...(manifest.exports['.']?.require === undefined
        ? []
        : [`${manifest.name}/dist/index.d.cts`]),
    ])
    expect([...files].sort()).toEqual(expected.sort())
  })

  it('installs the gdpr-ledger binary, which runs the demo', () => {
    const out = run('npx', ['gdpr-ledger', 'demo', '--store', 'memory'], project)
    expect(out).toMatch(/chain verified: \d+ events/)
  })
})

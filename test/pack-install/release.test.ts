import { execFileSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * What npm and changesets need of the published packages: metadata a registry page shows,
 * one version for all, a CHANGELOG per package, and a `fixed` group that really moves every
 * public package together (checked by running `changeset version` on a copy).
 */
const root = join(import.meta.dirname, '..', '..')

interface Manifest {
  name: string
  version: string
  private?: boolean
  description?: string
  keywords?: string[]
  license?: string
  repository?: { type?: string; url?: string; directory?: string }
  files?: string[]
  engines?: { node?: string }
  sideEffects?: boolean
  publishConfig?: { access?: string }
  exports?: Record<string, unknown>
  dependencies?: Record<string, string>
}

const readManifest = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest

const workspaceDirs = ['packages', 'examples', 'test', 'docs'].flatMap((group) => {
  const base = join(root, group)
  if (!existsSync(base)) return []
  if (existsSync(join(base, 'package.json'))) return [{ group, rel: group, dir: base }]
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(base, d.name, 'package.json')))
    .map((d) => ({ group, rel: `${group}/${d.name}`, dir: join(base, d.name) }))
})
const publicPackages = workspaceDirs
  .map((w) => ({ ...w, manifest: readManifest(w.dir) }))
  .filter((p) => p.manifest.private !== true)

const changesetConfig = JSON.parse(
  readFileSync(join(root, '.changeset', 'config.json'), 'utf8'),
) as { fixed: string[][]; access: string; privatePackages?: { version: boolean; tag: boolean } }

const firstChangelogVersion = (dir: string): string | undefined =>
  /^## (\S+)$/m.exec(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8'))?.[1]

describe('published package metadata', () => {
  it('publishes only from packages/, and every private package stays private', () => {
    expect(publicPackages.map((p) => p.group)).toEqual(publicPackages.map(() => 'packages'))
    expect(publicPackages.length).toBeGreaterThan(0)
  })

  it.each(publicPackages.map((p) => [p.manifest.name, p] as const))(
    '%s has what an npm page and a consumer need',
    (_name, { rel, dir, manifest }) => {
      expect(manifest.description?.length ?? 0).toBeGreaterThan(20)
      expect(manifest.keywords?.length ?? 0).toBeGreaterThanOrEqual(3)
      expect(manifest.license).toBe('MIT')
      expect(manifest.repository).toEqual({
        type: 'git',
        url: 'git+https://github.com/gdpr-ledger/gdpr-ledger.git',
        directory: rel,
      })
      expect(manifest.engines).toEqual({ node: '>=20' })
      expect(manifest.sideEffects).toBe(false)
      expect(manifest.publishConfig).toEqual({ access: 'public' })
      expect(manifest.files).toEqual(
        expect.arrayContaining(['dist', 'README.md', 'CHANGELOG.md', 'LICENSE']),
      )
      for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE'])
        expect(existsSync(join(dir, file)), `${rel}/${file}`).toBe(true)
      expect(firstChangelogVersion(dir)).toBe(manifest.version)
      // Types before `default` in every condition block (ESM-only packages have one block).
      const root = manifest.exports?.['.'] as Record<string, unknown>
      const blocks = [root, root.import, root.require].filter(
        (block): block is Record<string, unknown> =>
          typeof block === 'object' && block !== null && 'default' in block,
      )
      expect(blocks.length).toBeGreaterThan(0)
      for (const block of blocks) {
        const keys = Object.keys(block)
        expect(keys.indexOf('types')).toBeGreaterThanOrEqual(0)
        expect(keys.indexOf('types')).toBeLessThan(keys.indexOf('default'))
      }
    },
  )

  it('gives every public package one version', () => {
    expect(new Set(publicPackages.map((p) => p.manifest.version)).size).toBe(1)
  })

  it('puts exactly the public packages in one fixed changesets group, published publicly', () => {
    expect(changesetConfig.fixed).toHaveLength(1)
    expect([...(changesetConfig.fixed[0] ?? [])].sort()).toEqual(
      publicPackages.map((p) => p.manifest.name).sort(),
    )
    expect(changesetConfig.access).toBe('public')
    expect(changesetConfig.privatePackages).toEqual({ version: false, tag: false })
  })
})

describe('changeset version on a copy of the workspace', () => {
  const copy = mkdtempSync(join(tmpdir(), 'gdpr-ledger-release-'))
  afterAll(() => {
    rmSync(copy, { recursive: true, force: true })
  })

  it('moves every public package to the next version when one of them changes', () => {
    for (const { rel, dir } of workspaceDirs) {
      mkdirSync(join(copy, rel), { recursive: true })
      for (const file of ['package.json', 'CHANGELOG.md'])
        if (existsSync(join(dir, file))) cpSync(join(dir, file), join(copy, rel, file))
    }
    for (const file of ['package.json', 'pnpm-workspace.yaml'])
      cpSync(join(root, file), join(copy, file))
    cpSync(join(root, '.changeset', 'config.json'), join(copy, '.changeset', 'config.json'))
    writeFileSync(
      join(copy, '.changeset', 'tidy-core.md'),
      "---\n'@gdpr-ledger/core': patch\n---\n\nA core fix.\n",
    )
    const bin = join(root, 'node_modules', '@changesets', 'cli', 'bin.js')
    execFileSync(process.execPath, [bin, 'version'], { cwd: copy, stdio: 'pipe' })

    const before = publicPackages[0]?.manifest.version ?? ''
    const [major = 0, minor = 0, patch = 0] = before.split('.').map(Number)
    const next = `${major}.${minor}.${patch + 1}`
    for (const { rel, manifest } of publicPackages) {
      expect(readManifest(join(copy, rel)).version, rel).toBe(next)
      expect(firstChangelogVersion(join(copy, rel)), rel).toBe(next)
      // Workspace ranges stay workspace ranges: pnpm pack turns them into the version.
      for (const [dep, range] of Object.entries(readManifest(join(copy, rel)).dependencies ?? {}))
        if (dep.startsWith('@gdpr-ledger/')) expect(range).toBe(manifest.dependencies?.[dep])
    }
    for (const { rel, manifest } of workspaceDirs
      .map((w) => ({ ...w, manifest: readManifest(w.dir) }))
      .filter((p) => p.manifest.private === true))
      expect(readManifest(join(copy, rel)).version, rel).toBe(manifest.version)
    expect(readFileSync(join(copy, 'packages', 'core', 'CHANGELOG.md'), 'utf8')).toContain(
      'A core fix.',
    )
  })
})

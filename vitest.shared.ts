import { mergeConfig, type ViteUserConfig } from 'vitest/config'

/**
 * What every package's vitest config starts from: tests under `test/`, imports of workspace
 * packages resolved to their sources (the `@gdpr-ledger/source` export condition), and
 * timeouts that only catch a hang.
 *
 * `pnpm test` runs every package's typecheck, lint and tests at once; on a 2-core machine a
 * case that takes 1 s alone can take 5 s or more there, and property cases of 1,000 runs
 * take longest. No case measures speed (that is `pnpm bench`), so a case is given minutes
 * before it counts as hung, never vitest's 5 s default.
 */
const base: ViteUserConfig = {
  resolve: { conditions: ['@gdpr-ledger/source'] },
  ssr: { resolve: { conditions: ['@gdpr-ledger/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
}

/** The shared config, with a package's own settings merged over it. */
export const sharedConfig = (own: ViteUserConfig = {}): ViteUserConfig => mergeConfig(base, own)

import { mergeConfig, type ViteUserConfig } from 'vitest/config'

/**
 * What every package's vitest config starts from: tests under `test/`, imports of workspace
 * packages resolved to their sources (the `@gdpr-ledger/source` export condition), and
 * timeouts that only catch a hang.
 *
 * `pnpm test` runs the packages' typecheck, lint and test tasks three at a time (turbo's
 * `--concurrency=3`: on the 2-core machine, ten at once made the whole run 25-50 % slower and
 * the EventStoreDB contract's heaviest case up to 3.6 times slower). Even so a case that takes
 * 1 s alone can take several there, and property cases of 1,000 runs take longest. No case
 * measures speed (that is `pnpm bench`), so a case is given minutes before it counts as hung,
 * never vitest's 5 s default.
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

import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@gdpr-ledger/source'] },
  ssr: { resolve: { conditions: ['@gdpr-ledger/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // A real PostgreSQL: DATABASE_URL when set, else a throwaway embedded server.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})

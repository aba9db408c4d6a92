import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@gdpr-ledger/source'] },
  ssr: { resolve: { conditions: ['@gdpr-ledger/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // A real PostgreSQL for every run: DATABASE_URL when set, else a throwaway embedded server.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    // Creating a PGlite database (initdb in WebAssembly) takes seconds alone, minutes on a
    // machine busy with every package's tests at once.
    hookTimeout: 240_000,
  },
})

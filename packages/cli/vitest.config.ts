import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@gdpr-ledger/source'] },
  ssr: { resolve: { conditions: ['@gdpr-ledger/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // The postgres:// store runs against a real server: DATABASE_URL, or an embedded one.
    globalSetup: ['../postgres/test/support/global-setup.ts'],
  },
})

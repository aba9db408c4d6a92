import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@gdpr-ledger/source'] },
  ssr: { resolve: { conditions: ['@gdpr-ledger/source'] } },
  test: { include: ['test/**/*.test.ts', 'examples/**/*.test.ts'], testTimeout: 60_000 },
})

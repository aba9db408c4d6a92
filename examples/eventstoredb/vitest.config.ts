import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@gdpr-ledger/source'] },
  ssr: { resolve: { conditions: ['@gdpr-ledger/source'] } },
  // A whole day through gRPC, twice: more than vitest's 5 s default on a loaded machine.
  test: { include: ['test/**/*.test.ts'], testTimeout: 30_000 },
})

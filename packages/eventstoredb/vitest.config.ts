import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@gdpr-ledger/source'] },
  ssr: { resolve: { conditions: ['@gdpr-ledger/source'] } },
  // Every call here is a gRPC round trip (three per append): on a loaded machine the
  // contract's concurrent cases outlast vitest's 5 s default.
  test: { include: ['test/**/*.test.ts'], testTimeout: 30_000 },
})

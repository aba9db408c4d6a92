import { defineConfig } from 'vitest/config'
import { sharedConfig } from '../../vitest.shared.ts'

export default defineConfig(
  sharedConfig({
    test: {
      // A real PostgreSQL: DATABASE_URL when set, else a throwaway embedded server (the
      // postgres package's setup, as for its own tests).
      globalSetup: ['../../packages/postgres/test/support/global-setup.ts'],
    },
  }),
)

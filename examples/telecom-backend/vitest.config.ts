import { defineConfig } from 'vitest/config'
import { sharedConfig } from '../../vitest.shared.ts'

export default defineConfig(
  sharedConfig({
    test: {
      // A real PostgreSQL: DATABASE_URL when set, else a throwaway embedded server.
      globalSetup: ['test/support/global-setup.ts'],
    },
  }),
)

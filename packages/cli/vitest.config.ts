import { defineConfig } from 'vitest/config'
import { sharedConfig } from '../../vitest.shared.ts'

export default defineConfig(
  sharedConfig({
    test: {
      // The postgres:// store runs against a real server: DATABASE_URL, or an embedded one.
      globalSetup: ['../postgres/test/support/global-setup.ts'],
    },
  }),
)

import { defineConfig } from 'vitest/config'
import { sharedConfig } from '../vitest.shared.ts'

// The docs' runnable examples are tests too (`examples/**`), beside the checks of the pages.
export default defineConfig(sharedConfig({ test: { include: ['examples/**/*.test.ts'] } }))

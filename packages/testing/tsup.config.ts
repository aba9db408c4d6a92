import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts'],
  external: ['vitest'],
  // ESM only: vitest, which the contract suite and specifications drive, cannot be required from CommonJS.
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
})

/**
 * How many runs a property makes: `FC_RUNS` from the environment when set, at least 1,000.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check'
 * import { consentCoverageProperty, propertyRuns } from '@gdpr-ledger/testing'
 * await fc.assert(consentCoverageProperty(), { numRuns: propertyRuns() })
 * ```
 */
export const propertyRuns = (minimum = 1000): number => {
  const fromEnv = Number(process.env.FC_RUNS)
  return Number.isFinite(fromEnv) && fromEnv > 0 ? Math.max(Math.floor(fromEnv), minimum) : minimum
}

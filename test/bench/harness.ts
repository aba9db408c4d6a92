/**
 * The bench harness: each case is timed in several rounds, rounds interleave the cases (so a
 * noisy neighbour hurts every case alike), and the figure reported is the median rate.
 */

export interface BenchCase {
  readonly name: string
  /** Prepares a fresh run; returns the function to time and how many events it handles. */
  readonly setup: () => Promise<{
    run: () => Promise<void>
    events: number
    teardown?: () => Promise<void>
  }>
}

export interface CaseResult {
  readonly name: string
  /** Events per second of each round, in round order. */
  readonly rates: readonly number[]
  readonly median: number
  readonly min: number
  readonly max: number
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** Runs every case `rounds` times, interleaved, and returns their rates. */
export const interleave = async (
  cases: readonly BenchCase[],
  rounds = 5,
): Promise<CaseResult[]> => {
  const rates = cases.map(() => [] as number[])
  for (let round = 0; round < rounds; round++) {
    for (const [i, benchCase] of cases.entries()) {
      const { run, events, teardown } = await benchCase.setup()
      const start = process.hrtime.bigint()
      await run()
      const seconds = Number(process.hrtime.bigint() - start) / 1e9
      await teardown?.()
      rates[i]?.push(events / seconds)
    }
  }
  return cases.map((benchCase, i) => {
    const r = rates[i] ?? []
    return {
      name: benchCase.name,
      rates: r,
      median: median(r),
      min: Math.min(...r),
      max: Math.max(...r),
    }
  })
}

const fmt = (rate: number) => (rate >= 10_000 ? `${(rate / 1000).toFixed(1)}k` : rate.toFixed(0))

/** Prints rates (median, min-max) and each case's ratio to `baseline`. */
export const printResults = (
  title: string,
  results: readonly CaseResult[],
  baseline?: string,
): void => {
  const base = results.find((r) => r.name === baseline)
  console.log(`\n${title}`)
  for (const r of results) {
    const ratio =
      base === undefined ? '' : `  ${(r.median / base.median).toFixed(2)}× ${baseline ?? ''}`
    console.log(
      `  ${r.name.padEnd(44)} ${fmt(r.median).padStart(8)} ev/s  (min ${fmt(r.min)}, max ${fmt(r.max)})${ratio}`,
    )
  }
}

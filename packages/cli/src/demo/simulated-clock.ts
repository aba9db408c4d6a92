import type { Clock } from '@gdpr-ledger/core'

/**
 * The demo replays a working day in a few milliseconds, so its ledger runs on a simulated
 * clock: each step sets the time it happens at. The day is yesterday's, from 07:00 UTC, so
 * nothing is recorded in the future.
 */
export interface SimulatedClock {
  readonly clock: Clock
  /** Moves the clock to `minutes` after the start of the day. */
  at(minutes: number): string
  readonly dayStart: Date
}

export const simulatedDay = (now: Date): SimulatedClock => {
  const dayStart = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1, 7),
  )
  let current = dayStart
  return {
    dayStart,
    clock: () => current,
    at: (minutes) => {
      current = new Date(dayStart.getTime() + minutes * 60_000)
      return current.toISOString()
    },
  }
}

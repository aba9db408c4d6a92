/** The ledger's only source of "now"; inject a fixed one in tests. Deciders never read it. */
export type Clock = () => Date

export const systemClock: Clock = () => new Date()

/** Milliseconds since the epoch of a canonical instant. */
export const toMillis = (instant: string): number => Date.parse(instant)

/** The canonical instant of a millisecond timestamp. */
export const fromMillis = (millis: number): string => new Date(millis).toISOString()

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

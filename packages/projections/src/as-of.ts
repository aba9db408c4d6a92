import { Instant, invalidInput, type InvalidInput } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'

/**
 * "As it stood" (DESIGN.md, "The data flow"): at a global position, the events at or below
 * it; at a time, the events recorded at or before it. The time is a filter, not a cut-off,
 * since concurrent writers can record out of position order, so a late import never silently
 * rewrites an earlier answer.
 */
export type AsOf = { readonly position: bigint } | { readonly time: string }

/** What `AsOf` needs of an event. */
interface Placed {
  readonly position: bigint
  readonly recordedAt: string
}

/** Does the ledger as it stood at `asOf` contain `event`? No `asOf` is the ledger now. */
export const includes = (asOf: AsOf | undefined, event: Placed): boolean =>
  asOf === undefined ||
  ('position' in asOf ? event.position <= asOf.position : event.recordedAt <= asOf.time)

/**
 * Can no event from `event` on be part of the ledger at `asOf`? True past a position (the log
 * is read in position order); never for a time, which must read to the end.
 */
export const isPast = (asOf: AsOf | undefined, event: Placed): boolean =>
  asOf !== undefined && 'position' in asOf && event.position > asOf.position

/**
 * Reads an `AsOf` from text: a global position (digits) or an RFC 3339 instant.
 *
 * @example
 * ```ts
 * parseAsOf('1500')                      // Right({ position: 1500n })
 * parseAsOf('2026-11-23T12:00:00+01:00') // Right({ time: '2026-11-23T11:00:00.000Z' })
 * ```
 */
export const parseAsOf = (text: string): E.Either<InvalidInput, AsOf> => {
  if (/^(0|[1-9][0-9]{0,19})$/.test(text)) return E.right({ position: BigInt(text) })
  const time = Instant.decode(text)
  return E.isRight(time)
    ? E.right({ time: time.right })
    : E.left(invalidInput([{ path: 'asOf', expected: 'a global position or an RFC 3339 instant' }]))
}

/** A short description of `asOf` for report headers. */
export const describeAsOf = (asOf: AsOf | undefined): string =>
  asOf === undefined
    ? 'now'
    : 'position' in asOf
      ? `position ${asOf.position.toString()}`
      : `recorded by ${asOf.time}`

import { NO_STREAM, type CurrentRevision } from './client'

/**
 * Our stream version and EventStoreDB's revision, converted here and nowhere else. A version
 * is 1-based and counts the stream's events (0: no stream); a revision is 0-based, and a
 * stream without events is `no_stream`. So an event's revision is its version − 1.
 */

/** The revision of the event at `version` (≥ 1). */
export const revisionOf = (version: number): bigint => BigInt(version - 1)

/** The version of the event at `revision`. */
export const versionOf = (revision: bigint): number => Number(revision) + 1

/** The expected revision that says "the stream is at `version`". */
export const expectedRevisionOf = (version: number): bigint | typeof NO_STREAM =>
  version === 0 ? NO_STREAM : revisionOf(version)

/** A stream's version from the current revision a server reports (`no_stream` → 0). */
export const versionOfCurrent = (current: CurrentRevision): number =>
  current === NO_STREAM ? 0 : versionOf(current)

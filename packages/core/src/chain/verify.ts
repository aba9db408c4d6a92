import * as E from 'fp-ts/lib/Either.js'
import type { StoredEvent } from '../envelope'
import type { StoreError } from '../errors'
import type { EventStore } from '../store/event-store'
import { streamIds } from '../stream-id'
import { GENESIS_HASH, hashEvent } from './hash'

/** How a stream's chain is broken. */
export type ChainBreakKind =
  /** The event's bytes no longer match its hash, or its successor was chained to another event. */
  | 'changed'
  /** An event was put into the stream that was not appended there (a duplicate or shifted version). */
  | 'inserted'
  /** The stream's events appear out of version order in the global log. */
  | 'reordered'
  /** A version is absent between two present ones. */
  | 'missing'
  /** The stream ends before the head a checkpoint recorded. */
  | 'truncated'
  /** A checkpoint recorded the stream; it is no longer there. */
  | 'stream-gone'

/** The first break found in one stream. */
export interface ChainBreak {
  readonly streamId: string
  /** The first version that is not as appended. */
  readonly version: number
  readonly kind: ChainBreakKind
  /** The global position where the break was seen, when an event was there. */
  readonly position?: bigint
}

export interface VerifyReport {
  readonly ok: boolean
  readonly eventsChecked: number
  readonly streamsChecked: number
  readonly checkpointsChecked: number
  /** The first break per stream, in the order they were found. */
  readonly breaks: readonly ChainBreak[]
  /** The highest position read. */
  readonly lastPosition: bigint
}

export interface VerifyOptions {
  /** Called after each page with the count so far and the position reached. */
  readonly onProgress?: (eventsChecked: number, position: bigint) => void
  readonly pageSize?: number
}

interface StreamTrack {
  /** The version the next event must have. */
  next: number
  lastHash: string
  /** The hash of version `next - 2`, known for free from the last event's `prevHash`. */
  priorHash: string
  /** A version skipped in the global order: missing unless it shows up later (reordered). */
  gap: number | undefined
  broken: boolean
}

interface RecordedHead {
  readonly streamId: string
  readonly version: number
  readonly hash: string
}

const parseHeads = (event: StoredEvent): readonly RecordedHead[] => {
  try {
    const data = JSON.parse(event.data) as { heads?: unknown }
    return Array.isArray(data.heads) ? (data.heads as RecordedHead[]) : []
  } catch {
    return []
  }
}

/**
 * Streams the whole store in position order and re-checks every stream's hash chain, and
 * each checkpoint's recorded heads against what is there. Returns the first break per stream.
 * A break is a finding, not an error: `Left` only when the store cannot be read.
 *
 * What a chain alone cannot show: a lost tail or a deleted stream after the last checkpoint,
 * and a lost last checkpoint. `ledger.checkpoint()` often narrows that window.
 *
 * @example
 * ```ts
 * const report = await verify(store)
 * if (E.isRight(report) && report.right.ok) console.log('chain verified')
 * ```
 */
export const verify = async (
  store: Pick<EventStore, 'readAll'>,
  options: VerifyOptions = {},
): Promise<E.Either<StoreError, VerifyReport>> => {
  const tracks = new Map<string, StreamTrack>()
  const breaks: ChainBreak[] = []
  let eventsChecked = 0
  let checkpointsChecked = 0
  let after = 0n

  const fail = (
    streamId: string,
    track: StreamTrack | undefined,
    version: number,
    kind: ChainBreakKind,
    position?: bigint,
  ) => {
    if (track !== undefined) track.broken = true
    breaks.push(
      position === undefined ? { streamId, version, kind } : { streamId, version, kind, position },
    )
  }

  const check = (event: StoredEvent) => {
    let track = tracks.get(event.streamId)
    if (track === undefined) {
      track = {
        next: 1,
        lastHash: GENESIS_HASH,
        priorHash: GENESIS_HASH,
        gap: undefined,
        broken: false,
      }
      tracks.set(event.streamId, track)
    }
    if (track.broken) return
    const version = event.streamVersion
    if (track.gap !== undefined) {
      if (version === track.gap) fail(event.streamId, track, track.gap, 'reordered', event.position)
      return
    }
    if (version > track.next) {
      track.gap = track.next
      return
    }
    if (version < track.next) {
      fail(event.streamId, track, version, 'inserted', event.position)
      return
    }
    if (hashEvent(event) !== event.hash) {
      const shiftedUp =
        version > 1 && hashEvent({ ...event, streamVersion: version - 1 }) === event.hash
      if (shiftedUp) {
        fail(event.streamId, track, version - 1, 'inserted', event.position)
        return
      }
      const shiftedDown = hashEvent({ ...event, streamVersion: version + 1 }) === event.hash
      fail(event.streamId, track, version, shiftedDown ? 'missing' : 'changed', event.position)
      return
    }
    if (event.prevHash !== track.lastHash) {
      fail(event.streamId, track, version - 1, 'changed', event.position)
      return
    }
    track.priorHash = track.lastHash
    track.lastHash = event.hash
    track.next = version + 1
  }

  const checkHeads = (checkpoint: StoredEvent) => {
    checkpointsChecked += 1
    for (const head of parseHeads(checkpoint)) {
      const track = tracks.get(head.streamId)
      if (track === undefined) {
        fail(head.streamId, undefined, head.version, 'stream-gone')
        tracks.set(head.streamId, {
          next: 0,
          lastHash: '',
          priorHash: '',
          gap: undefined,
          broken: true,
        })
        continue
      }
      if (track.broken || track.gap !== undefined) continue
      const last = track.next - 1
      if (last < head.version) fail(head.streamId, track, last + 1, 'truncated')
      else if (last === head.version && track.lastHash !== head.hash)
        fail(head.streamId, track, head.version, 'changed')
      else if (last === head.version + 1 && track.priorHash !== head.hash)
        fail(head.streamId, track, head.version, 'changed')
    }
  }

  const checkpointStream = streamIds.checkpoint()
  for (;;) {
    const page = await store.readAll({ after, limit: options.pageSize ?? 1000 })
    if (E.isLeft(page)) return page
    if (page.right.length === 0) break
    for (const event of page.right) {
      check(event)
      if (event.streamId === checkpointStream && event.type === 'ChainCheckpoint') checkHeads(event)
      eventsChecked += 1
      after = event.position
    }
    options.onProgress?.(eventsChecked, after)
  }
  for (const [streamId, track] of tracks) {
    if (!track.broken && track.gap !== undefined) fail(streamId, track, track.gap, 'missing')
  }
  return E.right({
    ok: breaks.length === 0,
    eventsChecked,
    streamsChecked: tracks.size,
    checkpointsChecked,
    breaks,
    lastPosition: after,
  })
}

import * as E from 'fp-ts/lib/Either.js'
import { v7 as uuidv7 } from 'uuid'
import { catalogue } from '../catalogue'
import type { StreamHead } from '../catalogue/checkpoint'
import type { StoredEvent } from '../envelope'
import type { AppendError, StoreError } from '../errors'
import { DEFAULT_PAGE_SIZE, type EventStore } from '../store/event-store'
import { streamIds } from '../stream-id'
import type { Clock } from '../time'

export interface CheckpointConfig {
  readonly store: EventStore
  readonly clock: Clock
  /** The operator running the ledger: the controller named on checkpoint events. */
  readonly operatorId: string
  readonly actor: string
}

export interface CheckpointResult {
  /** The checkpoint appended, or `undefined` when nothing changed since the previous one. */
  readonly checkpoint: StoredEvent | undefined
  /** How many stream heads it records. */
  readonly streams: number
  /** The highest position it covers. */
  readonly position: bigint
}

const coveredPosition = (event: StoredEvent | undefined): bigint => {
  if (event === undefined) return 0n
  const data = JSON.parse(event.data) as { position: string }
  return BigInt(data.position)
}

/**
 * Appends a `ChainCheckpoint` with the head (version and hash) of every stream changed since
 * the previous checkpoint, so `verify` can tell a lost tail or a deleted stream. It reads only
 * the events after the previous checkpoint: its cost follows the writes, not the stream count.
 */
export const recordCheckpoint = async (
  config: CheckpointConfig,
): Promise<E.Either<StoreError | AppendError, CheckpointResult>> => {
  const { store } = config
  const checkpointStream = streamIds.checkpoint()
  const previous = await store.readStream(checkpointStream, { direction: 'backward', maxCount: 1 })
  if (E.isLeft(previous)) return previous
  const from = coveredPosition(previous.right.events[0])
  const heads = new Map<string, StreamHead>()
  let position = from
  for (;;) {
    const page = await store.readAll({ after: position, limit: DEFAULT_PAGE_SIZE })
    if (E.isLeft(page)) return page
    for (const event of page.right) {
      position = event.position
      if (event.streamId === checkpointStream) continue
      heads.set(event.streamId, {
        streamId: event.streamId,
        version: event.streamVersion,
        hash: event.hash,
      })
    }
    if (page.right.length < DEFAULT_PAGE_SIZE) break
  }
  if (heads.size === 0) return E.right({ checkpoint: undefined, streams: 0, position: from })
  const sorted = [...heads.values()].sort((a, b) =>
    a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0,
  )
  const now = config.clock().toISOString()
  const appended = await store.append(
    checkpointStream,
    [
      {
        id: uuidv7(),
        type: 'ChainCheckpoint',
        controllerId: config.operatorId,
        occurredAt: now,
        recordedAt: now,
        data: JSON.stringify({ position: position.toString(), heads: sorted }),
        metadata: JSON.stringify({
          schemaVersion: catalogue.ChainCheckpoint.schemaVersion,
          actor: config.actor,
        }),
      },
    ],
    { expectedVersion: previous.right.streamVersion },
  )
  if (E.isLeft(appended)) return appended
  return E.right({ checkpoint: appended.right.events[0], streams: sorted.length, position })
}

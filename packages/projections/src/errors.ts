import { describeError, type StoreError, type UnreadableEvent } from '@gdpr-ledger/core'

/** A saved checkpoint could not be read back (not written by this library, or damaged). */
export interface CheckpointUnreadable {
  readonly _tag: 'CheckpointUnreadable'
  /** The projection's name, the checkpoint's key. */
  readonly name: string
  readonly reason: string
}

/** What catching up, replaying or querying a projection can fail with. */
export type ProjectionError = StoreError | UnreadableEvent | CheckpointUnreadable

export const checkpointUnreadable = (name: string, reason: string): CheckpointUnreadable => ({
  _tag: 'CheckpointUnreadable',
  name,
  reason,
})

/**
 * One line describing a projection error, safe to log: tags, stream ids and names, never
 * personal data.
 */
export const describeProjectionError = (error: ProjectionError): string =>
  error._tag === 'CheckpointUnreadable'
    ? `checkpoint of projection "${error.name}" unreadable: ${error.reason}`
    : describeError(error)

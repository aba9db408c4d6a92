import type { Either } from 'fp-ts/lib/Either.js'
import type { StoredEvent } from '../envelope'
import type { StoreError } from '../errors'

/**
 * The optional `ProcessingQuery` port: the processing log across subjects (who processed
 * what, when and why). PostgreSQL answers it from an indexed table written in the append's
 * transaction; elsewhere it is a streaming scan of `readAll`, never a resident copy.
 */
export interface ProcessingFilter {
  readonly controllerId: string
  readonly subjectId?: string
  readonly actorId?: string
  readonly purpose?: string
  readonly activityId?: string
  /** `occurredAt` at or after this instant. */
  readonly occurredFrom?: string
  /** `occurredAt` before this instant. */
  readonly occurredTo?: string
  /** As the ledger stood at this global position (inclusive). */
  readonly asOfPosition?: bigint
  /** As the ledger stood at this time: events with `recordedAt` at or before it. */
  readonly asOfRecordedAt?: string
}

export interface ProcessingPage {
  /** `DataProcessed` and `DataSharedWithRecipient` events, in position order. */
  readonly events: readonly StoredEvent[]
  /** Pass as `after` for the next page; `undefined` when there is none. */
  readonly next: bigint | undefined
}

export interface ProcessingQuery {
  findProcessing(
    filter: ProcessingFilter,
    page?: { readonly after?: bigint; readonly limit?: number },
  ): Promise<Either<StoreError, ProcessingPage>>
}

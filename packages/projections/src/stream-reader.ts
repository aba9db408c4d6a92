import {
  DEFAULT_PAGE_SIZE,
  readEvent,
  type EventStore,
  type RecordedEvent,
  type Upcasters,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { includes, isPast, type AsOf } from './as-of'
import type { ProjectionError } from './errors'

/**
 * Reads one stream page by page, in version order, and hands each event of the ledger as it
 * stood at `asOf` to `onEvent`. Per-subject reports read the subject's own streams this way.
 */
export const forEachStreamEvent = async (
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  options: { readonly asOf?: AsOf | undefined; readonly upcasters?: Upcasters | undefined },
  onEvent: (event: RecordedEvent) => void,
): Promise<E.Either<ProjectionError, void>> => {
  let version = 0
  for (;;) {
    const slice = await store.readStream(streamId, {
      fromVersion: version + 1,
      maxCount: DEFAULT_PAGE_SIZE,
    })
    if (E.isLeft(slice)) return slice
    for (const stored of slice.right.events) {
      // A stream's positions grow with its versions: nothing after this is in the ledger at asOf.
      if (isPast(options.asOf, stored)) return E.right(undefined)
      version = stored.streamVersion
      if (!includes(options.asOf, stored)) continue
      const event = readEvent(stored, options.upcasters)
      if (E.isLeft(event)) return event
      onEvent(event.right)
    }
    if (slice.right.events.length === 0 || version >= slice.right.streamVersion)
      return E.right(undefined)
  }
}

import {
  DEFAULT_PAGE_SIZE,
  readEvent,
  streamIds,
  type EPrivacyBasis,
  type EventStore,
  type LegalBasis,
  type ProcessingAction,
  type ProcessingFilter,
  type ProcessingQuery,
  type RecipientKind,
  type RecordedEvent,
  type SpecialCategoryCondition,
  type Art18Ground,
  type StoredEvent,
  type Upcasters,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { includes, isPast, type AsOf } from './as-of'
import type { ProjectionError } from './errors'

/**
 * The processing log: who (actor, role, system) processed what (subject, data categories,
 * action) when and why (purpose, legal basis, activity). It is a query, not a resident fold:
 * a store with an indexed processing table answers it through core's `ProcessingQuery` port
 * (PostgreSQL); any other store is scanned, page by page — one subject's own processing
 * stream when the filter names a subject, the global log otherwise.
 */

/** One processing act or one disclosure to a recipient (Art. 19 tracking). */
export interface ProcessingEntry {
  readonly position: bigint
  readonly eventId: string
  readonly occurredAt: string
  readonly recordedAt: string
  readonly controllerId: string
  readonly subjectId: string
  readonly kind: 'processed' | 'shared'
  /** Who: the actor that processed, or that recorded the sharing. */
  readonly actorId: string
  readonly actorRole?: string
  readonly system?: string
  /** What was done: an Art. 4(2) operation, or `share` for a disclosure to a recipient. */
  readonly action: ProcessingAction | 'share'
  readonly dataCategories: readonly string[]
  /** Why. */
  readonly purpose: string
  readonly legalBasis: LegalBasis
  readonly ePrivacyBasis?: EPrivacyBasis
  readonly specialCategoryCondition?: SpecialCategoryCondition
  readonly restrictionGround?: Art18Ground
  readonly activityId: string
  readonly recipient?: {
    readonly recipientId: string
    readonly name: string
    readonly kind: RecipientKind
    readonly country: string
  }
  readonly recordCount?: number
  readonly reference?: string
  /** Recorded through the import path: no gate judged it. */
  readonly imported: boolean
}

/** The processing log's entry for an event, or `undefined` for events of other types. */
export const toProcessingEntry = (event: RecordedEvent): ProcessingEntry | undefined => {
  const common = {
    position: event.position,
    eventId: event.id,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    controllerId: event.controllerId,
    imported: event.metadata.imported === true,
  }
  if (event.type === 'DataProcessed') {
    const d = event.data
    return {
      ...common,
      subjectId: d.subjectId,
      kind: 'processed',
      actorId: d.actorId,
      actorRole: d.actorRole,
      system: d.system,
      action: d.action,
      dataCategories: d.dataCategories,
      purpose: d.purpose,
      legalBasis: d.legalBasis,
      activityId: d.activityId,
      ...(d.ePrivacyBasis === undefined ? {} : { ePrivacyBasis: d.ePrivacyBasis }),
      ...(d.specialCategoryCondition === undefined
        ? {}
        : { specialCategoryCondition: d.specialCategoryCondition }),
      ...(d.restrictionGround === undefined ? {} : { restrictionGround: d.restrictionGround }),
      ...(d.recordCount === undefined ? {} : { recordCount: d.recordCount }),
      ...(d.reference === undefined ? {} : { reference: d.reference }),
    }
  }
  if (event.type === 'DataSharedWithRecipient') {
    const d = event.data
    return {
      ...common,
      subjectId: d.subjectId,
      kind: 'shared',
      actorId: event.metadata.actor,
      action: 'share',
      dataCategories: d.dataCategories,
      purpose: d.purpose,
      legalBasis: d.legalBasis,
      activityId: d.activityId,
      recipient: {
        recipientId: d.recipientId,
        name: d.recipientName,
        kind: d.recipientKind,
        country: d.country,
      },
    }
  }
  return undefined
}

const asOfOf = (filter: ProcessingFilter): AsOf | undefined =>
  filter.asOfPosition !== undefined
    ? { position: filter.asOfPosition }
    : filter.asOfRecordedAt !== undefined
      ? { time: filter.asOfRecordedAt }
      : undefined

/** Does `entry` match every criterion of `filter` (the as-of part aside)? */
export const matchesProcessingFilter = (
  filter: ProcessingFilter,
  entry: ProcessingEntry,
): boolean =>
  entry.controllerId === filter.controllerId &&
  (filter.subjectId === undefined || entry.subjectId === filter.subjectId) &&
  (filter.actorId === undefined || entry.actorId === filter.actorId) &&
  (filter.purpose === undefined || entry.purpose === filter.purpose) &&
  (filter.activityId === undefined || entry.activityId === filter.activityId) &&
  (filter.occurredFrom === undefined || entry.occurredAt >= filter.occurredFrom) &&
  (filter.occurredTo === undefined || entry.occurredAt < filter.occurredTo)

const PROCESSING_TYPES: ReadonlySet<string> = new Set(['DataProcessed', 'DataSharedWithRecipient'])

/** Does the store answer processing queries from an index of its own? */
export const hasProcessingQuery = <S extends object>(store: S): store is S & ProcessingQuery =>
  'findProcessing' in store && typeof store.findProcessing === 'function'

export interface ProcessingScanOptions {
  readonly upcasters?: Upcasters
  /** Entries per page handed to `onPage` (default 1,000). */
  readonly pageSize?: number
}

/**
 * Streams the processing log matching `filter` to `onPage`, a page at a time, in position
 * order. Uses the store's `ProcessingQuery` when it has one; otherwise scans the subject's
 * processing stream (when `filter.subjectId` is set) or the global log. Nothing beyond one
 * page is held in memory. `onPage` returning `false` stops the scan.
 *
 * @example
 * ```ts
 * import { forEachProcessing } from '@gdpr-ledger/projections'
 *
 * // Everything support agent 42 did for telco_se in November.
 * await forEachProcessing(
 *   store,
 *   { controllerId: 'telco_se', actorId: 'agent-42', occurredFrom: '2026-11-01T00:00:00Z', occurredTo: '2026-12-01T00:00:00Z' },
 *   (entries) => { for (const e of entries) console.log(e.occurredAt, e.action, e.dataCategories, e.purpose) },
 * )
 * ```
 */
export const forEachProcessing = async (
  store: Pick<EventStore, 'readAll' | 'readStream'> & Partial<ProcessingQuery>,
  filter: ProcessingFilter,
  onPage: (entries: readonly ProcessingEntry[]) => void | boolean | Promise<void | boolean>,
  options: ProcessingScanOptions = {},
): Promise<E.Either<ProjectionError, { readonly entries: number }>> => {
  const pageSize = Math.min(options.pageSize ?? DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE)
  let count = 0
  const deliver = async (entries: readonly ProcessingEntry[]): Promise<boolean> => {
    if (entries.length === 0) return true
    count += entries.length
    return (await onPage(entries)) !== false
  }
  const decodeAll = (events: readonly StoredEvent[], asOf: AsOf | undefined) => {
    const entries: ProcessingEntry[] = []
    for (const stored of events) {
      if (!PROCESSING_TYPES.has(stored.type) || !includes(asOf, stored)) continue
      if (stored.controllerId !== filter.controllerId) continue
      const event = readEvent(stored, options.upcasters)
      if (E.isLeft(event)) return event
      const entry = toProcessingEntry(event.right)
      if (entry !== undefined && matchesProcessingFilter(filter, entry)) entries.push(entry)
    }
    return E.right(entries)
  }

  if (hasProcessingQuery(store)) {
    let after: bigint | undefined
    for (;;) {
      const page = await store.findProcessing(filter, {
        ...(after === undefined ? {} : { after }),
        limit: pageSize,
      })
      if (E.isLeft(page)) return page
      const entries = decodeAll(page.right.events, undefined)
      if (E.isLeft(entries)) return entries
      if (!(await deliver(entries.right)) || page.right.next === undefined)
        return E.right({ entries: count })
      after = page.right.next
    }
  }

  const asOf = asOfOf(filter)
  if (filter.subjectId !== undefined) {
    const streamId = streamIds.processing(filter.controllerId, filter.subjectId)
    let version = 0
    for (;;) {
      const slice = await store.readStream(streamId, {
        fromVersion: version + 1,
        maxCount: pageSize,
      })
      if (E.isLeft(slice)) return slice
      const events = slice.right.events
      const last = events[events.length - 1]
      if (last === undefined) return E.right({ entries: count })
      const within = events.filter((event) => !isPast(asOf, event))
      const entries = decodeAll(within, asOf)
      if (E.isLeft(entries)) return entries
      if (!(await deliver(entries.right)) || within.length < events.length)
        return E.right({ entries: count })
      version = last.streamVersion
    }
  }

  let position = 0n
  for (;;) {
    const page = await store.readAll({ after: position, limit: pageSize })
    if (E.isLeft(page)) return page
    const events = page.right
    const last = events[events.length - 1]
    if (last === undefined) return E.right({ entries: count })
    const within = events.filter((event) => !isPast(asOf, event))
    const entries = decodeAll(within, asOf)
    if (E.isLeft(entries)) return entries
    if (!(await deliver(entries.right)) || within.length < events.length)
      return E.right({ entries: count })
    position = last.position
  }
}

/**
 * The processing log matching `filter`, up to `limit` entries (default 10,000), and whether
 * more matched. For reports; stream with `forEachProcessing` when the answer may be large.
 */
export const collectProcessing = async (
  store: Pick<EventStore, 'readAll' | 'readStream'> & Partial<ProcessingQuery>,
  filter: ProcessingFilter,
  options: ProcessingScanOptions & { readonly limit?: number } = {},
): Promise<
  E.Either<
    ProjectionError,
    { readonly entries: readonly ProcessingEntry[]; readonly truncated: boolean }
  >
> => {
  const limit = options.limit ?? 10_000
  const entries: ProcessingEntry[] = []
  let truncated = false
  const scanned = await forEachProcessing(
    store,
    filter,
    (page) => {
      for (const entry of page) {
        if (entries.length === limit) {
          truncated = true
          return false
        }
        entries.push(entry)
      }
      return true
    },
    options,
  )
  return E.map(() => ({ entries, truncated }))(scanned)
}

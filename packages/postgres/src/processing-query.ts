import {
  DEFAULT_PAGE_SIZE,
  Instant,
  streamIds,
  type ProcessingFilter,
  type ProcessingQuery,
} from '@gdpr-ledger/core'
import { EVENT_COLUMNS, VISIBLE, positionParam, toStoredEvent, type EventRow } from './event-rows'
import type { ReadRunner, SqlClient } from './sql-client'

const checkInstant = (name: string, value: string | undefined): void => {
  if (value !== undefined && !Instant.is(value))
    throw new TypeError(`${name} must be a canonical instant (YYYY-MM-DDTHH:mm:ss.sssZ)`)
}

/**
 * The `ProcessingQuery` port on the inline processing log: the columns the append filled
 * from each processing event's data, paged by position below the same horizon `readAll`
 * uses, so paging never skips a late commit. A filter by subject, actor, purpose or activity
 * runs in `find_processing` (migration 2), which keeps to that key's index whatever the
 * table's statistics say; a filter by controller and time alone is a plain statement.
 */
export const createProcessingQuery = (
  client: SqlClient,
  schema: string,
  read: ReadRunner,
): ProcessingQuery => {
  const keyedSql = `SELECT ${EVENT_COLUMNS} FROM ${schema}.find_processing(
    $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text,
    $10::bigint, $11::bigint, $12::integer) e`
  return {
    findProcessing: (filter: ProcessingFilter, page = {}) => {
      checkInstant('occurredFrom', filter.occurredFrom)
      checkInstant('occurredTo', filter.occurredTo)
      checkInstant('asOfRecordedAt', filter.asOfRecordedAt)
      const limit = page.limit ?? DEFAULT_PAGE_SIZE
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > DEFAULT_PAGE_SIZE)
        throw new TypeError(`limit must be an integer from 1 to ${DEFAULT_PAGE_SIZE}`)
      const keyed =
        filter.subjectId !== undefined ||
        filter.actorId !== undefined ||
        filter.purpose !== undefined ||
        filter.activityId !== undefined
      const [sql, params] = keyed
        ? [keyedSql, keyedParams(filter, page.after, limit + 1)]
        : plainStatement(schema, filter, page.after, limit + 1)
      return read(async () => {
        const rows = await client.query<EventRow>(sql, params)
        const events = rows.slice(0, limit).map(toStoredEvent)
        const last = events[events.length - 1]
        return {
          events,
          next: rows.length > limit && last !== undefined ? last.position : undefined,
        }
      })
    },
  }
}

/** The parameters of `find_processing`, in order. */
const keyedParams = (
  filter: ProcessingFilter,
  after: bigint | undefined,
  limit: number,
): unknown[] => [
  filter.controllerId,
  // A subject's processing events are its processing stream.
  filter.subjectId === undefined
    ? null
    : streamIds.processing(filter.controllerId, filter.subjectId),
  filter.subjectId ?? null,
  filter.actorId ?? null,
  filter.purpose ?? null,
  filter.activityId ?? null,
  filter.occurredFrom ?? null,
  filter.occurredTo ?? null,
  filter.asOfRecordedAt ?? null,
  filter.asOfPosition === undefined ? null : positionParam(filter.asOfPosition),
  positionParam(after ?? 0n),
  limit,
]

/** A filter by controller, time and as-of bounds only: the log in position order. */
const plainStatement = (
  schema: string,
  filter: ProcessingFilter,
  after: bigint | undefined,
  limit: number,
): [string, unknown[]] => {
  const params: unknown[] = []
  const where: string[] = []
  const add = (condition: (param: string) => string, value: unknown) => {
    params.push(value)
    where.push(condition(`$${params.length}`))
  }
  add((p) => `e.controller_id = ${p}`, filter.controllerId)
  // Instants are canonical (checked above), so they compare as text.
  if (filter.occurredFrom !== undefined) add((p) => `e.occurred_at >= ${p}`, filter.occurredFrom)
  if (filter.occurredTo !== undefined) add((p) => `e.occurred_at < ${p}`, filter.occurredTo)
  if (filter.asOfPosition !== undefined)
    add((p) => `e.position <= ${p}::bigint`, positionParam(filter.asOfPosition))
  if (filter.asOfRecordedAt !== undefined)
    add((p) => `e.recorded_at <= ${p}`, filter.asOfRecordedAt)
  if (after !== undefined) add((p) => `e.position > ${p}::bigint`, positionParam(after))
  params.push(limit)
  const sql = `SELECT ${EVENT_COLUMNS} FROM ${schema}.events e
    WHERE e.type IN ('DataProcessed', 'DataSharedWithRecipient') AND ${where.join(' AND ')}
      AND e.position < ${VISIBLE}
    ORDER BY e.position LIMIT $${params.length}`
  return [sql, params]
}

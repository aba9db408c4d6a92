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
 * from each processing event's data, under partial indexes, paged by position below the
 * same horizon `readAll` uses, so paging never skips a late commit.
 */
export const createProcessingQuery = (
  client: SqlClient,
  schema: string,
  read: ReadRunner,
): ProcessingQuery => ({
  findProcessing: (filter: ProcessingFilter, page = {}) => {
    checkInstant('occurredFrom', filter.occurredFrom)
    checkInstant('occurredTo', filter.occurredTo)
    checkInstant('asOfRecordedAt', filter.asOfRecordedAt)
    const limit = page.limit ?? DEFAULT_PAGE_SIZE
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > DEFAULT_PAGE_SIZE)
      throw new TypeError(`limit must be an integer from 1 to ${DEFAULT_PAGE_SIZE}`)
    const params: unknown[] = []
    const where: string[] = []
    const add = (condition: (param: string) => string, value: unknown) => {
      params.push(value)
      where.push(condition(`$${params.length}`))
    }
    add((p) => `e.controller_id = ${p}`, filter.controllerId)
    if (filter.subjectId !== undefined) {
      // A subject's processing events are its processing stream: that index serves.
      add((p) => `e.stream_id = ${p}`, streamIds.processing(filter.controllerId, filter.subjectId))
      add((p) => `e.subject_id = ${p}`, filter.subjectId)
    }
    if (filter.actorId !== undefined) add((p) => `e.actor_id = ${p}`, filter.actorId)
    if (filter.purpose !== undefined) add((p) => `e.purpose = ${p}`, filter.purpose)
    if (filter.activityId !== undefined) add((p) => `e.activity_id = ${p}`, filter.activityId)
    // Instants are canonical (checked above), so they compare as text.
    if (filter.occurredFrom !== undefined) add((p) => `e.occurred_at >= ${p}`, filter.occurredFrom)
    if (filter.occurredTo !== undefined) add((p) => `e.occurred_at < ${p}`, filter.occurredTo)
    if (filter.asOfPosition !== undefined)
      add((p) => `e.position <= ${p}::bigint`, positionParam(filter.asOfPosition))
    if (filter.asOfRecordedAt !== undefined)
      add((p) => `e.recorded_at <= ${p}`, filter.asOfRecordedAt)
    if (page.after !== undefined) add((p) => `e.position > ${p}::bigint`, positionParam(page.after))
    params.push(limit + 1)
    const sql = `SELECT ${EVENT_COLUMNS} FROM ${schema}.events e
      WHERE e.type IN ('DataProcessed', 'DataSharedWithRecipient') AND ${where.join(' AND ')}
        AND e.position < ${VISIBLE}
      ORDER BY e.position LIMIT $${params.length}`
    return read(async () => {
      const rows = await client.query<EventRow>(sql, params)
      const events = rows.slice(0, limit).map(toStoredEvent)
      const last = events[events.length - 1]
      return { events, next: rows.length > limit && last !== undefined ? last.position : undefined }
    })
  },
})

import type { EventToAppend } from '@gdpr-ledger/core'

/** The columns of the processing log an event fills, or `undefined` for other event types. */
export interface ProcessingFields {
  readonly subjectId: string | null
  readonly actorId: string | null
  readonly purpose: string | null
  readonly activityId: string | null
}

const PROCESSING_TYPES = new Set(['DataProcessed', 'DataSharedWithRecipient'])

const field = (record: Record<string, unknown>, key: string): string | null => {
  const value = record[key]
  return typeof value === 'string' ? value : null
}

const parseObject = (text: string): Record<string, unknown> => {
  // The append was validated: data and metadata are JSON object texts.
  return JSON.parse(text) as Record<string, unknown>
}

/**
 * Reads the processing log's columns from an event's data. A `DataSharedWithRecipient` names
 * no actor in its data: the actor who recorded it (metadata `actor`) stands in, so "what did
 * this actor do" also finds what they shared. Parsed here rather than in SQL so a payload
 * PostgreSQL's jsonb would refuse (`\u0000`) can never fail an append.
 */
export const processingFields = (event: EventToAppend): ProcessingFields | undefined => {
  if (!PROCESSING_TYPES.has(event.type)) return undefined
  const data = parseObject(event.data)
  const actorId =
    field(data, 'actorId') ??
    (event.type === 'DataSharedWithRecipient' ? field(parseObject(event.metadata), 'actor') : null)
  return {
    subjectId: field(data, 'subjectId'),
    actorId,
    purpose: field(data, 'purpose'),
    activityId: field(data, 'activityId'),
  }
}

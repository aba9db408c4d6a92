import { randomUUID } from 'node:crypto'
import { serialiseMetadata, type EventToAppend } from '@gdpr-ledger/core'

let sequence = 0

/**
 * A processing record ready to append, with a fresh id. The data bytes are deliberately not
 * canonical JSON (odd spacing, non-ASCII, an emoji) so a store that re-serialises is caught.
 */
export const sampleEvent = (overrides: Partial<EventToAppend> = {}): EventToAppend => {
  sequence += 1
  return {
    id: randomUUID(),
    type: 'DataProcessed',
    controllerId: 'telco_se',
    occurredAt: '2026-11-23T08:15:00.000Z',
    recordedAt: '2026-11-23T08:15:00.123Z',
    data: `{"subjectId":"sub-8f3a",  "actorId":"agent-42","actorRole":"support-agent","system":"support-desk","activityId":"act-support","purpose":"customer-support","legalBasis":"contract","dataCategories":["call-records"],"action":"read","reference":"case-${sequence}","note":"Malmö → Tromsø 😀"}`,
    metadata: serialiseMetadata({
      schemaVersion: 1,
      actor: 'agent-42',
      correlationId: `corr-${sequence}`,
    }),
    ...overrides,
  }
}

/** `count` sample events. */
export const sampleEvents = (
  count: number,
  overrides: Partial<EventToAppend> = {},
): EventToAppend[] => Array.from({ length: count }, () => sampleEvent(overrides))

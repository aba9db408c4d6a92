import {
  customerDataRetention,
  endedRelationshipAt,
  settlementFor,
  trafficDataRetention,
  type Jurisdiction,
  type RecordedEvent,
  type RulePolicy,
  type Settlement,
  type SubjectState,
} from '@gdpr-ledger/core'
import { byString, lookup, sortedEntries, upsert, type Dict } from './dict'
import type { Projection } from './projection'
import { evolveStream } from './stream-state'

/**
 * The retention due-list (GDPR Art. 5(1)(e); ePrivacy art. 6): what must be erased or
 * anonymised by when, and what is overdue. Traffic data falls due by core's
 * `trafficDataRetention` (the profile's period after collection, read with the invoice's
 * settlement), customer data by `customerDataRetention` (the profile's period after the
 * relationship ends, moved by legal holds): the very functions the gate's retention rule uses.
 *
 * Per subject the fold keeps only the oldest unerased processing time of each category, the
 * invoice settlements and the rights state (relationship, legal holds); not the acts.
 */

/** The data of one category a subject has, as far as retention is concerned. */
export interface HeldData {
  /** The oldest time the category was processed and not erased since (what falls due first). */
  oldestAt: string
  newestAt: string
}

export interface SubjectRetention {
  /** By data category. */
  held: Dict<HeldData>
  /** The last erasure of each category (`DataErased`, or a delete or anonymise act). */
  erasedAt: Dict<string>
  settlements: Settlement[]
  /** The subject's rights state (relationship, legal holds), when it has any. */
  subject?: SubjectState
}

export interface RetentionState {
  /** By controller, then by subject id. */
  readonly controllers: Dict<Dict<SubjectRetention>>
}

const subjectOf = (state: RetentionState, controllerId: string, subjectId: string) =>
  upsert(
    upsert(state.controllers, controllerId, () => ({})),
    subjectId,
    () => ({
      held: {},
      erasedAt: {},
      settlements: [],
    }),
  )

const erase = (entry: SubjectRetention, categories: readonly string[], at: string) => {
  for (const category of categories) {
    const previous = lookup(entry.erasedAt, category)
    if (previous === undefined || previous < at) entry.erasedAt[category] = at
    const held = lookup(entry.held, category)
    if (held === undefined) continue
    // What was processed after the erasure is still there; the fold does not know the acts
    // between, so the rest counts from the erasure: due no later than it really is.
    if (held.newestAt <= at) Reflect.deleteProperty(entry.held, category)
    else if (held.oldestAt < at) held.oldestAt = at
  }
}

const hold = (entry: SubjectRetention, categories: readonly string[], at: string) => {
  for (const category of categories) {
    const erased = lookup(entry.erasedAt, category)
    if (erased !== undefined && at <= erased) continue
    const held = lookup(entry.held, category)
    if (held === undefined) entry.held[category] = { oldestAt: at, newestAt: at }
    else {
      if (at < held.oldestAt) held.oldestAt = at
      if (at > held.newestAt) held.newestAt = at
    }
  }
}

const SUBJECT_EVENTS: ReadonlySet<string> = new Set([
  'RelationshipStarted',
  'RelationshipEnded',
  'LegalHoldPlaced',
  'LegalHoldLifted',
])

/**
 * @example
 * ```ts
 * const built = await replay(store, [retentionProjection])
 * // retentionDueList(built.right.states[0], { now, jurisdiction: jurisdictions.SE, policy: defaultPolicy })
 * ```
 */
export const retentionProjection: Projection<RetentionState> = {
  name: 'retention',
  version: 1,
  eventTypes: [
    'DataProcessed',
    'DataSharedWithRecipient',
    'InvoiceSettled',
    'DataErased',
    'RelationshipStarted',
    'RelationshipEnded',
    'LegalHoldPlaced',
    'LegalHoldLifted',
  ],
  init: () => ({ controllers: {} }),
  apply: (state, event: RecordedEvent) => {
    switch (event.type) {
      case 'DataProcessed': {
        const entry = subjectOf(state, event.controllerId, event.data.subjectId)
        if (event.data.action === 'delete' || event.data.action === 'anonymise')
          erase(entry, event.data.dataCategories, event.occurredAt)
        else hold(entry, event.data.dataCategories, event.occurredAt)
        return state
      }
      case 'DataSharedWithRecipient':
        hold(
          subjectOf(state, event.controllerId, event.data.subjectId),
          event.data.dataCategories,
          event.occurredAt,
        )
        return state
      case 'DataErased':
        erase(
          subjectOf(state, event.controllerId, event.data.subjectId),
          event.data.dataCategories,
          event.occurredAt,
        )
        return state
      case 'InvoiceSettled':
        subjectOf(state, event.controllerId, event.data.subjectId).settlements.push({
          periodFrom: event.data.periodFrom,
          periodTo: event.data.periodTo,
          settledAt: event.occurredAt,
        })
        return state
      default: {
        if (!SUBJECT_EVENTS.has(event.type) || !('subjectId' in event.data)) return state
        const entry = subjectOf(state, event.controllerId, event.data.subjectId)
        entry.subject = evolveStream('subject', entry.subject, event)
        return state
      }
    }
  },
}

/** One category of one subject's data and when it must be erased or anonymised. */
export interface RetentionItem {
  readonly controllerId: string
  readonly subjectId: string
  readonly dataCategory: string
  readonly kind: 'traffic' | 'customer'
  /** The oldest data of the category still held. */
  readonly heldSince: string
  /** When it falls due; absent while retained (an ongoing relationship, an unsettled invoice, an open-ended hold). */
  readonly dueAt?: string
  readonly status: 'overdue' | 'due' | 'retained'
  readonly reason: string
  /** The provision the period comes from. */
  readonly article: string
}

export interface RetentionQuery {
  /** Judge due dates at this instant. */
  readonly now: string
  readonly jurisdiction: Jurisdiction
  /** Which categories are traffic and which customer data. */
  readonly policy: RulePolicy
  readonly controllerId?: string
  readonly subjectId?: string
  /** Also list data retained without a due date (default false: only what has one). */
  readonly includeRetained?: boolean
}

const TRAFFIC_ARTICLE = 'ePrivacy Directive art. 6(1)-(2); GDPR Art. 5(1)(e)'
const CUSTOMER_ARTICLE = 'GDPR Art. 5(1)(e)'

/**
 * What must be erased or anonymised by when: each held category of traffic or customer data
 * with its due date, overdue when `now` has reached it. By due date, overdue first.
 *
 * @example
 * ```ts
 * import { defaultPolicy, jurisdictions } from '@gdpr-ledger/core'
 * const overdue = retentionDueList(state, { now: new Date().toISOString(), jurisdiction: jurisdictions.SE, policy: defaultPolicy })
 *   .filter((item) => item.status === 'overdue')
 * ```
 */
export const retentionDueList = (state: RetentionState, query: RetentionQuery): RetentionItem[] => {
  const items: RetentionItem[] = []
  const traffic = new Set(query.policy.trafficDataCategories)
  const customer = new Set(query.policy.customerDataCategories)
  const controllers =
    query.controllerId === undefined
      ? sortedEntries(state.controllers)
      : [[query.controllerId, lookup(state.controllers, query.controllerId) ?? {}] as const]
  for (const [controllerId, subjects] of controllers) {
    const selected =
      query.subjectId === undefined
        ? sortedEntries(subjects)
        : [[query.subjectId, lookup(subjects, query.subjectId)] as const]
    for (const [subjectId, entry] of selected) {
      if (entry === undefined) continue
      for (const [dataCategory, held] of sortedEntries(entry.held)) {
        const isTraffic = traffic.has(dataCategory)
        if (!isTraffic && !customer.has(dataCategory)) continue
        const due = isTraffic
          ? trafficDataRetention(
              {
                collectedAt: held.oldestAt,
                settledAt: settlementFor(held.oldestAt, entry.settlements),
              },
              query.jurisdiction,
            )
          : customerDataRetention(
              {
                dataCategory,
                relationshipEndedAt:
                  entry.subject === undefined
                    ? undefined
                    : endedRelationshipAt(entry.subject, query.now),
                legalHolds: Object.values(entry.subject?.legalHolds ?? {}),
              },
              query.jurisdiction,
            )
        if (due.kind === 'retained' && query.includeRetained !== true) continue
        items.push({
          controllerId,
          subjectId,
          dataCategory,
          kind: isTraffic ? 'traffic' : 'customer',
          heldSince: held.oldestAt,
          ...(due.kind === 'due' ? { dueAt: due.dueAt } : {}),
          status: due.kind === 'retained' ? 'retained' : due.dueAt <= query.now ? 'overdue' : 'due',
          reason: due.reason,
          article: isTraffic ? TRAFFIC_ARTICLE : CUSTOMER_ARTICLE,
        })
      }
    }
  }
  return items.sort(
    byString(
      (item) =>
        `${item.dueAt ?? '\uffff'}\u0000${item.controllerId}\u0000${item.subjectId}\u0000${item.dataCategory}`,
    ),
  )
}

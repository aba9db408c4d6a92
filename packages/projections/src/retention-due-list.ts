import {
  customerDataRetention,
  defaultPolicy,
  endedRelationshipAt,
  settlementFor,
  trafficDataRetention,
  type Jurisdiction,
  type RecordedEvent,
  type RetentionDue,
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
 * invoice settlements that can still decide a due date, and the rights state (relationship,
 * legal holds); not the acts. A traffic due date reads the settlement of the invoice covering
 * the oldest traffic data held (core's `settlementFor`), so the fold lets go of a settlement
 * once it can decide nothing more:
 * - one whose billed period another settlement covers, settled as late or later (a re-billed
 *   period counts from its last settlement), at once;
 * - one whose period ended before the subject's traffic horizon (the oldest traffic data still
 *   held, or when none is held the latest traffic processed), when data is erased: every
 *   traffic fact recorded in the order it happened lies at or after that horizon.
 * The state then holds the settlements of the traffic data still held and after it, whatever
 * the length of the log. Exact when each subject's traffic facts are recorded in time order
 * (the gate's world; settlements, erasures and other facts in any order): the due-list is the
 * one a fold keeping every settlement gives. A traffic fact older than the horizon recorded
 * after its invoice's settlement was let go (an out-of-order import) falls due no later than
 * it really does: as if settled when collected, unless a settlement still held covers it.
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
  /** The invoice settlements that can still decide a traffic due date (see above). */
  settlements: Settlement[]
  /** The latest time traffic data of the subject was processed or shared (policy's categories). */
  trafficSeenAt?: string
  /**
   * Settlements of periods ending before this instant were let go: traffic data held since
   * earlier has no settlement the fold can vouch for.
   */
  settlementsKeptFrom?: string
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

/** Keeps `settlement` unless one held covers its period and was settled as late; drops those it covers so. */
const settle = (entry: SubjectRetention, settlement: Settlement) => {
  const covers = (a: Settlement, b: Settlement) =>
    a.periodFrom <= b.periodFrom && b.periodTo <= a.periodTo && a.settledAt >= b.settledAt
  if (entry.settlements.some((held) => covers(held, settlement))) return
  entry.settlements = entry.settlements.filter((held) => !covers(settlement, held))
  entry.settlements.push(settlement)
}

/**
 * After an erasure: lets go of the settlements of periods that ended before the oldest traffic
 * data still held (when none is held, before the latest traffic processed).
 */
const prune = (entry: SubjectRetention, traffic: ReadonlySet<string>) => {
  let horizon: string | undefined
  for (const category in entry.held) {
    const held = lookup(entry.held, category)
    if (held === undefined || !traffic.has(category)) continue
    if (horizon === undefined || held.oldestAt < horizon) horizon = held.oldestAt
  }
  horizon ??= entry.trafficSeenAt
  if (horizon === undefined) return
  const from = horizon
  const kept = entry.settlements.filter((s) => s.periodTo >= from)
  if (kept.length === entry.settlements.length) return
  entry.settlements = kept
  if (entry.settlementsKeptFrom === undefined || from > entry.settlementsKeptFrom)
    entry.settlementsKeptFrom = from
}

const seeTraffic = (
  entry: SubjectRetention,
  categories: readonly string[],
  at: string,
  traffic: ReadonlySet<string>,
) => {
  if (!categories.some((c) => traffic.has(c))) return
  if (entry.trafficSeenAt === undefined || at > entry.trafficSeenAt) entry.trafficSeenAt = at
}

const SUBJECT_EVENTS: ReadonlySet<string> = new Set([
  'RelationshipStarted',
  'RelationshipEnded',
  'LegalHoldPlaced',
  'LegalHoldLifted',
])

export interface RetentionProjectionOptions {
  /**
   * Which categories are traffic data, to know which settlements still matter (default
   * `defaultPolicy`): query the due-list with the same policy.
   */
  readonly policy?: RulePolicy
  /** The checkpoint name (default `retention`): change it when the policy changes. */
  readonly name?: string
}

/**
 * The retention projection for an operator's policy.
 *
 * @example
 * ```ts
 * const projection = createRetentionProjection({ policy: myPolicy })
 * const built = await replay(store, [projection])
 * // retentionDueList(built.right.states[0], { now, jurisdiction: jurisdictions.SE, policy: myPolicy })
 * ```
 */
export const createRetentionProjection = (
  options: RetentionProjectionOptions = {},
): Projection<RetentionState> => {
  const traffic: ReadonlySet<string> = new Set(
    (options.policy ?? defaultPolicy).trafficDataCategories,
  )
  return {
    name: options.name ?? 'retention',
    // 2: settlements no longer needed are let go (`trafficSeenAt`, `settlementsKeptFrom`).
    version: 2,
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
          const { dataCategories } = event.data
          seeTraffic(entry, dataCategories, event.occurredAt, traffic)
          if (event.data.action === 'delete' || event.data.action === 'anonymise') {
            erase(entry, dataCategories, event.occurredAt)
            prune(entry, traffic)
          } else hold(entry, dataCategories, event.occurredAt)
          return state
        }
        case 'DataSharedWithRecipient': {
          const entry = subjectOf(state, event.controllerId, event.data.subjectId)
          seeTraffic(entry, event.data.dataCategories, event.occurredAt, traffic)
          hold(entry, event.data.dataCategories, event.occurredAt)
          return state
        }
        case 'DataErased': {
          const entry = subjectOf(state, event.controllerId, event.data.subjectId)
          erase(entry, event.data.dataCategories, event.occurredAt)
          prune(entry, traffic)
          return state
        }
        case 'InvoiceSettled':
          settle(subjectOf(state, event.controllerId, event.data.subjectId), {
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
}

/**
 * The retention projection under `defaultPolicy`.
 *
 * @example
 * ```ts
 * const built = await replay(store, [retentionProjection])
 * // retentionDueList(built.right.states[0], { now, jurisdiction: jurisdictions.SE, policy: defaultPolicy })
 * ```
 */
export const retentionProjection: Projection<RetentionState> = createRetentionProjection()

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

/**
 * When traffic data held since `collectedAt` falls due. Before `settlementsKeptFrom` the
 * settlement the fold still holds is a lower bound (one let go may have been later), and
 * without one the data is taken as settled when collected: due no later than it really is.
 */
const trafficDue = (
  entry: SubjectRetention,
  collectedAt: string,
  jurisdiction: Jurisdiction,
): RetentionDue => {
  const settledAt = settlementFor(collectedAt, entry.settlements)
  const vouched =
    entry.settlementsKeptFrom === undefined || collectedAt >= entry.settlementsKeptFrom
  if (vouched || settledAt !== undefined)
    return trafficDataRetention({ collectedAt, settledAt }, jurisdiction)
  const due = trafficDataRetention({ collectedAt, settledAt: collectedAt }, jurisdiction)
  return due.kind === 'due'
    ? {
        ...due,
        reason: 'recorded after its invoice settlement was let go: taken as settled when collected',
      }
    : due
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
          ? trafficDue(entry, held.oldestAt, query.jurisdiction)
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

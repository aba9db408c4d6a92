import type { RecordedEvent } from '@gdpr-ledger/core'
import { bump, lookup, sortedEntries, upsert, type Dict } from './dict'
import type { Projection } from './projection'

/**
 * The resident side of the processing log: how much processing each activity saw, by
 * purpose, legal basis, data category, system, actor role and action, and to which recipients
 * data went. Aggregates only: the acts themselves stay in the log (`forEachProcessing`).
 */
export interface ActivityUsage {
  /** Processing and sharing events. */
  events: number
  /** Records touched: a batch counts its `recordCount`, any other act one. */
  records: number
  purposes: Dict<number>
  legalBases: Dict<number>
  dataCategories: Dict<number>
  systems: Dict<number>
  actorRoles: Dict<number>
  actions: Dict<number>
  /** Shares by recipient id. */
  recipients: Dict<number>
  /** Imported (ungated) facts among `events`. */
  imported: number
  firstOccurredAt: string
  lastOccurredAt: string
}

export interface ProcessingSummaryState {
  /** By controller, then by activity id. */
  readonly controllers: Dict<Dict<ActivityUsage>>
}

const usage = (at: string): ActivityUsage => ({
  events: 0,
  records: 0,
  purposes: {},
  legalBases: {},
  dataCategories: {},
  systems: {},
  actorRoles: {},
  actions: {},
  recipients: {},
  imported: 0,
  firstOccurredAt: at,
  lastOccurredAt: at,
})

const count = (u: ActivityUsage, event: RecordedEvent, categories: readonly string[]) => {
  u.events += 1
  if (event.metadata.imported === true) u.imported += 1
  for (const category of categories) bump(u.dataCategories, category)
  if (event.occurredAt < u.firstOccurredAt) u.firstOccurredAt = event.occurredAt
  if (event.occurredAt > u.lastOccurredAt) u.lastOccurredAt = event.occurredAt
}

/**
 * @example
 * ```ts
 * const built = await replay(store, [processingSummaryProjection])
 * // processingSummary(built.right.states[0], 'telco_se')
 * ```
 */
export const processingSummaryProjection: Projection<ProcessingSummaryState> = {
  name: 'processing-summary',
  version: 1,
  eventTypes: ['DataProcessed', 'DataSharedWithRecipient'],
  init: () => ({ controllers: {} }),
  apply: (state, event) => {
    if (event.type !== 'DataProcessed' && event.type !== 'DataSharedWithRecipient') return state
    const activities = upsert(state.controllers, event.controllerId, () => ({}))
    const u = upsert(activities, event.data.activityId, () => usage(event.occurredAt))
    count(u, event, event.data.dataCategories)
    bump(u.purposes, event.data.purpose)
    bump(u.legalBases, event.data.legalBasis)
    if (event.type === 'DataProcessed') {
      u.records += event.data.recordCount ?? 1
      bump(u.systems, event.data.system)
      bump(u.actorRoles, event.data.actorRole)
      bump(u.actions, event.data.action)
    } else {
      u.records += 1
      bump(u.actions, 'share')
      bump(u.recipients, event.data.recipientId)
    }
    return state
  },
}

/** One activity's usage, for output. */
export interface ActivityUsageRow extends Omit<
  ActivityUsage,
  'purposes' | 'legalBases' | 'dataCategories' | 'systems' | 'actorRoles' | 'actions' | 'recipients'
> {
  readonly controllerId: string
  readonly activityId: string
  readonly purposes: readonly (readonly [string, number])[]
  readonly legalBases: readonly (readonly [string, number])[]
  readonly dataCategories: readonly (readonly [string, number])[]
  readonly systems: readonly (readonly [string, number])[]
  readonly actorRoles: readonly (readonly [string, number])[]
  readonly actions: readonly (readonly [string, number])[]
  readonly recipients: readonly (readonly [string, number])[]
}

/** Processing per activity, for one controller or all, sorted by controller and activity. */
export const processingSummary = (
  state: ProcessingSummaryState,
  controllerId?: string,
): ActivityUsageRow[] => {
  const controllers =
    controllerId === undefined
      ? sortedEntries(state.controllers)
      : [[controllerId, lookup(state.controllers, controllerId) ?? {}] as const]
  return controllers.flatMap(([controller, activities]) =>
    sortedEntries(activities).map(([activityId, u]) => ({
      ...u,
      controllerId: controller,
      activityId,
      purposes: sortedEntries(u.purposes),
      legalBases: sortedEntries(u.legalBases),
      dataCategories: sortedEntries(u.dataCategories),
      systems: sortedEntries(u.systems),
      actorRoles: sortedEntries(u.actorRoles),
      actions: sortedEntries(u.actions),
      recipients: sortedEntries(u.recipients),
    })),
  )
}

import {
  streamIds,
  type ErasureRecord,
  type EventStore,
  type LegalBasis,
  type ObjectionRecord,
  type Party,
  type ProcessingAction,
  type RecipientKind,
  type RestrictionRecord,
  type Retention,
  type TransferMechanism,
  type Upcasters,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { describeAsOf, type AsOf } from './as-of'
import { loadSubjectState, timelineOf, type ConsentTimeline } from './consent-timeline'
import { byString, lookup, sortedEntries, sortedSet, upsert, type Dict } from './dict'
import {
  disclosureRegisterProjection,
  disclosuresConcerning,
  type DisclosureRegisterState,
  type SubjectDisclosure,
} from './disclosure-register'
import { dsrTrackerProjection, type DsrTrackerState } from './dsr-tracker'
import type { ProjectionError } from './errors'
import { toProcessingEntry, type ProcessingEntry } from './processing-log'
import { registerProjection, type RegisterState } from './register'
import { replay } from './replay'
import { forEachStreamEvent } from './stream-reader'

/**
 * The Art. 15 access report for one subscriber: the Art. 15(1)-(2) information, the
 * processing history, and a manifest of which systems hold which categories. The ledger holds
 * no personal data, so the copy (15(3)) and the Art. 20 export are assembled from the manifest
 * through `DataSource`s (see `assembleCopy`, `assembleExport`).
 *
 * It reads the subject's own two streams (rights and processing) directly, and takes the
 * registers it joins with (activities, authority disclosures, requests) as they stood at the
 * same `asOf`: from a runner for "now", from `replay` for a past position or time.
 */

/** The registers an access report joins with, as they stood at the report's `asOf`. */
export interface AccessReportContext {
  readonly register: RegisterState
  readonly disclosures: DisclosureRegisterState
  readonly dsrs: DsrTrackerState
}

export interface AccessReportQuery {
  readonly controllerId: string
  readonly subjectId: string
  /** The report as the ledger stood then (default now). */
  readonly asOf?: AsOf
  /** When the report is made: gags in force at this instant keep disclosures out. */
  readonly now: string
  readonly upcasters?: Upcasters
}

/** Art. 15(1)(a): a purpose, the activities it was pursued under and the legal bases used. */
export interface PurposeOfProcessing {
  readonly purpose: string
  readonly activities: readonly { readonly activityId: string; readonly name?: string }[]
  readonly legalBases: readonly LegalBasis[]
}

/** Art. 15(1)(c): a recipient the subject's data was actually disclosed to, by name. */
export interface ActualRecipient {
  readonly recipientId: string
  readonly name: string
  readonly kind: RecipientKind
  readonly country: string
  readonly dataCategories: readonly string[]
  readonly firstSharedAt: string
  readonly lastSharedAt: string
  readonly times: number
}

/** Art. 15(1)(d): how long each category is kept, as the activities that used it declare. */
export interface RetentionOfCategory {
  readonly dataCategory: string
  readonly rules: readonly (Retention & { readonly activityId: string })[]
}

/** Art. 15(1)(g): where data came from (the systems that collected it). */
export interface SourceOfData {
  readonly system: string
  readonly dataCategories: readonly string[]
  readonly firstCollectedAt: string
}

/** Art. 15(2): a transfer to a third country and its safeguards. */
export interface TransferOfData {
  readonly activityId: string
  readonly recipientId: string
  readonly country: string
  readonly mechanisms: readonly TransferMechanism[]
}

/** A category a system holds, with the legal bases and purposes it was processed on there. */
export interface HeldCategory {
  readonly dataCategory: string
  readonly legalBases: readonly LegalBasis[]
  readonly purposes: readonly string[]
}

/** Which categories of the subject's data one system holds. */
export interface ManifestEntry {
  readonly system: string
  readonly held: readonly HeldCategory[]
}

/** The subject's own requests (Arts. 15-22) and their state. */
export interface SubjectRequest {
  readonly requestId: string
  readonly kind: string
  readonly receivedAt: string
  readonly status: string
  readonly closedAt?: string
}

export interface AccessReport {
  readonly controllerId: string
  readonly subjectId: string
  /** `now`, or the position or time the report stands at. */
  readonly asOf: string
  readonly generatedAt: string
  /** Art. 13(1)(a)-(b): the controller and its DPO, as the activities name them. */
  readonly controllers: readonly Party[]
  readonly purposes: readonly PurposeOfProcessing[]
  /** Art. 15(1)(b). */
  readonly dataCategories: readonly string[]
  readonly recipients: readonly ActualRecipient[]
  /** Disclosures to authorities, except those under a gag in force. */
  readonly authorities: readonly SubjectDisclosure[]
  readonly retention: readonly RetentionOfCategory[]
  readonly sources: readonly SourceOfData[]
  readonly transfers: readonly TransferOfData[]
  readonly manifest: readonly ManifestEntry[]
  readonly consents: ConsentTimeline
  readonly objections: readonly ObjectionRecord[]
  readonly restrictions: readonly RestrictionRecord[]
  readonly erasures: readonly ErasureRecord[]
  readonly requests: readonly SubjectRequest[]
  /** The processing history, by when it happened (`occurredAt`), then as recorded. */
  readonly processing: readonly ProcessingEntry[]
}

/** Acts that leave the data in the system that did them. */
const HOLDING: ReadonlySet<ProcessingAction | 'share'> = new Set([
  'collect',
  'store',
  'update',
  'use',
  'analyse',
])
/** Acts that end the data in the system that did them. */
const ERASING: ReadonlySet<ProcessingAction | 'share'> = new Set(['delete', 'anonymise'])

interface Holding {
  lastHeldAt: string
  erasedAt?: string
  legalBases: Dict<true>
  purposes: Dict<true>
}

const keys = (dict: Dict<true>) => Object.keys(dict).sort()

/**
 * Which systems hold which of the subject's categories: a system holds a category once it
 * collected, stored, updated, used or analysed it, until it deleted or anonymised it or an
 * erasure named that system and category. Reading, transmitting and exporting hold nothing
 * (support reads call records from billing, it does not keep a copy).
 */
const manifestOf = (
  processing: readonly ProcessingEntry[],
  erasures: readonly ErasureRecord[],
): ManifestEntry[] => {
  const holdings: Dict<Dict<Holding>> = {}
  for (const entry of processing) {
    if (entry.system === undefined) continue
    const bySystem = upsert(holdings, entry.system, () => ({}))
    for (const category of entry.dataCategories) {
      if (HOLDING.has(entry.action)) {
        const holding = upsert(bySystem, category, () => ({
          lastHeldAt: entry.occurredAt,
          legalBases: {},
          purposes: {},
        }))
        if (entry.occurredAt > holding.lastHeldAt) holding.lastHeldAt = entry.occurredAt
        holding.legalBases[entry.legalBasis] = true
        holding.purposes[entry.purpose] = true
      } else if (ERASING.has(entry.action)) {
        const holding = lookup(bySystem, category)
        if (
          holding !== undefined &&
          (holding.erasedAt === undefined || holding.erasedAt < entry.occurredAt)
        )
          holding.erasedAt = entry.occurredAt
      }
    }
  }
  for (const erasure of erasures) {
    for (const system of erasure.systems) {
      const bySystem = lookup(holdings, system)
      if (bySystem === undefined) continue
      for (const category of erasure.dataCategories) {
        const holding = lookup(bySystem, category)
        if (
          holding !== undefined &&
          (holding.erasedAt === undefined || holding.erasedAt < erasure.erasedAt)
        )
          holding.erasedAt = erasure.erasedAt
      }
    }
  }
  return sortedEntries(holdings).flatMap(([system, byCategory]) => {
    const held = sortedEntries(byCategory).filter(
      ([, h]) => h.erasedAt === undefined || h.erasedAt < h.lastHeldAt,
    )
    if (held.length === 0) return []
    return [
      {
        system,
        held: held.map(([dataCategory, h]) => ({
          dataCategory,
          legalBases: keys(h.legalBases) as LegalBasis[],
          purposes: keys(h.purposes),
        })),
      },
    ]
  })
}

/**
 * Builds the Art. 15 access report of one subject.
 *
 * @example
 * ```ts
 * import { accessReport, loadReportContext } from '@gdpr-ledger/projections'
 *
 * const context = await loadReportContext(store) // or the states of a running runner
 * if (E.isRight(context)) {
 *   const report = await accessReport(store, context.right, {
 *     controllerId: 'telco_se',
 *     subjectId: 'sub-8f3a',
 *     now: new Date().toISOString(),
 *   })
 * }
 * ```
 */
export const accessReport = async (
  store: Pick<EventStore, 'readStream'>,
  context: AccessReportContext,
  query: AccessReportQuery,
): Promise<E.Either<ProjectionError, AccessReport>> => {
  const { controllerId, subjectId } = query
  const processing: ProcessingEntry[] = []
  const read = await forEachStreamEvent(
    store,
    streamIds.processing(controllerId, subjectId),
    { asOf: query.asOf, upcasters: query.upcasters },
    (event) => {
      const entry = toProcessingEntry(event)
      if (entry !== undefined) processing.push(entry)
    },
  )
  if (E.isLeft(read)) return read
  const subject = await loadSubjectState(store, query)
  if (E.isLeft(subject)) return subject
  const rights = subject.right.state

  const purposes: Dict<{ activities: Dict<true>; legalBases: Dict<true> }> = {}
  const categories: Dict<true> = {}
  const recipients: Dict<{ -readonly [K in keyof ActualRecipient]: ActualRecipient[K] }> = {}
  const sources: Dict<{ categories: Dict<true>; firstCollectedAt: string }> = {}
  /** The categories each activity processed for this subject. */
  const activityIds: Dict<Dict<true>> = {}
  for (const entry of processing) {
    const used = upsert(activityIds, entry.activityId, () => ({}))
    for (const category of entry.dataCategories) used[category] = true
    const purpose = upsert(purposes, entry.purpose, () => ({ activities: {}, legalBases: {} }))
    purpose.activities[entry.activityId] = true
    purpose.legalBases[entry.legalBasis] = true
    for (const category of entry.dataCategories) categories[category] = true
    if (entry.recipient !== undefined) {
      const r = entry.recipient
      const recipient = upsert(recipients, r.recipientId, () => ({
        ...r,
        dataCategories: [],
        firstSharedAt: entry.occurredAt,
        lastSharedAt: entry.occurredAt,
        times: 0,
      }))
      recipient.times += 1
      if (entry.occurredAt < recipient.firstSharedAt) recipient.firstSharedAt = entry.occurredAt
      if (entry.occurredAt > recipient.lastSharedAt) recipient.lastSharedAt = entry.occurredAt
      recipient.dataCategories = sortedSet([...recipient.dataCategories, ...entry.dataCategories])
    }
    if (entry.action === 'collect' && entry.system !== undefined) {
      const source = upsert(sources, entry.system, () => ({
        categories: {},
        firstCollectedAt: entry.occurredAt,
      }))
      for (const category of entry.dataCategories) source.categories[category] = true
      if (entry.occurredAt < source.firstCollectedAt) source.firstCollectedAt = entry.occurredAt
    }
  }

  const activities = Object.keys(activityIds)
    .sort()
    .flatMap((id) => {
      const declaration = lookup(context.register.activities, id)?.declaration
      return declaration === undefined ? [] : [{ activityId: id, declaration }]
    })
  const nameOf = (id: string) => lookup(context.register.activities, id)?.declaration?.name
  const retention: Dict<(Retention & { activityId: string })[]> = {}
  for (const { activityId, declaration } of activities) {
    // Only what this activity kept of this subject's data: the periods that really apply.
    for (const rule of declaration.retention) {
      if (lookup(lookup(activityIds, activityId) ?? {}, rule.dataCategory) !== true) continue
      upsert(retention, rule.dataCategory, () => []).push({ ...rule, activityId })
    }
  }
  const controllers = new Map<string, Party>()
  for (const { declaration } of activities)
    controllers.set(JSON.stringify(declaration.controller), declaration.controller)

  const transfers: TransferOfData[] = activities.flatMap(({ activityId, declaration }) =>
    declaration.transfers.map((t) => ({
      activityId,
      recipientId: t.recipientId,
      country: t.country,
      mechanisms: t.mechanisms,
    })),
  )

  const requests: SubjectRequest[] = sortedEntries(context.dsrs.requests)
    .flatMap(([requestId, r]) =>
      r.controllerId === controllerId &&
      r.request?.subjectId === subjectId &&
      r.receivedAt !== undefined
        ? [
            {
              requestId,
              kind: r.request.kind,
              receivedAt: r.receivedAt,
              status: r.status,
              ...(r.closedAt === undefined ? {} : { closedAt: r.closedAt }),
            },
          ]
        : [],
    )
    .sort(byString((r) => `${r.receivedAt}\u0000${r.requestId}`))

  return E.right({
    controllerId,
    subjectId,
    asOf: describeAsOf(query.asOf),
    generatedAt: query.now,
    controllers: [...controllers.values()].sort(byString((p) => p.name)),
    purposes: sortedEntries(purposes).map(([purpose, p]) => ({
      purpose,
      activities: keys(p.activities).map((activityId) => {
        const name = nameOf(activityId)
        return name === undefined ? { activityId } : { activityId, name }
      }),
      legalBases: keys(p.legalBases) as LegalBasis[],
    })),
    dataCategories: keys(categories),
    recipients: sortedEntries(recipients).map(([, r]) => r),
    authorities: disclosuresConcerning(context.disclosures, controllerId, subjectId, query.now),
    retention: sortedEntries(retention).map(([dataCategory, rules]) => ({ dataCategory, rules })),
    sources: sortedEntries(sources).map(([system, s]) => ({
      system,
      dataCategories: keys(s.categories),
      firstCollectedAt: s.firstCollectedAt,
    })),
    transfers,
    manifest: manifestOf(processing, rights.erasures),
    consents: timelineOf(subject.right, query),
    objections: rights.objections,
    restrictions: rights.restrictions,
    erasures: rights.erasures,
    requests,
    // Stable: acts at the same instant stay in the order recorded.
    processing: [...processing].sort(byString((entry) => entry.occurredAt)),
  })
}

export interface ReportContextOptions {
  readonly asOf?: AsOf
  readonly upcasters?: Upcasters
  readonly onProgress?: (events: number, position: bigint) => void
}

/**
 * The registers an access report joins with, replayed as they stood at `asOf`. A running
 * runner's states serve the same purpose for "now" without a replay.
 *
 * @example
 * ```ts
 * const asItStood = await loadReportContext(store, { asOf: { position: 1500n } })
 * ```
 */
export const loadReportContext = async (
  store: Pick<EventStore, 'readAll'>,
  options: ReportContextOptions = {},
): Promise<E.Either<ProjectionError, AccessReportContext>> => {
  const built = await replay(
    store,
    [registerProjection, disclosureRegisterProjection, dsrTrackerProjection],
    options,
  )
  return E.map(
    ({
      states: [register, disclosures, dsrs],
    }: {
      states: [RegisterState, DisclosureRegisterState, DsrTrackerState]
    }) => ({
      register,
      disclosures,
      dsrs,
    }),
  )(built)
}

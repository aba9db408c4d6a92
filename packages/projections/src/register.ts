import type {
  ActivityState,
  AdequacyState,
  LawfulBasis,
  Party,
  ProcessingRole,
  ProcessorState,
  Recipient,
  Retention,
  SecurityMeasures,
  Transfer,
} from '@gdpr-ledger/core'
import { byString, lookup, sortedEntries, type Dict } from './dict'
import type { Projection } from './projection'
import { evolveStream } from './stream-state'

/**
 * The register of processing: every activity's Art. 30 record, every processor agreement
 * (Art. 28) with its sub-processors, and the adequacy decisions transfers rely on. The Art. 30
 * controller and processor records and the sub-processor and transfer register are queries
 * over this one state; each entry is its stream's decider state, folded by core's `evolve`.
 */
export interface RegisterState {
  /** By activity id. */
  readonly activities: Dict<ActivityState>
  /** By processor id. */
  readonly processors: Dict<ProcessorState>
  /** By country. */
  readonly adequacy: Dict<AdequacyState>
}

/**
 * @example
 * ```ts
 * import { art30ControllerRecord, registerProjection, replay } from '@gdpr-ledger/projections'
 *
 * const built = await replay(store, [registerProjection], { asOf: { time: '2026-06-30T22:00:00Z' } })
 * // art30ControllerRecord(built.right.states[0], 'telco_se'): the register as it stood at midsummer
 * ```
 */
export const registerProjection: Projection<RegisterState> = {
  name: 'register',
  version: 1,
  eventTypes: [
    'ProcessingActivityDeclared',
    'ProcessingActivityAmended',
    'ProcessingActivityRetired',
    'DataProcessingAgreementSigned',
    'SubProcessorEngaged',
    'SubProcessorObjected',
    'SubProcessorRemoved',
    'AdequacyDecisionRecorded',
    'AdequacyDecisionRevoked',
  ],
  init: () => ({ activities: {}, processors: {}, adequacy: {} }),
  apply: (state, event) => {
    switch (event.type) {
      case 'ProcessingActivityDeclared':
      case 'ProcessingActivityAmended':
      case 'ProcessingActivityRetired': {
        const id = event.data.activityId
        state.activities[id] = evolveStream('activity', lookup(state.activities, id), event)
        return state
      }
      case 'DataProcessingAgreementSigned':
      case 'SubProcessorEngaged':
      case 'SubProcessorObjected':
      case 'SubProcessorRemoved': {
        const id = event.data.processorId
        state.processors[id] = evolveStream('processor', lookup(state.processors, id), event)
        return state
      }
      case 'AdequacyDecisionRecorded':
      case 'AdequacyDecisionRevoked': {
        const country = event.data.country
        state.adequacy[country] = evolveStream('adequacy', lookup(state.adequacy, country), event)
        return state
      }
      default:
        return state
    }
  },
}

/** One activity in the controller's record, Art. 30(1)(a)-(g). */
export interface ControllerActivityRecord {
  readonly activityId: string
  readonly name: string
  readonly role: ProcessingRole
  readonly description?: string
  /** (a) the controller, its representative and DPO, and any joint controllers (Art. 26). */
  readonly controller: Party
  readonly jointControllers: readonly Party[]
  /** (b) the purposes, with the legal bases they rest on. */
  readonly purposes: readonly string[]
  readonly legalBases: readonly LawfulBasis[]
  /** (c) the categories of data subjects and of personal data. */
  readonly subjectCategories: readonly string[]
  readonly dataCategories: readonly string[]
  /** (d) the recipients, including those in third countries. */
  readonly recipients: readonly Recipient[]
  /** (e) transfers to third countries and their safeguards. */
  readonly transfers: readonly Transfer[]
  /** (f) the time limits for erasure, per data category. */
  readonly retention: readonly Retention[]
  /** (g) the security measures. */
  readonly securityMeasures: SecurityMeasures
  readonly declaredAt: string
}

/** A processor the controller engaged (Art. 28), a recipient under Art. 30(1)(d). */
export interface EngagedProcessor {
  readonly processorId: string
  readonly name: string
  readonly country: string
  readonly purposes: readonly string[]
  readonly dataCategories: readonly string[]
  readonly agreement: string
  readonly signedAt: string
  readonly subProcessors: readonly {
    readonly subProcessorId: string
    readonly name: string
    readonly country: string
    readonly status: 'engaged' | 'objected' | 'removed'
  }[]
}

/** Art. 30(1): the record a controller keeps, as the register stands in `state`. */
export interface Art30ControllerRecord {
  readonly controllerId: string
  /** The activities in force, by activity id. */
  readonly activities: readonly ControllerActivityRecord[]
  /** The activities retired, by id: no longer part of the record, listed for the history. */
  readonly retired: readonly {
    readonly activityId: string
    readonly name: string
    readonly retiredAt: string
  }[]
  readonly processors: readonly EngagedProcessor[]
}

/** One activity a processor carries out, Art. 30(2)(a)-(d). */
export interface ProcessorActivityRecord {
  readonly activityId: string
  readonly name: string
  /** (a) the processor and each controller it acts for. */
  readonly processor: Party
  readonly controllers: readonly Party[]
  /** (b) the categories of processing carried out for each controller. */
  readonly purposes: readonly string[]
  readonly dataCategories: readonly string[]
  /** (c) transfers to third countries and their safeguards. */
  readonly transfers: readonly Transfer[]
  /** (d) the security measures. */
  readonly securityMeasures: SecurityMeasures
  readonly declaredAt: string
}

/** Art. 30(2): the record an operator keeps of what it processes for others. */
export interface Art30ProcessorRecord {
  readonly controllerId: string
  readonly activities: readonly ProcessorActivityRecord[]
}

const activitiesOf = (state: RegisterState, controllerId: string) =>
  sortedEntries(state.activities).filter(([, a]) => a.controllerId === controllerId)

/**
 * The Art. 30(1) record of `controllerId`: every activity in force where it is controller or
 * joint controller, with (a)-(g), and the processors it engaged. Deterministic: activities
 * and processors by id, so the record at a given position reads the same every time.
 *
 * @example
 * ```ts
 * const record = art30ControllerRecord(runner.state(registerProjection), 'telco_se')
 * for (const a of record.activities) console.log(a.name, a.purposes, a.retention)
 * ```
 */
export const art30ControllerRecord = (
  state: RegisterState,
  controllerId: string,
): Art30ControllerRecord => {
  const activities: ControllerActivityRecord[] = []
  const retired: { activityId: string; name: string; retiredAt: string }[] = []
  for (const [activityId, activity] of activitiesOf(state, controllerId)) {
    const d = activity.declaration
    if (d === undefined || d.role === 'processor') continue
    if (activity.status === 'retired') {
      retired.push({ activityId, name: d.name, retiredAt: activity.retiredAt ?? '' })
      continue
    }
    activities.push({
      activityId,
      name: d.name,
      role: d.role,
      ...(d.description === undefined ? {} : { description: d.description }),
      controller: d.controller,
      jointControllers: d.jointControllers ?? [],
      purposes: d.purposes,
      legalBases: d.legalBases,
      subjectCategories: d.subjectCategories,
      dataCategories: d.dataCategories,
      recipients: d.recipients,
      transfers: d.transfers,
      retention: d.retention,
      securityMeasures: d.securityMeasures,
      declaredAt: activity.declaredAt ?? '',
    })
  }
  const processors = sortedEntries(state.processors)
    .filter(([, p]) => p.controllerId === controllerId && p.agreement !== undefined)
    .map(([processorId, p]): EngagedProcessor => {
      const agreement = p.agreement as NonNullable<ProcessorState['agreement']>
      return {
        processorId,
        name: agreement.processorName,
        country: agreement.country,
        purposes: agreement.purposes,
        dataCategories: agreement.dataCategories,
        agreement: agreement.documentRef,
        signedAt: p.signedAt ?? '',
        subProcessors: sortedEntries(p.subProcessors).map(([subProcessorId, sub]) => ({
          subProcessorId,
          name: sub.engagement.name,
          country: sub.engagement.country,
          status: sub.status,
        })),
      }
    })
  return { controllerId, activities, retired, processors }
}

/**
 * The Art. 30(2) record of `controllerId` acting as a processor: every activity in force it
 * declared with the role `processor`, with the controllers it processes for.
 *
 * @example
 * ```ts
 * const record = art30ProcessorRecord(runner.state(registerProjection), 'telco_se')
 * ```
 */
export const art30ProcessorRecord = (
  state: RegisterState,
  controllerId: string,
): Art30ProcessorRecord => ({
  controllerId,
  activities: activitiesOf(state, controllerId).flatMap(([activityId, activity]) => {
    const d = activity.declaration
    if (d?.role !== 'processor' || activity.status !== 'active') return []
    return [
      {
        activityId,
        name: d.name,
        processor: d.controller,
        controllers: [...(d.processingFor ?? [])].sort(byString((p) => p.name)),
        purposes: d.purposes,
        dataCategories: d.dataCategories,
        transfers: d.transfers,
        securityMeasures: d.securityMeasures,
        declaredAt: activity.declaredAt ?? '',
      },
    ]
  }),
})

/** The controllers named in the register, sorted. */
export const registerControllers = (state: RegisterState): string[] =>
  [
    ...new Set([
      ...Object.values(state.activities).flatMap((a) =>
        a.controllerId === undefined ? [] : [a.controllerId],
      ),
      ...Object.values(state.processors).flatMap((p) =>
        p.controllerId === undefined ? [] : [p.controllerId],
      ),
    ]),
  ].sort()

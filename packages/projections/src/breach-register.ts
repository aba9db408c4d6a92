import {
  breachClocks,
  breachRegimes,
  type BreachClock,
  type BreachRegime,
  type BreachState,
  type Jurisdiction,
} from '@gdpr-ledger/core'
import { byString, lookup, sortedEntries, type Dict } from './dict'
import type { Projection } from './projection'
import { evolveStream } from './stream-state'

/**
 * The breach register (GDPR Art. 33(5): every breach is documented, notified or not): each
 * breach with its regimes and every clock (GDPR 72 h, ePrivacy 24 h + 3 days, NIS2 24 h / 72 h
 * / 1 month) as met, late with reasons, late or still running, from core's `breachClocks`.
 */
export interface BreachRegisterState {
  /** By breach id. */
  readonly breaches: Dict<BreachState>
}

/**
 * @example
 * ```ts
 * const built = await replay(store, [breachRegisterProjection])
 * // breachRegister(built.right.states[0], { now: new Date().toISOString(), jurisdiction: jurisdictions.SE })
 * ```
 */
export const breachRegisterProjection: Projection<BreachRegisterState> = {
  name: 'breach-register',
  version: 1,
  eventTypes: [
    'BreachDetected',
    'BreachAssessed',
    'AuthorityNotified',
    'ControllerNotified',
    'SubjectsNotified',
    'SubjectNotificationExempted',
    'BreachClosed',
  ],
  init: () => ({ breaches: {} }),
  apply: (state, event) => {
    switch (event.type) {
      case 'BreachDetected':
      case 'BreachAssessed':
      case 'AuthorityNotified':
      case 'ControllerNotified':
      case 'SubjectsNotified':
      case 'SubjectNotificationExempted':
      case 'BreachClosed': {
        const id = event.data.breachId
        state.breaches[id] = evolveStream('breach', lookup(state.breaches, id), event)
        return state
      }
      default:
        return state
    }
  },
}

/** How the subjects (or subscribers) stand: told, exempted, not owed, owed, or not yet known. */
export type SubjectNotificationStatus =
  'notified' | 'exempted' | 'not-required' | 'required' | 'awaiting-assessment'

/** One breach in the register, judged at `now`. */
export interface BreachRow {
  readonly breachId: string
  readonly controllerId: string
  readonly status: 'open' | 'closed'
  readonly detectedAt: string
  readonly awareAt: string
  readonly nature: readonly string[]
  readonly dataCategories: readonly string[]
  readonly approxSubjects: number
  readonly approxRecords: number
  readonly role: 'controller' | 'processor'
  readonly regimes: readonly BreachRegime[]
  readonly risk?: 'none' | 'risk' | 'high'
  readonly clocks: readonly BreachClock[]
  readonly subjectNotification: SubjectNotificationStatus
  readonly subjectsNotifiedAt?: string
  readonly exemptionGround?: string
  readonly closedAt?: string
}

const SUBJECT_OBLIGATIONS: ReadonlySet<string> = new Set(['gdpr-subjects', 'eprivacy-subscribers'])

const subjectNotificationOf = (
  state: BreachState,
  clocks: readonly BreachClock[],
): SubjectNotificationStatus => {
  if (state.subjectsNotifiedAt !== undefined) return 'notified'
  if (state.subjectNotificationExemption !== undefined) return 'exempted'
  const clock = clocks.find((c) => SUBJECT_OBLIGATIONS.has(c.obligation))
  if (clock === undefined || clock.status === 'not-required') return 'not-required'
  return state.assessment === undefined ? 'awaiting-assessment' : 'required'
}

export interface BreachQuery {
  /** Judge clocks at this instant. */
  readonly now: string
  readonly jurisdiction: Jurisdiction
  readonly controllerId?: string
}

/**
 * Every breach, by detection time, with its clocks at `now`.
 *
 * @example
 * ```ts
 * import { jurisdictions } from '@gdpr-ledger/core'
 * for (const breach of breachRegister(state, { now: new Date().toISOString(), jurisdiction: jurisdictions.SE }))
 *   for (const clock of breach.clocks) console.log(breach.breachId, clock.obligation, clock.status)
 * ```
 */
export const breachRegister = (state: BreachRegisterState, query: BreachQuery): BreachRow[] =>
  sortedEntries(state.breaches)
    .flatMap(([breachId, breach]): BreachRow[] => {
      const d = breach.detection
      if (d === undefined || breach.controllerId === undefined || breach.status === 'none')
        return []
      if (query.controllerId !== undefined && breach.controllerId !== query.controllerId) return []
      const clocks = breachClocks(breach, query.jurisdiction, query.now)
      return [
        {
          breachId,
          controllerId: breach.controllerId,
          status: breach.status,
          detectedAt: d.detectedAt,
          awareAt: d.awareAt,
          nature: d.nature,
          dataCategories: d.dataCategories,
          approxSubjects: d.approxSubjects,
          approxRecords: d.approxRecords,
          role: d.role,
          regimes: breachRegimes(d),
          ...(breach.assessment === undefined ? {} : { risk: breach.assessment.risk }),
          clocks,
          subjectNotification: subjectNotificationOf(breach, clocks),
          ...(breach.subjectsNotifiedAt === undefined
            ? {}
            : { subjectsNotifiedAt: breach.subjectsNotifiedAt }),
          ...(breach.subjectNotificationExemption === undefined
            ? {}
            : { exemptionGround: breach.subjectNotificationExemption.ground }),
          ...(breach.closedAt === undefined ? {} : { closedAt: breach.closedAt }),
        },
      ]
    })
    .sort(byString((row) => `${row.detectedAt}\u0000${row.breachId}`))

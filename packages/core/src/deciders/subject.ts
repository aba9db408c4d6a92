import { castDraft, produce, type Draft } from 'immer'
import type {
  Channel,
  CompellingGroundsDecided,
  DataErased,
  LegalHoldPlaced,
  ObjectionRaised,
  ProcessingRestricted,
  RestrictedProcessingAllowed,
} from '../catalogue'
import type { Decider } from './decider'
import { decideByTransition } from './transition'

export interface ConsentRecord {
  readonly purpose: string
  readonly noticeVersion: string
  readonly channel: Channel
  readonly givenAt: string
  readonly parentalAuthorisation?: boolean
  /** The subject's age when consenting, where recorded (Art. 8). */
  readonly subjectAge?: number
  readonly withdrawnAt?: string
}

/**
 * A withdrawal as it happened. Kept beside the consents it ended, so a rule can judge any
 * `occurredAt` whatever order the facts were recorded in.
 */
export interface WithdrawalRecord {
  readonly purpose: string
  readonly withdrawnAt: string
}

/** Art. 18(2): restricted data may still be processed for these purposes on this ground. */
export interface RestrictedProcessingRecord {
  readonly ground: RestrictedProcessingAllowed['ground']
  readonly purposes: readonly string[]
  readonly decidedAt: string
}

export interface ObjectionRecord {
  readonly scope: ObjectionRaised['scope']
  readonly purposes?: readonly string[]
  readonly raisedAt: string
}

export interface CompellingGroundsRecord {
  readonly purposes: readonly string[]
  readonly ground: CompellingGroundsDecided['ground']
  readonly decidedAt: string
}

export interface RestrictionRecord {
  readonly ground: ProcessingRestricted['ground']
  readonly from: string
  readonly liftedAt?: string
}

export interface LegalHoldRecord {
  readonly reason: LegalHoldPlaced['reason']
  readonly dataCategories: readonly string[]
  readonly placedAt: string
  readonly until?: string
  readonly liftedAt?: string
}

export interface ErasureRecord {
  readonly dataCategories: readonly string[]
  readonly systems: readonly string[]
  readonly method: DataErased['method']
  readonly erasedAt: string
}

/**
 * The rights state of one subject towards one controller, with the time of every change, so
 * rules can judge any `occurredAt`, not only the latest state.
 */
export interface SubjectState {
  readonly consents: readonly ConsentRecord[]
  readonly withdrawals: readonly WithdrawalRecord[]
  readonly objections: readonly ObjectionRecord[]
  readonly compellingGrounds: readonly CompellingGroundsRecord[]
  readonly restrictions: readonly RestrictionRecord[]
  readonly restrictedProcessingAllowed: readonly RestrictedProcessingRecord[]
  /** The latest time the subject became a customer, when recorded. */
  readonly relationshipStartedAt?: string
  readonly relationshipEndedAt?: string
  readonly legalHolds: Readonly<Record<string, LegalHoldRecord>>
  readonly erasures: readonly ErasureRecord[]
}

const initialState = (): SubjectState => ({
  consents: [],
  withdrawals: [],
  objections: [],
  compellingGrounds: [],
  restrictions: [],
  restrictedProcessingAllowed: [],
  legalHolds: {},
  erasures: [],
})

const openConsents = (state: SubjectState, purpose: string): ConsentRecord[] =>
  state.consents.filter((c) => c.purpose === purpose && c.withdrawnAt === undefined)

export const subjectDecider: Decider<'subject', SubjectState> = {
  kind: 'subject',
  initialState,
  evolve: (state, event) =>
    produce(state, (draft: Draft<SubjectState>) => {
      const at = event.occurredAt
      switch (event.type) {
        case 'ConsentGiven': {
          const { subjectId: _s, ...consent } = castDraft(event.data)
          draft.consents.push({ ...consent, givenAt: at })
          return
        }
        case 'ConsentWithdrawn':
          for (const consent of draft.consents) {
            if (
              consent.purpose === event.data.purpose &&
              consent.withdrawnAt === undefined &&
              consent.givenAt <= at
            ) {
              consent.withdrawnAt = at
            }
          }
          draft.withdrawals.push({ purpose: event.data.purpose, withdrawnAt: at })
          return
        case 'ObjectionRaised':
          draft.objections.push(
            castDraft(
              event.data.purposes === undefined
                ? { scope: event.data.scope, raisedAt: at }
                : { scope: event.data.scope, purposes: event.data.purposes, raisedAt: at },
            ),
          )
          return
        case 'CompellingGroundsDecided':
          draft.compellingGrounds.push(
            castDraft({ purposes: event.data.purposes, ground: event.data.ground, decidedAt: at }),
          )
          return
        case 'ProcessingRestricted':
          draft.restrictions.push({ ground: event.data.ground, from: at })
          return
        case 'RestrictedProcessingAllowed':
          draft.restrictedProcessingAllowed.push(
            castDraft({ ground: event.data.ground, purposes: event.data.purposes, decidedAt: at }),
          )
          return
        case 'RestrictionLifted':
          for (const restriction of draft.restrictions) {
            if (restriction.liftedAt === undefined) restriction.liftedAt = at
          }
          return
        case 'RelationshipStarted':
          if (draft.relationshipStartedAt === undefined || draft.relationshipStartedAt < at)
            draft.relationshipStartedAt = at
          return
        case 'RelationshipEnded':
          draft.relationshipEndedAt = at
          return
        case 'LegalHoldPlaced': {
          const { subjectId: _s, holdId, statute: _statute, ...hold } = castDraft(event.data)
          draft.legalHolds[holdId] = { ...hold, placedAt: at }
          return
        }
        case 'LegalHoldLifted': {
          const hold = draft.legalHolds[event.data.holdId]
          if (hold !== undefined) hold.liftedAt = at
          return
        }
        case 'DataErased':
          draft.erasures.push(
            castDraft({
              dataCategories: event.data.dataCategories,
              systems: event.data.systems,
              method: event.data.method,
              erasedAt: at,
            }),
          )
          return
      }
    }),
  decide: decideByTransition((command, state) => {
    const event = command.event
    switch (event.type) {
      case 'ConsentWithdrawn': {
        const open = openConsents(state, event.data.purpose)
        if (open.length === 0) return 'no consent for this purpose is in force'
        return open.some((c) => c.givenAt <= command.occurredAt)
          ? undefined
          : 'the withdrawal predates the consent'
      }
      case 'CompellingGroundsDecided':
        return state.objections.some((o) => o.scope !== 'direct-marketing')
          ? undefined
          : 'no objection under Art. 21(1) is recorded'
      case 'RestrictedProcessingAllowed':
      case 'RestrictionLifted':
        return state.restrictions.some((r) => r.liftedAt === undefined)
          ? undefined
          : 'processing is not restricted'
      case 'LegalHoldPlaced':
        return state.legalHolds[event.data.holdId]?.liftedAt === undefined &&
          state.legalHolds[event.data.holdId] !== undefined
          ? 'a legal hold with this id is already in place'
          : undefined
      case 'LegalHoldLifted': {
        const hold = state.legalHolds[event.data.holdId]
        return hold === undefined || hold.liftedAt !== undefined
          ? 'no legal hold with this id is in place'
          : undefined
      }
      default:
        return undefined
    }
  }),
}

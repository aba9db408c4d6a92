import { castDraft, produce, type Draft } from 'immer'
import type {
  AuthorityRequestAssessed,
  AuthorityRequestReceived,
  DataDisclosedToAuthority,
} from '../catalogue'
import type { Decider } from './decider'
import { decideByTransition, ownedBy } from './transition'

/** An assessment of a request, with the time it was made (its `occurredAt`). */
export type AssessmentRecord = AuthorityRequestAssessed & { readonly assessedAt: string }

/** One request from an authority and what became of it. */
export interface DisclosureState {
  readonly status: 'none' | 'received' | 'assessed' | 'disclosed' | 'refused'
  readonly controllerId?: string
  readonly request?: AuthorityRequestReceived
  readonly receivedAt?: string
  /**
   * Every assessment of the request, in recording order (a handful at most: a request is
   * re-assessed when its scope or the law's reading changes). A disclosure is judged by the
   * one in force at its own time (`assessmentInForce`), never simply by the last recorded: a
   * re-assessment does not make a disclosure made before it lawful or unlawful.
   */
  readonly assessments: readonly AssessmentRecord[]
  readonly disclosures: readonly (DataDisclosedToAuthority & { readonly disclosedAt: string })[]
  readonly gagLiftedAt?: string
}

const initialState = (): DisclosureState => ({ status: 'none', assessments: [], disclosures: [] })

export const disclosureDecider: Decider<'disclosure', DisclosureState> = {
  kind: 'disclosure',
  initialState,
  evolve: (state, event) =>
    produce(state, (draft: Draft<DisclosureState>) => {
      const at = event.occurredAt
      switch (event.type) {
        case 'AuthorityRequestReceived':
          draft.status = 'received'
          draft.controllerId = event.controllerId
          draft.request = castDraft(event.data)
          draft.receivedAt = at
          return
        case 'AuthorityRequestAssessed':
          draft.status = 'assessed'
          draft.assessments.push(castDraft({ ...event.data, assessedAt: at }))
          return
        case 'DataDisclosedToAuthority':
          draft.status = 'disclosed'
          draft.disclosures.push(castDraft({ ...event.data, disclosedAt: at }))
          return
        case 'AuthorityRequestRefused':
          draft.status = 'refused'
          return
        case 'GagLifted':
          draft.gagLiftedAt = at
          return
      }
    }),
  decide: decideByTransition((command, state) => {
    const foreign = ownedBy(state.controllerId, command.controllerId)
    if (foreign !== undefined) return foreign
    if (command.event.type === 'AuthorityRequestReceived') {
      return state.status === 'none' ? undefined : 'a request with this id is already recorded'
    }
    if (state.status === 'none') return 'no authority request with this id is received'
    switch (command.event.type) {
      case 'AuthorityRequestAssessed':
      case 'AuthorityRequestRefused':
        return state.status === 'received' || state.status === 'assessed'
          ? undefined
          : `the request is already ${state.status}`
      case 'DataDisclosedToAuthority':
        return state.status === 'refused' ? 'the request was refused' : undefined
      case 'GagLifted':
        return state.request?.gagUntil === undefined || state.gagLiftedAt !== undefined
          ? 'no gag is in force'
          : undefined
    }
  }),
}

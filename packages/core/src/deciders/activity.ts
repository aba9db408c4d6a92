import { castDraft, produce, type Draft } from 'immer'
import type { ProcessingActivityDeclared } from '../catalogue'
import type { Decider } from './decider'
import { decideByTransition, ownedBy } from './transition'

/** The state of one Art. 30 record: whether it is in force, and its current declaration. */
export interface ActivityState {
  readonly status: 'none' | 'active' | 'retired'
  readonly controllerId?: string
  readonly declaration?: ProcessingActivityDeclared
  readonly declaredAt?: string
  readonly retiredAt?: string
}

const initialState = (): ActivityState => ({ status: 'none' })

export const activityDecider: Decider<'activity', ActivityState> = {
  kind: 'activity',
  initialState,
  evolve: (state, event) =>
    produce(state, (draft: Draft<ActivityState>) => {
      switch (event.type) {
        case 'ProcessingActivityDeclared':
          draft.status = 'active'
          draft.controllerId = event.controllerId
          draft.declaration = castDraft(event.data)
          draft.declaredAt = event.occurredAt
          return
        case 'ProcessingActivityAmended': {
          const { reason: _reason, ...declaration } = castDraft(event.data)
          draft.declaration = castDraft(declaration)
          return
        }
        case 'ProcessingActivityRetired':
          draft.status = 'retired'
          draft.retiredAt = event.occurredAt
          return
      }
    }),
  decide: decideByTransition((command, state) => {
    const foreign = ownedBy(state.controllerId, command.controllerId)
    if (foreign !== undefined) return foreign
    switch (command.event.type) {
      case 'ProcessingActivityDeclared':
        return state.status === 'none'
          ? undefined
          : 'the activity is already declared; amend it instead'
      case 'ProcessingActivityAmended':
      case 'ProcessingActivityRetired':
        return state.status === 'active'
          ? undefined
          : `the activity is ${state.status === 'none' ? 'not declared' : 'retired'}`
    }
  }),
}

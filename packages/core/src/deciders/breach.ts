import { castDraft, produce, type Draft } from 'immer'
import type {
  AuthorityNotified,
  BreachAssessed,
  BreachDetected,
  SubjectNotificationExempted,
} from '../catalogue'
import type { Decider } from './decider'
import { decideByTransition, ownedBy } from './transition'

/** One personal-data breach, with every notification made. */
export interface BreachState {
  readonly status: 'none' | 'open' | 'closed'
  readonly controllerId?: string
  readonly detection?: BreachDetected
  readonly assessment?: BreachAssessed & { readonly assessedAt: string }
  readonly authorityNotifications: readonly (AuthorityNotified & { readonly notifiedAt: string })[]
  readonly controllerNotifiedAt?: string
  readonly subjectsNotifiedAt?: string
  readonly subjectNotificationExemption?: SubjectNotificationExempted & {
    readonly exemptedAt: string
  }
  readonly closedAt?: string
}

const initialState = (): BreachState => ({ status: 'none', authorityNotifications: [] })

export const breachDecider: Decider<'breach', BreachState> = {
  kind: 'breach',
  initialState,
  evolve: (state, event) =>
    produce(state, (draft: Draft<BreachState>) => {
      const at = event.occurredAt
      switch (event.type) {
        case 'BreachDetected':
          draft.status = 'open'
          draft.controllerId = event.controllerId
          draft.detection = castDraft(event.data)
          return
        case 'BreachAssessed':
          draft.assessment = castDraft({ ...event.data, assessedAt: at })
          return
        case 'AuthorityNotified':
          draft.authorityNotifications.push(castDraft({ ...event.data, notifiedAt: at }))
          return
        case 'ControllerNotified':
          draft.controllerNotifiedAt ??= at
          return
        case 'SubjectsNotified':
          draft.subjectsNotifiedAt ??= at
          return
        case 'SubjectNotificationExempted':
          draft.subjectNotificationExemption = castDraft({ ...event.data, exemptedAt: at })
          return
        case 'BreachClosed':
          draft.status = 'closed'
          draft.closedAt = at
          return
      }
    }),
  decide: decideByTransition((command, state) => {
    const foreign = ownedBy(state.controllerId, command.controllerId)
    if (foreign !== undefined) return foreign
    if (command.event.type === 'BreachDetected') {
      return state.status === 'none' ? undefined : 'a breach with this id is already recorded'
    }
    if (state.status === 'none') return 'no breach with this id is detected'
    if (state.status === 'closed') return 'the breach is closed'
    return undefined
  }),
}

import { castDraft, produce, type Draft } from 'immer'
import type {
  DeadlineExtended,
  DeletionConfirmation,
  RequestReceived,
  RequestRefused,
} from '../catalogue'
import type { Decider } from './decider'
import { decideByTransition, ownedBy } from './transition'

export interface ExtensionRecord {
  readonly months: DeadlineExtended['months']
  readonly noticeSentAt: string
  readonly extendedAt: string
}

/** One data-subject request, from receipt to its outcome. */
export interface DsrState {
  readonly status: 'none' | 'open' | 'fulfilled' | 'refused'
  readonly controllerId?: string
  readonly request?: RequestReceived
  readonly receivedAt?: string
  readonly identity: 'not-requested' | 'requested' | 'verified'
  readonly extensions: readonly ExtensionRecord[]
  readonly closedAt?: string
  readonly deletionConfirmation?: DeletionConfirmation
  readonly refusal?: Pick<RequestRefused, 'reasons' | 'remedies'>
  /** Art. 19: recipients told of the rectification or erasure, or exempted, by recipient id. */
  readonly recipients: Readonly<Record<string, 'notified' | 'exempted'>>
}

const initialState = (): DsrState => ({
  status: 'none',
  identity: 'not-requested',
  extensions: [],
  recipients: {},
})

export const dsrDecider: Decider<'dsr', DsrState> = {
  kind: 'dsr',
  initialState,
  evolve: (state, event) =>
    produce(state, (draft: Draft<DsrState>) => {
      const at = event.occurredAt
      switch (event.type) {
        case 'RequestReceived':
          draft.status = 'open'
          draft.controllerId = event.controllerId
          draft.request = castDraft(event.data)
          draft.receivedAt = at
          return
        case 'IdentityVerificationRequested':
          draft.identity = 'requested'
          return
        case 'IdentityVerified':
          draft.identity = 'verified'
          return
        case 'DeadlineExtended':
          draft.extensions.push({
            months: event.data.months,
            noticeSentAt: event.data.noticeSentAt,
            extendedAt: at,
          })
          return
        case 'RequestFulfilled':
          draft.status = 'fulfilled'
          draft.closedAt = at
          if (event.data.deletionConfirmation !== undefined)
            draft.deletionConfirmation = castDraft(event.data.deletionConfirmation)
          return
        case 'RequestRefused':
          draft.status = 'refused'
          draft.closedAt = at
          draft.refusal = castDraft({ reasons: event.data.reasons, remedies: event.data.remedies })
          return
        case 'RecipientNotified':
          draft.recipients[event.data.recipientId] = 'notified'
          return
        case 'RecipientNotificationExempted':
          draft.recipients[event.data.recipientId] = 'exempted'
          return
      }
    }),
  decide: decideByTransition((command, state) => {
    const foreign = ownedBy(state.controllerId, command.controllerId)
    if (foreign !== undefined) return foreign
    switch (command.event.type) {
      case 'RequestReceived':
        return state.status === 'none' ? undefined : 'a request with this id is already recorded'
      case 'IdentityVerificationRequested':
      case 'IdentityVerified':
      case 'DeadlineExtended':
      case 'RequestFulfilled':
      case 'RequestRefused':
        return state.status === 'open'
          ? undefined
          : state.status === 'none'
            ? 'no request with this id is received'
            : 'the request is closed'
      case 'RecipientNotified':
      case 'RecipientNotificationExempted':
        return state.status === 'fulfilled'
          ? undefined
          : 'recipients are notified after the request is fulfilled'
    }
  }),
}

import { castDraft, produce, type Draft } from 'immer'
import type { DataProcessingAgreementSigned, SubProcessorEngaged } from '../catalogue'
import type { Decider } from './decider'
import { decideByTransition, ownedBy } from './transition'

export interface SubProcessorState {
  readonly status: 'engaged' | 'objected' | 'removed'
  readonly engagement: SubProcessorEngaged
  readonly engagedAt: string
  readonly objectedAt?: string
  readonly removedAt?: string
}

/** One processor relationship (Art. 28): the agreement and its sub-processors. */
export interface ProcessorState {
  readonly controllerId?: string
  readonly agreement?: DataProcessingAgreementSigned
  readonly signedAt?: string
  readonly subProcessors: Readonly<Record<string, SubProcessorState>>
  /**
   * Art. 28(2): when the controller objected to each sub-processor, by sub-processor id,
   * including objections to a change notice before the sub-processor was engaged.
   */
  readonly objections: Readonly<Record<string, readonly string[]>>
}

const initialState = (): ProcessorState => ({ subProcessors: {}, objections: {} })

export const processorDecider: Decider<'processor', ProcessorState> = {
  kind: 'processor',
  initialState,
  evolve: (state, event) =>
    produce(state, (draft: Draft<ProcessorState>) => {
      switch (event.type) {
        case 'DataProcessingAgreementSigned':
          draft.controllerId = event.controllerId
          draft.agreement = castDraft(event.data)
          draft.signedAt = event.occurredAt
          return
        case 'SubProcessorEngaged':
          draft.subProcessors[event.data.subProcessorId] = {
            status: 'engaged',
            engagement: castDraft(event.data),
            engagedAt: event.occurredAt,
          }
          return
        case 'SubProcessorObjected': {
          const id = event.data.subProcessorId
          draft.objections[id] = [...(draft.objections[id] ?? []), event.occurredAt]
          const sub = draft.subProcessors[id]
          if (sub !== undefined) {
            sub.status = 'objected'
            sub.objectedAt = event.occurredAt
          }
          return
        }
        case 'SubProcessorRemoved': {
          const sub = draft.subProcessors[event.data.subProcessorId]
          if (sub !== undefined) {
            sub.status = 'removed'
            sub.removedAt = event.occurredAt
          }
          return
        }
      }
    }),
  decide: decideByTransition((command, state) => {
    const foreign = ownedBy(state.controllerId, command.controllerId)
    if (foreign !== undefined) return foreign
    const event = command.event
    if (event.type === 'DataProcessingAgreementSigned') {
      return state.agreement === undefined
        ? undefined
        : 'an agreement is already signed with this processor'
    }
    if (state.agreement === undefined)
      return 'no data processing agreement is signed with this processor'
    const sub = state.subProcessors[event.data.subProcessorId]
    switch (event.type) {
      case 'SubProcessorEngaged':
        return sub?.status === 'engaged' ? 'the sub-processor is already engaged' : undefined
      case 'SubProcessorObjected':
        // A controller may object to a change notice before the sub-processor is engaged.
        return undefined
      case 'SubProcessorRemoved':
        return sub === undefined || sub.status === 'removed'
          ? 'the sub-processor is not engaged'
          : undefined
    }
  }),
}

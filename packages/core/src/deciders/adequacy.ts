import { produce, type Draft } from 'immer'
import type { Decider } from './decider'
import { decideByTransition } from './transition'

/** One adequacy decision as the register knows it. */
export interface AdequacyRecord {
  readonly validFrom: string
  readonly validUntil?: string
  readonly revokedAt?: string
}

/**
 * The adequacy decisions recorded for one third country, by the name transfer mechanisms
 * cite. Adequacy is the Commission's, not one controller's: the stream has no owner.
 */
export interface AdequacyState {
  readonly decisions: Readonly<Record<string, AdequacyRecord>>
}

export const adequacyDecider: Decider<'adequacy', AdequacyState> = {
  kind: 'adequacy',
  initialState: () => ({ decisions: {} }),
  evolve: (state, event) =>
    produce(state, (draft: Draft<AdequacyState>) => {
      switch (event.type) {
        case 'AdequacyDecisionRecorded': {
          const { validFrom, validUntil } = event.data
          draft.decisions[event.data.decision] =
            validUntil === undefined ? { validFrom } : { validFrom, validUntil }
          return
        }
        case 'AdequacyDecisionRevoked': {
          const decision = draft.decisions[event.data.decision]
          if (decision !== undefined) decision.revokedAt = event.occurredAt
          return
        }
      }
    }),
  decide: decideByTransition((command, state) => {
    const known = state.decisions[command.event.data.decision]
    switch (command.event.type) {
      case 'AdequacyDecisionRecorded':
        return known !== undefined && known.revokedAt === undefined
          ? 'this adequacy decision is already recorded'
          : undefined
      case 'AdequacyDecisionRevoked':
        return known === undefined || known.revokedAt !== undefined
          ? 'no adequacy decision of this name is in force'
          : undefined
    }
  }),
}

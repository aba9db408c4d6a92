import type { Decider } from './decider'
import { decideByTransition } from './transition'

/**
 * The processing stream is written with expected version `any` and never folded to decide:
 * what a processing record needs is judged from the subject's rights stream and the
 * activity (see the command table). Its decider has no state of its own.
 */
export type ProcessingState = Readonly<Record<string, never>>

export const processingDecider: Decider<'processing', ProcessingState> = {
  kind: 'processing',
  initialState: () => ({}),
  evolve: (state) => state,
  decide: decideByTransition(() => undefined),
}

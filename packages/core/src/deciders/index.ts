import type { StreamKind } from '../catalogue'
import { activityDecider, type ActivityState } from './activity'
import { adequacyDecider, type AdequacyState } from './adequacy'
import { breachDecider, type BreachState } from './breach'
import type { Decider } from './decider'
import { disclosureDecider, type DisclosureState } from './disclosure'
import { dsrDecider, type DsrState } from './dsr'
import { processingDecider, type ProcessingState } from './processing'
import { processorDecider, type ProcessorState } from './processor'
import { subjectDecider, type SubjectState } from './subject'

/** The state each kind of stream folds into. */
export interface StreamStates {
  readonly activity: ActivityState
  readonly processor: ProcessorState
  readonly subject: SubjectState
  readonly processing: ProcessingState
  readonly dsr: DsrState
  readonly disclosure: DisclosureState
  readonly breach: BreachState
  readonly adequacy: AdequacyState
}

/** Stream kinds with a decider (checkpoints are written by the ledger itself). */
export type DecidedStreamKind = Exclude<StreamKind, 'checkpoint'>

/** The decider of every stream kind. */
export const deciders: { readonly [K in DecidedStreamKind]: Decider<K, StreamStates[K]> } = {
  activity: activityDecider,
  processor: processorDecider,
  subject: subjectDecider,
  processing: processingDecider,
  dsr: dsrDecider,
  disclosure: disclosureDecider,
  breach: breachDecider,
  adequacy: adequacyDecider,
}

export * from './activity'
export * from './adequacy'
export * from './breach'
export * from './decider'
export * from './disclosure'
export * from './dsr'
export * from './processing'
export * from './processor'
export * from './subject'
export { decideByTransition } from './transition'

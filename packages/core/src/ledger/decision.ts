import type { Either } from 'fp-ts/lib/Either.js'
import type { LedgerEvent } from '../catalogue'
import type { RecordCommand } from '../deciders/decider'
import type { DecidedStreamKind, StreamStates } from '../deciders'
import type { ComplianceViolation } from '../errors'
import type { Jurisdiction } from '../jurisdiction/jurisdiction'
import type { RulePolicy } from '../rules/policy'

/** A stream as a decision saw it: its id, its version and its folded state. */
export interface LoadedStream<S> {
  readonly streamId: string
  readonly version: number
  readonly state: S
}

/** The streams a decision read, by kind: the command's own stream and its context streams. */
export type DecisionStreams = { readonly [K in DecidedStreamKind]?: LoadedStream<StreamStates[K]> }

/**
 * Everything a compliance rule may judge: the command, the streams read, the time, and the
 * ledger's jurisdiction profile and rule policy.
 */
export interface Decision<E extends LedgerEvent = LedgerEvent> {
  readonly command: RecordCommand<E>
  readonly kind: 'gate' | 'fact'
  readonly streams: DecisionStreams
  /** The clock's time when the command was handled (gates happen now). */
  readonly now: string
  /** The country profile the ledger was created with. */
  readonly jurisdiction: Jurisdiction
  /** The operator's vocabulary the ledger was created with. */
  readonly policy: RulePolicy
}

/**
 * A compliance rule as the ledger runs it: refuse with the rule id and article, or pass.
 * Built-in rules and a caller's own rules have this same signature.
 */
export type ComplianceRule = (decision: Decision) => Either<ComplianceViolation, void>

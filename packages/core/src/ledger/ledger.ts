import * as E from 'fp-ts/lib/Either.js'
import { recordCheckpoint, type CheckpointResult } from '../chain/checkpoint'
import { verify, type VerifyOptions, type VerifyReport } from '../chain/verify'
import { ControllerId } from '../codec/primitives'
import {
  commandNames,
  type CommandEventOf,
  type CommandInput,
  type CommandName,
} from '../commands/table'
import type { Upcasters } from '../envelope'
import { invalidInput, type AppendError, type LedgerError, type StoreError } from '../errors'
import { defineJurisdiction, type Jurisdiction } from '../jurisdiction/jurisdiction'
import { SE } from '../jurisdiction/profiles'
import { builtInRules } from '../rules'
import { defaultPolicy, definePolicy, type RulePolicy } from '../rules/policy'
import type { EventStore } from '../store/event-store'
import { MINUTE, systemClock, type Clock } from '../time'
import { handleCommand, type CommandResult } from './command-handler'
import type { ComplianceRule } from './decision'
import { importFacts, type ImportResult } from './import'
import { StreamStateCache } from './load-stream'

const knownCommands: ReadonlySet<string> = new Set(commandNames)
const isCommandName = (name: unknown): name is CommandName =>
  typeof name === 'string' && knownCommands.has(name)

export interface LedgerOptions {
  readonly store: EventStore
  /** The source of "now" (default the system clock). */
  readonly clock?: Clock
  /** How far a gate's `occurredAt` may lie before now, and any `occurredAt` after now, in ms (default 5 minutes). */
  readonly maxSkew?: number
  /**
   * The country profile rules judge by (time zone, child consent age, bookkeeping years,
   * retention defaults). Default: Sweden (`jurisdictions.SE`).
   */
  readonly jurisdiction?: Jurisdiction
  /** The operator's vocabulary: traffic, location and customer data, marketing purposes, disclosure roles. Default: `defaultPolicy`. */
  readonly policy?: RulePolicy
  /**
   * The caller's own compliance rules, run on every command after the built-in ones (which
   * always run), with the same signature; a refusal is reported exactly like a built-in one.
   */
  readonly rules?: readonly ComplianceRule[]
  /** Upcasters for events written under older schema versions. */
  readonly upcasters?: Upcasters
  /** The operator running the ledger: the controller named on checkpoints (default `operator`). */
  readonly operatorId?: string
  /**
   * How often a command is re-decided after a concurrent write to its stream (default 6). Each
   * re-decision waits a random time first, below 4 ms, then 8, 16, … up to 100 ms, so that
   * commands racing for one stream take turns instead of colliding again. Up to
   * `conflictRetries + 1` commands sent at once for one stream always go through (each race
   * one loses is another's win); measured with 1 ms of store latency, 24 consents sent at once
   * for one subscriber all went through. When the retries run out, the command answers
   * `WrongExpectedVersion` and wrote nothing.
   */
  readonly conflictRetries?: number
  /**
   * How many folded stream states (rights, activity, request streams) to keep between commands
   * (default 10,000; 0 turns the cache off). A cached state is extended with the events after
   * it, never trusted blindly.
   */
  readonly stateCacheSize?: number
}

type CommandMethods = {
  readonly [N in CommandName]: (
    command: CommandInput<N>,
  ) => Promise<E.Either<LedgerError, CommandResult<CommandEventOf<N>>>>
}

/**
 * The ledger facade: one method per command (decode → load stream state → decide → append),
 * the import path for facts that already happened, checkpoints and verification.
 */
export interface Ledger extends CommandMethods {
  readonly store: EventStore
  /**
   * Runs a command by name, for callers that route commands dynamically (an HTTP endpoint).
   * The name may come straight from the request: one that names no command is
   * `Left(InvalidInput)` with the issue at path `command` (the name itself is not echoed), and
   * nothing is written, so a router answers 400 as for any other bad input.
   *
   * @example
   * ```ts
   * // POST /commands/:name with the command as the JSON body
   * const result = await ledger.execute(request.params.name, request.body)
   * if (E.isLeft(result) && result.left._tag === 'InvalidInput') reply.status(400)
   * ```
   */
  execute<N extends CommandName>(
    name: N,
    command: unknown,
  ): Promise<E.Either<LedgerError, CommandResult<CommandEventOf<N>>>>
  execute(
    name: string,
    command: unknown,
  ): Promise<E.Either<LedgerError, CommandResult<CommandEventOf<CommandName>>>>
  /** Records facts that already happened; never refuses a well-formed fact on rule grounds. */
  import(facts: unknown): Promise<E.Either<LedgerError, ImportResult>>
  /** Records the heads of the streams changed since the previous checkpoint. */
  checkpoint(): Promise<E.Either<StoreError | AppendError, CheckpointResult>>
  /** Re-checks every hash chain and checkpoint; breaks are in the report. */
  verify(options?: VerifyOptions): Promise<E.Either<StoreError, VerifyReport>>
}

/**
 * Creates a ledger over a store.
 *
 * @example
 * ```ts
 * import { createInMemoryStore, createLedger, jurisdictions } from '@gdpr-ledger/core'
 *
 * const ledger = createLedger({ store: createInMemoryStore(), jurisdiction: jurisdictions.SE })
 * const result = await ledger.giveConsent({
 *   controllerId: 'telco_se',
 *   actor: 'web-signup',
 *   subjectId: 'sub-8f3a',
 *   purpose: 'marketing',
 *   noticeVersion: 'privacy-notice-2026-10',
 *   channel: 'web',
 * })
 * ```
 */
export const createLedger = (options: LedgerOptions): Ledger => {
  const operatorId = options.operatorId ?? 'operator'
  if (!ControllerId.is(operatorId))
    throw new TypeError('operatorId must be a ControllerId (letters, digits, _ . :)')
  const maxSkewMs = options.maxSkew ?? 5 * MINUTE
  if (!Number.isFinite(maxSkewMs) || maxSkewMs < 0)
    throw new TypeError('maxSkew must be a number of milliseconds ≥ 0')
  const config = {
    store: options.store,
    clock: options.clock ?? systemClock,
    maxSkewMs,
    rules: [...builtInRules, ...(options.rules ?? [])],
    jurisdiction:
      options.jurisdiction === undefined ? SE : defineJurisdiction(options.jurisdiction),
    policy: options.policy === undefined ? defaultPolicy : definePolicy(options.policy),
    upcasters: options.upcasters ?? {},
    conflictRetries: options.conflictRetries ?? 6,
    stateCache: new StreamStateCache(options.stateCacheSize ?? 10_000),
  }
  const execute = (
    name: string,
    command: unknown,
  ): Promise<E.Either<LedgerError, CommandResult<CommandEventOf<CommandName>>>> =>
    isCommandName(name)
      ? handleCommand(config, name, command)
      : Promise.resolve(E.left(invalidInput([{ path: 'command', expected: 'CommandName' }])))
  const methods = Object.fromEntries(
    commandNames.map((name) => [name, (command: unknown) => handleCommand(config, name, command)]),
  ) as unknown as CommandMethods
  return {
    ...methods,
    store: options.store,
    execute,
    import: (facts) => importFacts(config, facts),
    checkpoint: () =>
      recordCheckpoint({ store: config.store, clock: config.clock, operatorId, actor: 'ledger' }),
    verify: (verifyOptions) => verify(config.store, verifyOptions),
  }
}

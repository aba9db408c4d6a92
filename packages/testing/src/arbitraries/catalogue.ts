import {
  ImportedFact,
  catalogue,
  commands,
  eventTypes,
  serialiseMetadata,
  type CommandInput,
  type CommandName,
  type EventData,
  type EventToAppend,
  type EventType,
  type LedgerEvent,
} from '@gdpr-ledger/core'
import * as fc from 'fast-check'
import { arbitraryOf, defaultHints, type FieldHints } from './from-codec'
import { instantArbitrary } from './vocabulary'

/** Valid data for event type `type`. */
export const eventDataArbitrary = <T extends EventType>(
  type: T,
  hints: FieldHints = defaultHints,
): fc.Arbitrary<EventData<T>> =>
  arbitraryOf(catalogue[type].data, hints) as fc.Arbitrary<EventData<T>>

/** A `{ type, data }` pair of any event type (or of the given types). */
export const ledgerEventArbitrary = (
  types: readonly EventType[] = eventTypes,
  hints: FieldHints = defaultHints,
): fc.Arbitrary<LedgerEvent> =>
  fc.oneof(
    ...types.map((type) =>
      eventDataArbitrary(type, hints).map((data) => ({ type, data }) as LedgerEvent),
    ),
  )

export interface CommandArbitraryOptions {
  readonly hints?: FieldHints
  /** Include an `occurredAt` (default false: commands then happen at the ledger's clock). */
  readonly withOccurredAt?: boolean
  /** Include a `commandId` (default: sometimes). */
  readonly withCommandId?: boolean
}

/**
 * A valid command for `name`, as a backend would pass it. Without `withOccurredAt` the
 * command carries no time, so gates pass the "happens now" check whatever the clock says.
 */
export const commandArbitrary = <N extends CommandName>(
  name: N,
  options: CommandArbitraryOptions = {},
): fc.Arbitrary<CommandInput<N>> => {
  const base = arbitraryOf(commands[name].codec, options.hints ?? defaultHints) as fc.Arbitrary<
    Record<string, unknown>
  >
  return base.map((command) => {
    const { occurredAt, commandId, ...rest } = command
    const out: Record<string, unknown> = { ...rest }
    if (options.withOccurredAt === true && occurredAt !== undefined) out.occurredAt = occurredAt
    if (options.withCommandId !== false && commandId !== undefined) out.commandId = commandId
    return out as CommandInput<N>
  })
}

/** A `[name, command]` pair of any command. */
export const anyCommandArbitrary = (
  options: CommandArbitraryOptions = {},
): fc.Arbitrary<{ name: CommandName; command: unknown }> =>
  fc.oneof(
    ...(Object.keys(commands) as CommandName[]).map((name) =>
      commandArbitrary(name, options).map((command) => ({ name, command: command })),
    ),
  )

/** A well-formed fact for `ledger.import`, of any importable type (or of the given types). */
export const importedFactArbitrary = (
  types: readonly EventType[] = eventTypes.filter((type) => type !== 'ChainCheckpoint'),
  hints: FieldHints = defaultHints,
): fc.Arbitrary<ImportedFact> =>
  fc
    .record({
      id: fc.uuid(),
      controllerId: arbitraryOf(ImportedFact.required.controllerId, hints) as fc.Arbitrary<string>,
      occurredAt: instantArbitrary(
        new Date('2024-01-01T00:00:00.000Z'),
        new Date('2026-01-01T00:00:00.000Z'),
      ),
      actor: arbitraryOf(ImportedFact.required.actor, hints) as fc.Arbitrary<string>,
      event: ledgerEventArbitrary(types, hints),
    })
    .map(({ event, ...fact }) => ({ ...fact, type: event.type, data: event.data }))

/**
 * An event ready for `EventStore.append`, for store-level tests: a catalogue event's exact
 * bytes with a fresh id.
 */
export const eventToAppendArbitrary = (
  hints: FieldHints = defaultHints,
): fc.Arbitrary<EventToAppend> =>
  fc
    .record({
      id: fc.uuid(),
      controllerId: fc.constantFrom('telco_se', 'telco_no'),
      occurredAt: instantArbitrary(),
      recordedAt: instantArbitrary(),
      event: ledgerEventArbitrary(
        eventTypes.filter((type) => type !== 'ChainCheckpoint'),
        hints,
      ),
    })
    .map(({ event, ...rest }) => ({
      ...rest,
      type: event.type,
      data: JSON.stringify(event.data),
      metadata: serialiseMetadata({
        schemaVersion: catalogue[event.type].schemaVersion,
        actor: 'test-suite',
      }),
    }))

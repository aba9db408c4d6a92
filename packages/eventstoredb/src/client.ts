/**
 * Every import from the EventStoreDB client, in one statement. `@kurrent/kurrentdb-client` is
 * its drop-in successor: to switch, change the module name below and import
 * `KurrentDBClient as Client` instead of `EventStoreDBClient as Client`; nothing else in the
 * adapter names the client package.
 */
export {
  EventStoreDBClient as Client,
  BACKWARDS,
  END,
  ErrorType,
  FORWARDS,
  NO_STREAM,
  START,
  binaryEvent,
  isCommandError,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type CurrentRevision,
  type EventData,
  type EventType,
  type Position,
  type RecordedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client'

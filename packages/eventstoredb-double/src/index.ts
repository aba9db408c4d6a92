/**
 * An in-process gRPC double of the EventStoreDB APIs that `@eventstore/db-client` 6.x calls,
 * served with `@grpc/grpc-js` from the client's own generated service definitions. It is test
 * infrastructure for machines that cannot run EventStoreDB; with `ESDB_CONNECTION_STRING` set,
 * the same tests run against a real server.
 *
 * What it models, after the EventStoreDB documentation and the server's write path
 * (`IndexCommitter.CheckCommit`):
 * - Streams.Append and Streams.BatchAppend (chunked, per correlation id, an unfinished batch
 *   written not at all), advertised through ServerFeatures as a 21.10+ server does, so the
 *   client takes the same path as against a real server.
 * - Expected revisions `any`, `no_stream`, `stream_exists` and exact, with the answer's
 *   current revision (`no_stream` when the stream has none).
 * - Idempotent appends by event id: a repeat at the same expected revision (or under `any`)
 *   is acknowledged without writing; a partial repeat is a wrong expected version.
 * - `MaxAppendSize` (default 1 MiB, `Event.SizeOnDisk`), refused with the server's error.
 * - Streams.Read of a stream (forwards, backwards, from a revision, `$maxCount` and `$tb` from
 *   the metastream, not-found as a `stream_not_found` message) and of $all (forwards from a
 *   position inclusive, backwards exclusive, stream-name and event-type filters).
 * - Catch-up subscriptions to $all and to a stream: confirmation, history after the start
 *   point (exclusive), `caught_up`, then live events; filtered $all subscriptions send
 *   checkpoints every `checkpointInterval × window` events scanned.
 * - $all positions as byte offsets in one log, in either layout (`PositionLayout`); every
 *   read (stream reads too, as 22.6+ does) carries the event's position.
 * - Soft delete (Streams.Delete: `$tb` = long.MaxValue in the metastream; reads are not found;
 *   a later append continues the revisions and resets `$tb`) and tombstones
 *   (Streams.Tombstone: a `$streamDeleted` record; reads and writes fail `stream-deleted`).
 * - Faults: dropped connections, an append held before it writes (so a test can drop its
 *   connection mid-append: it then writes nothing), an outage (UNAVAILABLE), a crash and
 *   restart over the same log, and direct edits of the stored records.
 *
 * What it does not model: TLS and authentication, users and ACLs, clustering, gossip and
 * leader election (`NotLeader`), the projections subsystem (no `$ce-`, `$et-` or `$by_*`
 * streams), persistent subscriptions, the Operations, Monitoring, Users and Gossip services,
 * `$maxAge`, `$cacheControl` and ACL metadata, link events and `resolveLinkTos`, scavenging,
 * deadlines on the server side, `FellBehind` and slow-subscriber dropping, the bounded size of
 * the server's idempotency cache (the double remembers every event id), `$all` reads hiding
 * nothing (a real server also shows truncated events until a scavenge, as here), disk and
 * durability (the log is in memory), and any performance figure: it is not a server.
 */
export { startEventStoreDBDouble, DOUBLE_SERVER_VERSION } from './server'
export type { EventStoreDBDouble, EventStoreDBDoubleOptions } from './server'
export { DoubleLog, DELETED_REVISION, metastreamOf, sizeOnDisk } from './log'
export type {
  DoubleLogOptions,
  ExpectedRevision,
  LogPosition,
  LogRecord,
  PositionLayout,
  ProposedEvent,
  WriteOutcome,
} from './log'

import {
  AppendSignal,
  catchUpSubscription,
  DEFAULT_PAGE_SIZE,
  storeClosed,
  Uuid,
  validateAppend,
  type EventStore,
  type ProcessingQuery,
  type ProjectionStore,
  type StoreUnavailable,
  type Subscription,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { toStoreUnavailable } from './driver-error'
import { EVENT_COLUMNS, positionParam, toStoredEvent, type EventRow } from './event-rows'
import { GroupCommit } from './group-commit'
import { throttledNotify } from './notify'
import { migrate, type MigrationReport } from './migrations'
import { createProcessingQuery } from './processing-query'
import { createProjectionStore } from './projection-store'
import { channelOf, quoteSchema } from './schema-name'
import type { SqlClient } from './sql-client'

/** An `EventStore` over PostgreSQL or PGlite, with the ports that live beside the log. */
export interface PostgresEventStore extends EventStore, ProcessingQuery {
  /** The schema (namespace) the ledger's tables live in. */
  readonly schema: string
  /** Consumers' state and position, saved together in one row (`ProjectionStore`). */
  readonly projections: ProjectionStore
  /** Applies pending schema migrations: idempotent, and safe to run from several processes. */
  migrate(): Promise<E.Either<StoreUnavailable, MigrationReport>>
}

export interface SqlEventStoreConfig {
  readonly client: SqlClient
  readonly schema: string
  /** NOTIFY other processes' subscribers after commits, at most one per 10 ms (servers only). */
  readonly notify: boolean
  /** How long an idle subscription waits before polling again. */
  readonly pollIntervalMs: number
}

/** Longest wait before listening again after the LISTEN connection was lost. */
const MAX_RELISTEN_DELAY_MS = 5000

/**
 * The one SQL implementation behind `postgresStore` and `pgliteStore`: everything here runs
 * unchanged on a server and on PGlite; only the `SqlClient` differs.
 */
export const createSqlEventStore = (config: SqlEventStoreConfig): PostgresEventStore => {
  const { client } = config
  const s = quoteSchema(config.schema)
  const signal = new AppendSignal()
  // Other processes' subscribers are woken by a NOTIFY sent after the commit, in a
  // transaction of its own: a NOTIFY inside the append's transaction would hold PostgreSQL's
  // notify lock through the commit and serialise every appending transaction behind it.
  const wakeOthers =
    config.notify && client.listen !== undefined
      ? throttledNotify(client, channelOf(config.schema))
      : undefined
  const appends = new GroupCommit({
    client,
    schema: s,
    // Prepared statement names share PostgreSQL's 63-byte limit: schema names are at most 48.
    statementName: `gla_${config.schema}`,
    onCommitted: () => {
      signal.notify()
      wakeOthers?.notify()
    },
  })
  let closing: Promise<void> | undefined
  // A function, not a read of `closing`: an await may have closed the store meanwhile.
  const isClosing = () => closing !== undefined

  /**
   * Runs a read, mapping a driver error; refuses once the store is closed. A read that fails
   * because the store was closed under it is a closed store's, whatever the driver said, so a
   * subscription ends on it instead of retrying.
   */
  const read = async <A>(work: () => Promise<A>): Promise<E.Either<StoreUnavailable, A>> => {
    if (closing !== undefined) return E.left(storeClosed())
    try {
      return E.right(await work())
    } catch (error) {
      return E.left(isClosing() ? storeClosed() : toStoreUnavailable(error))
    }
  }

  const append: EventStore['append'] = async (streamId, events, { expectedVersion }) => {
    if (closing !== undefined) return E.left(storeClosed())
    const invalid = validateAppend(streamId, events, expectedVersion)
    if (E.isLeft(invalid)) return invalid
    return appends.append(streamId, events, expectedVersion)
  }

  const streamSql = (direction: 'forward' | 'backward') => `
    SELECT h.version AS head, e.*
      FROM (SELECT 1) AS one
      LEFT JOIN ${s}.streams h ON h.stream_id = $1
      LEFT JOIN LATERAL (
        SELECT ${EVENT_COLUMNS} FROM ${s}.events e
         WHERE e.stream_id = $1 AND e.version ${direction === 'forward' ? '>=' : '<='} $2
         ORDER BY e.version ${direction === 'forward' ? 'ASC' : 'DESC'} LIMIT $3
      ) e ON true`
  const forwardSql = streamSql('forward')
  const backwardSql = streamSql('backward')

  const readStream: EventStore['readStream'] = (streamId, options = {}) =>
    read(async () => {
      const backward = options.direction === 'backward'
      const rows = await client.query<Partial<EventRow> & { head: number | null }>(
        backward ? backwardSql : forwardSql,
        [streamId, options.fromVersion ?? (backward ? 2_147_483_647 : 1), options.maxCount ?? null],
      )
      const streamVersion = rows[0]?.head ?? 0
      const events = rows
        .filter((row): row is EventRow & { head: number } => row.position != null)
        .map(toStoredEvent)
      return { events, streamVersion }
    })

  // Positions below the readers' horizon only (see `VISIBLE` and the read_all function).
  const readAllSql = `SELECT ${EVENT_COLUMNS} FROM ${s}.read_all($1::bigint, $2::integer) e`

  const fetchPage = (after: bigint, limit: number) =>
    read(async () =>
      (await client.query<EventRow>(readAllSql, [positionParam(after), limit])).map(toStoredEvent),
    )
  // A full page means a reader is catching up: the next page is fetched while it works on
  // this one. A page read a moment early is still a correct answer: nothing can appear below
  // the horizon it was read under.
  let ahead:
    | {
        readonly after: bigint
        readonly limit: number
        readonly page: ReturnType<typeof fetchPage>
      }
    | undefined

  const readAll: EventStore['readAll'] = async (options = {}) => {
    if (closing !== undefined) return E.left(storeClosed())
    const after = options.after ?? 0n
    const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE))
    const prefetched = ahead?.after === after && ahead.limit === limit ? ahead.page : undefined
    ahead = undefined
    const page = await (prefetched ?? fetchPage(after, limit))
    const last = E.isRight(page) ? page.right[page.right.length - 1] : undefined
    if (last !== undefined && E.isRight(page) && page.right.length === limit && !isClosing())
      ahead = { after: last.position, limit, page: fetchPage(last.position, limit) }
    return page
  }

  const findEventSql = `SELECT ${EVENT_COLUMNS} FROM ${s}.events e
    WHERE e.id = $1::uuid AND e.stream_id = $2`

  const findEvent: EventStore['findEvent'] = (streamId, eventId) =>
    read(async () => {
      // An id that is no UUID cannot be stored; asking PostgreSQL would be a cast error.
      if (!Uuid.is(eventId)) return undefined
      const [row] = await client.query<EventRow>(findEventSql, [eventId, streamId])
      return row === undefined ? undefined : toStoredEvent(row)
    })

  // LISTEN while any subscription runs; a lost connection is re-listened with backoff, and
  // the poll interval covers the gap.
  let subscribers = 0
  let stopListening: (() => Promise<void>) | undefined
  let listening: Promise<void> | undefined
  const listen = (attempt = 0): void => {
    const start = client.listen
    if (start === undefined || listening !== undefined) return
    listening = (async () => {
      try {
        stopListening = await start(
          channelOf(config.schema),
          () => {
            signal.notify()
          },
          () => {
            const stop = stopListening
            stopListening = undefined
            listening = undefined
            void stop?.()
            relisten(0)
          },
        )
        // A wake-up may have been missed while not listening.
        signal.notify()
        if (subscribers === 0 || closing !== undefined) await unlisten()
      } catch {
        listening = undefined
        relisten(attempt + 1)
      }
    })()
  }
  const relisten = (attempt: number) => {
    if (subscribers === 0 || closing !== undefined) return
    setTimeout(
      () => {
        listen(attempt)
      },
      Math.min(100 * 2 ** attempt, MAX_RELISTEN_DELAY_MS),
    ).unref()
  }
  const unlisten = async () => {
    const stop = stopListening
    stopListening = undefined
    listening = undefined
    await stop?.()
  }

  /**
   * Core's catch-up loop, given the subscriber's options as they came: `retry` and `onRetry`
   * decide how a failed read is retried (by default an unavailable server is waited out).
   */
  const subscribe: EventStore['subscribe'] = (options): Subscription => {
    // First, so a policy that is none throws before the subscription is counted.
    const subscription = catchUpSubscription(readAll, signal, options, {
      pollIntervalMs: config.pollIntervalMs,
    })
    subscribers += 1
    if (subscribers === 1) listen()
    const ended = async () => {
      subscribers -= 1
      if (subscribers === 0) await unlisten()
    }
    // A subscription that threw (a bug) ends too; its caller gets the error from `done`.
    void subscription.done.then(ended, ended)
    return subscription
  }

  const close = (): Promise<void> => {
    closing ??= (async () => {
      await appends.close()
      wakeOthers?.stop()
      await listening
      await unlisten()
      signal.notify()
      await client.close()
    })()
    return closing
  }

  const processing = createProcessingQuery(client, s, read)
  return {
    schema: config.schema,
    append,
    readStream,
    readAll,
    findEvent,
    subscribe,
    close,
    findProcessing: (filter, page) => processing.findProcessing(filter, page),
    projections: createProjectionStore(client, s, read),
    migrate: () =>
      closing === undefined
        ? migrate(client, config.schema)
        : Promise.resolve(E.left(storeClosed())),
  }
}

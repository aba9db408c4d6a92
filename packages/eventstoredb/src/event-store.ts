import { randomUUID } from 'node:crypto'
import {
  AppendSignal,
  EMPTY_HEAD,
  catchUpSubscription,
  chainEvents,
  checkExpectedVersion,
  classifyRetry,
  invalidInput,
  storeClosed,
  storeUnavailable,
  validateAppend,
  type AppendResult,
  type CatchUpOptions,
  type ChainHead,
  type EventStore,
  type ProjectionStore,
  type StoreUnavailable,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { Client, ErrorType, type CurrentRevision, type RecordedEvent } from './client'
import { errorTypeOf, storeErrorOf } from './errors'
import { toEventData, type DecodedEvent } from './event-codec'
import { DEFAULT_NAMESPACE, namespaceOf, type Namespace } from './namespace'
import { eventStoreDBProjectionStore } from './projection-store'
import { decodeRecords, readAllEvents, readStreamEvents, readStreamRecords } from './reads'
import { expectedRevisionOf, revisionOf, versionOf, versionOfCurrent } from './revision'
import { TailCache, type CachedTail } from './tail-cache'
import { WakeUp } from './wake-up'

export interface EventStoreDBStoreOptions {
  /** A client you own; `close()` leaves it open. Give this or `connectionString`. */
  readonly client?: Client
  /** A connection string such as `esdb://localhost:2113?tls=false`; the store owns its client. */
  readonly connectionString?: string
  /** The stream prefix the ledger lives under (default `gdpr_ledger`): letters, digits, `_`. */
  readonly namespace?: string
  /**
   * How many of a stream's last events an append checks for the batch's ids before writing,
   * and `findEvent` searches (default 100). EventStoreDB cannot look an event up by id, so a
   * retry is recognised only within this window of its stream.
   */
  readonly idWindow?: number
  /**
   * How many streams' tails (head revision and hash, and the ids of the last `idWindow` events)
   * the store remembers between appends (default 1,000; 0: none). An append to a remembered
   * stream is sent at the remembered head's revision without reading first; if another process
   * moved the head, it reads the head and the events written since instead of the whole id
   * window. It answers the same either way. About 6 KB per stream at the default window.
   */
  readonly tailCache?: number
  /** The server's `MaxAppendSize` in bytes (default 1,048,576, the server's default). */
  readonly maxAppendSize?: number
  /** Appends tried under concurrent writers before `StoreUnavailable` (default 64). */
  readonly maxAppendAttempts?: number
  /**
   * Subscriptions: the catch-up loop's poll interval (default 1,000 ms; pushes wake it sooner),
   * the retry policy for failed reads (default: retry an unavailable store for as long as it
   * takes, back-off 100 ms doubling to 5 s) and `onRetry`, told of every failed read retried.
   */
  readonly subscription?: CatchUpOptions
}

/** An `EventStore` on EventStoreDB, with the client and the projection checkpoints beside it. */
export interface EventStoreDBStore extends EventStore {
  readonly client: Client
  readonly namespace: string
  /** Projection checkpoints as snapshot streams, outside the ledger's namespace. */
  readonly projections: ProjectionStore
  /**
   * A catch-up subscription over `$all` (core's `catchUpSubscription`): it survives dropped
   * connections and restarts of the server, retrying as `retry` says (over the store's
   * `subscription.retry`), and reports each retry to `onRetry` (and the store's).
   */
  subscribe(options: SubscribeOptions): Subscription
}

/** What a tail read found, and the window it saw (remembered once the append is done). */
interface Tail {
  readonly head: ChainHead
  readonly found: readonly StoredEvent[]
  readonly window: CachedTail
  /** Taken from memory without reading: the head is a guess the append's revision checks. */
  readonly remembered: boolean
}

/**
 * Whether `since` (read forwards from the remembered head, inclusive) runs without a hole from
 * that head to `head`: nothing was inserted, reordered or removed under the remembered tail.
 */
const continues = (
  cached: CachedTail,
  since: readonly RecordedEvent[],
  head: RecordedEvent,
): boolean =>
  since.length === Number(head.revision - cached.revision) + 1 &&
  since[0]?.id.toLowerCase() === cached.ids[cached.ids.length - 1] &&
  since.every((r, i) => r.revision === cached.revision + BigInt(i)) &&
  since[since.length - 1]?.id === head.id

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The ledger's `EventStore` on EventStoreDB (DESIGN.md, "EventStoreDB"): streams under a
 * namespace prefix, our exact bytes as binary events, the hash chain kept under expected
 * version `any` by appending at the head's exact revision and retrying on conflict, global
 * positions from $all positions, and catch-up subscriptions that survive dropped connections.
 *
 * @example
 * ```ts
 * import { createLedger } from '@gdpr-ledger/core'
 * import { eventStoreDBStore } from '@gdpr-ledger/eventstoredb'
 *
 * const store = eventStoreDBStore({ connectionString: 'esdb://localhost:2113?tls=false' })
 * const ledger = createLedger({ store })
 * ```
 */
export const eventStoreDBStore = (options: EventStoreDBStoreOptions): EventStoreDBStore => {
  if ((options.client === undefined) === (options.connectionString === undefined)) {
    throw new TypeError('eventStoreDBStore takes either a client or a connectionString')
  }
  const ownsClient = options.client === undefined
  const client = options.client ?? Client.connectionString(options.connectionString as string)
  const namespace: Namespace = namespaceOf(options.namespace ?? DEFAULT_NAMESPACE)
  const idWindow = options.idWindow ?? 100
  const maxAppendSize = options.maxAppendSize ?? 1_048_576
  const maxAttempts = options.maxAppendAttempts ?? 64
  if (!Number.isSafeInteger(idWindow) || idWindow < 1)
    throw new TypeError('idWindow is a positive integer')
  const tailCacheSize = options.tailCache ?? 1000
  if (!Number.isSafeInteger(tailCacheSize) || tailCacheSize < 0)
    throw new TypeError('tailCache is a non-negative integer')
  const tails = new TailCache(tailCacheSize)
  const signal = new AppendSignal()
  const wakeUp = new WakeUp(client, namespace, signal)
  let closed = false

  /**
   * The stream's head and, among its last `idWindow` events, those carrying one of `ids`, read
   * in full: backwards from the end. Only those are decoded: most appends find none, and the
   * window's other events need no more than their id compared.
   */
  const readWholeTail = async (
    streamId: string,
    ids: ReadonlySet<string>,
  ): Promise<E.Either<StoreUnavailable, Tail>> => {
    const tail = await readStreamRecords(client, namespace, streamId, {
      direction: 'backwards',
      from: 'end',
      maxCount: idWindow,
    })
    if (E.isLeft(tail)) return tail
    const records = tail.right === 'not-found' ? [] : tail.right
    const head = records[0]
    const wanted = records.filter((r, i) => i === 0 || ids.has(r.id.toLowerCase()))
    const decoded = decodeRecords(wanted, streamId)
    if (E.isLeft(decoded)) return decoded
    const headEvent = head === undefined ? undefined : decoded.right[0]?.event
    const window: CachedTail = {
      revision: head?.revision ?? -1n,
      hash: headEvent?.hash ?? EMPTY_HEAD.hash,
      ids: records.map((r) => r.id.toLowerCase()).reverse(),
    }
    if (head === undefined) tails.delete(streamId)
    else tails.set(streamId, window)
    return E.right({
      head:
        headEvent === undefined
          ? EMPTY_HEAD
          : { version: headEvent.streamVersion, hash: headEvent.hash },
      found: decoded.right.map((d) => d.event).filter((e) => ids.has(e.id)),
      window,
      remembered: false,
    })
  }

  /**
   * `readWholeTail`, answered from the tail this store remembers when it can (`TailCache`):
   * read the head alone and, if later revisions were written since, just those; when they
   * continue the remembered tail and hold none of `ids`, the window is known without reading
   * it. Anything else (no memory, another head, an id of the batch) reads the whole window.
   * With `trustMemory`, a remembered tail that holds none of `ids` is answered without reading.
   */
  const readTail = async (
    streamId: string,
    ids: ReadonlySet<string>,
    trustMemory = false,
  ): Promise<E.Either<StoreUnavailable, Tail>> => {
    const cached = tails.get(streamId)
    // An id among the remembered ones needs its event, which only the whole window holds.
    if (cached === undefined || cached.ids.some((id) => ids.has(id)))
      return readWholeTail(streamId, ids)
    // An append's first attempt: sent at the remembered head's revision, which EventStoreDB
    // refuses unless that is still the head (`TailCache`).
    if (trustMemory) {
      const head = { version: versionOf(cached.revision), hash: cached.hash }
      return E.right({ head, found: [], window: cached, remembered: true })
    }
    const last = await readStreamRecords(client, namespace, streamId, {
      direction: 'backwards',
      from: 'end',
      maxCount: 1,
    })
    if (E.isLeft(last)) return last
    const head = last.right === 'not-found' ? undefined : last.right[0]
    if (head === undefined) return readWholeTail(streamId, ids)
    // The ids of the window up to `head`, when what was read continues the remembered tail.
    let windowIds: readonly string[] | undefined
    if (head.revision === cached.revision) {
      if (head.id.toLowerCase() === cached.ids[cached.ids.length - 1]) windowIds = cached.ids
    } else if (
      head.revision > cached.revision &&
      head.revision - cached.revision < BigInt(idWindow)
    ) {
      // From the remembered head, inclusive: it must still be there, followed by the rest.
      const since = await readStreamRecords(client, namespace, streamId, {
        direction: 'forwards',
        from: cached.revision,
        maxCount: Number(head.revision - cached.revision) + 1,
      })
      if (E.isLeft(since)) return since
      if (since.right !== 'not-found' && continues(cached, since.right, head)) {
        const added = since.right.slice(1).map((r) => r.id.toLowerCase())
        windowIds = [...cached.ids, ...added].slice(-idWindow)
      }
    }
    if (windowIds === undefined || windowIds.some((id) => ids.has(id)))
      return readWholeTail(streamId, ids)
    const decoded = decodeRecords([head], streamId)
    if (E.isLeft(decoded)) return decoded
    const headEvent = decoded.right[0]?.event as StoredEvent
    const window: CachedTail = { revision: head.revision, hash: headEvent.hash, ids: windowIds }
    tails.set(streamId, window)
    return E.right({
      head: { version: headEvent.streamVersion, hash: headEvent.hash },
      found: [],
      window,
      remembered: false,
    })
  }

  /** Remembers the tail after a write at the window's head: the window, then the written events. */
  const remember = (streamId: string, window: CachedTail, written: readonly StoredEvent[]) => {
    const last = written[written.length - 1]
    if (last === undefined) return
    tails.set(streamId, {
      revision: revisionOf(last.streamVersion),
      hash: last.hash,
      ids: [...window.ids, ...written.map((e) => e.id)].slice(-idWindow),
    })
  }

  /**
   * Reads back what an append chained onto `head` wrote, for its positions and to tell whose
   * write it was. The read starts at `head` itself (for a stream that had events): a head that
   * a delete hid since it was read or remembered is missing there, and the batch then hangs
   * off nothing the ledger can read.
   */
  const readWritten = async (streamId: string, head: ChainHead, count: number) => {
    const linksTo = head.version === 0 ? 0 : 1
    let last: StoreUnavailable | undefined
    for (let attempt = 0; attempt < 5; attempt++) {
      const read = await readStreamEvents(client, namespace, streamId, {
        direction: 'forwards',
        from: revisionOf(Math.max(head.version, 1)),
        maxCount: count + linksTo,
      })
      if (E.isLeft(read)) last = read.left
      else if (read.right !== 'not-found' && read.right.length > 0) {
        const [first] = read.right
        const linked =
          linksTo === 0 ||
          (first?.event.streamVersion === head.version && first.event.hash === head.hash)
        const ours = read.right.slice(linksTo)
        // Revisions that do not line up with versions, or a head that is gone: the stream was
        // deleted in EventStoreDB and is being written again. `verify` will show the break;
        // the caller hears now.
        if (!linked || (ours.length > 0 && ours[0]?.event.streamVersion !== head.version + 1))
          return E.left(
            storeUnavailable('the stream was deleted in EventStoreDB and written again'),
          )
        if (ours.length === count) return E.right(ours)
        last = storeUnavailable('an acknowledged append reads back short')
      } else last = storeUnavailable('an acknowledged append reads back short')
      await pause(50 * (attempt + 1))
    }
    return E.left(last as StoreUnavailable)
  }

  const append: EventStore['append'] = async (streamId, events, { expectedVersion }) => {
    if (closed) return E.left(storeClosed())
    const invalid = validateAppend(streamId, events, expectedVersion)
    if (E.isLeft(invalid)) return invalid
    const writeId = randomUUID()
    const ids: ReadonlySet<string> = new Set(events.map((e) => e.id))
    for (let attempt = 1; ; attempt++) {
      // The first attempt goes out on the remembered tail, if any; a conflict or a version the
      // memory cannot vouch for sends the next attempts through a read of the stream's tail.
      const tail = await readTail(streamId, ids, attempt === 1)
      if (E.isLeft(tail)) return tail
      const { head } = tail.right
      const found = new Map(tail.right.found.map((e) => [e.id, e]))
      const retry = classifyRetry(streamId, events, found)
      if (E.isLeft(retry)) return retry
      if (retry.right !== 'new') {
        return E.right({
          streamId,
          events: retry.right,
          streamVersion: head.version,
          duplicate: true,
        })
      }
      const check = checkExpectedVersion(streamId, expectedVersion, head.version)
      if (E.isLeft(check)) {
        if (tail.right.remembered) continue
        return check
      }
      const chained = chainEvents(streamId, head, events)
      const encoded = chained.map((event) => toEventData(event, writeId))
      const size = encoded.reduce((sum, e) => sum + e.size, 0)
      if (size > maxAppendSize) return E.left(tooLarge(maxAppendSize))
      const data = encoded.map((e) => e.data)
      let conflict: CurrentRevision | undefined
      try {
        await client.appendToStream(namespace.streamName(streamId), data, {
          expectedRevision: expectedRevisionOf(head.version),
        })
      } catch (error) {
        const type = errorTypeOf(error)
        if (type === ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED) return E.left(tooLarge(maxAppendSize))
        if (type !== ErrorType.WRONG_EXPECTED_VERSION) return E.left(storeErrorOf(error))
        conflict = (error as { actualVersion: CurrentRevision }).actualVersion
      }
      if (conflict !== undefined) {
        // Someone appended since the head was read. Their write decides whether ours can
        // still go through; under `any` (or a version that still holds) chain onto it.
        const stillExpected = checkExpectedVersion(
          streamId,
          expectedVersion,
          versionOfCurrent(conflict),
        )
        if (E.isLeft(stillExpected)) return stillExpected
        if (attempt >= maxAttempts) {
          return E.left(
            storeUnavailable(`the stream stayed contended for ${maxAttempts} append attempts`),
          )
        }
        if (attempt > 2) await pause(Math.random() * Math.min(2 ** attempt, 100))
        continue
      }
      const written = await readWritten(streamId, head, chained.length)
      if (E.isLeft(written)) return written
      const stored = written.right.map((d) => d.event)
      // Written at the head's exact revision: the stream is now the window, then these.
      remember(streamId, tail.right.window, stored)
      signal.notify()
      if (written.right[0]?.writeId === writeId) {
        return E.right<never, AppendResult>({
          streamId,
          events: stored,
          streamVersion: head.version + chained.length,
          duplicate: false,
        })
      }
      // EventStoreDB acknowledged our append as a repeat of an identical racing one (same ids
      // at the same revision) without writing: the batch is there, written by the other.
      const twin = classifyRetry(streamId, events, new Map(stored.map((e) => [e.id, e])))
      if (E.isLeft(twin)) return twin
      return E.right({
        streamId,
        events: stored,
        streamVersion: head.version + chained.length,
        duplicate: true,
      })
    }
  }

  const headVersion = async (streamId: string) => {
    const last = await readStreamEvents(client, namespace, streamId, {
      direction: 'backwards',
      from: 'end',
      maxCount: 1,
    })
    return E.map((events: readonly DecodedEvent[] | 'not-found') =>
      events === 'not-found' ? 0 : (events[0]?.event.streamVersion ?? 0),
    )(last)
  }

  const readStream: EventStore['readStream'] = async (streamId, opts = {}) => {
    if (closed) return E.left(storeClosed())
    const maxCount = opts.maxCount ?? Number.MAX_SAFE_INTEGER
    const backward = opts.direction === 'backward'
    if (maxCount <= 0 || (backward && opts.fromVersion !== undefined && opts.fromVersion < 1)) {
      return E.map((version: number) => ({ events: [], streamVersion: version }))(
        await headVersion(streamId),
      )
    }
    const slice = await readStreamEvents(client, namespace, streamId, {
      direction: backward ? 'backwards' : 'forwards',
      from: backward
        ? opts.fromVersion === undefined
          ? 'end'
          : revisionOf(opts.fromVersion)
        : revisionOf(Math.max(1, opts.fromVersion ?? 1)),
      maxCount,
    })
    if (E.isLeft(slice)) return slice
    if (slice.right === 'not-found') return E.right({ events: [], streamVersion: 0 })
    const events = slice.right.map((d) => d.event)
    // The head comes with the slice when it reads back from the end; else ask for it after
    // the slice, so the version returned is never below an event returned.
    const known = backward && opts.fromVersion === undefined ? events[0]?.streamVersion : undefined
    if (known !== undefined) return E.right({ events, streamVersion: known })
    return E.map((version: number) => ({
      events,
      streamVersion: Math.max(version, events[events.length - 1]?.streamVersion ?? 0),
    }))(await headVersion(streamId))
  }

  const readAll: EventStore['readAll'] = async (opts = {}) => {
    if (closed) return E.left(storeClosed())
    const page = await readAllEvents(client, namespace, opts.after ?? 0n, opts.limit ?? 1000)
    return E.map((events: DecodedEvent[]) => events.map((d) => d.event))(page)
  }

  const findEvent: EventStore['findEvent'] = async (streamId, eventId) => {
    if (closed) return E.left(storeClosed())
    const tail = await readTail(streamId, new Set([eventId]))
    return E.map((t: { found: readonly StoredEvent[] }) => t.found[0])(tail)
  }

  const subscribe = (opts: SubscribeOptions): Subscription => {
    // First, so a policy that is none throws before the wake-up is taken.
    const subscription = catchUpSubscription(readAll, signal, opts, options.subscription)
    // A closed store's client is gone: its subscriptions end at their first read.
    if (!closed) wakeUp.acquire()
    void subscription.done.finally(() => {
      wakeUp.release()
    })
    return subscription
  }

  return {
    client,
    namespace: namespace.name,
    projections: eventStoreDBProjectionStore({
      client,
      namespace: namespace.name,
      maxAppendSize,
    }),
    append,
    readStream,
    readAll,
    findEvent,
    subscribe,
    close: async () => {
      if (closed) return
      closed = true
      wakeUp.close()
      signal.notify()
      if (ownsClient) await client.dispose()
    },
  }
}

const tooLarge = (maxAppendSize: number) =>
  invalidInput([
    {
      path: 'events',
      expected: `at most ${maxAppendSize} bytes in one append (EventStoreDB MaxAppendSize)`,
    },
  ])

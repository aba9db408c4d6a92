import {
  chainEvents,
  checkExpectedVersion,
  classifyRetry,
  EMPTY_HEAD,
  storeClosed,
  storeUnavailable,
  type AppendError,
  type AppendResult,
  type ChainHead,
  type EventToAppend,
  type ExpectedVersion,
  type StoredEvent,
  type StoreUnavailable,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { appendCall, appendOneCall, type AppendRow } from './append-statement'
import { classifyDriverError, toStoreUnavailable } from './driver-error'
import { EVENT_COLUMNS, toPosition, toStoredEvent, type EventRow } from './event-rows'
import { processingFields } from './processing-fields'
import type { SqlClient } from './sql-client'

/**
 * Group commit: appends that arrive while a transaction is in flight are coalesced into the
 * next one, so concurrent writers share commits instead of queueing for one each. Every
 * append keeps its own outcome: the statement accepts or refuses each batch on its own head,
 * and writes only the accepted ones. A group is one round trip and one commit; an append
 * arriving while nothing is in flight goes at once, so a lone writer pays no delay.
 *
 * Duplicates are rare (retries), so they are found by the unique index rather than looked
 * up before every append: the group then fails as a whole, the stored ids are looked up once,
 * and the rest of the group goes again.
 */

/** Largest group, in batches and in events (a larger single batch still goes, alone). */
const MAX_GROUP_APPENDS = 256
const MAX_GROUP_EVENTS = 10_000
/** Tries of a batch whose stream head moved (another process appended) or that lost a race. */
const MAX_ATTEMPTS = 20
/** How many stream heads are remembered, to chain an append without reading its head first. */
const MAX_CACHED_HEADS = 50_000

type Outcome = E.Either<AppendError, AppendResult>
type ChainedEvent = Omit<StoredEvent, 'position'>

interface Pending {
  readonly streamId: string
  readonly events: readonly EventToAppend[]
  readonly expectedVersion: ExpectedVersion
  attempts: number
  readonly settle: (outcome: Outcome) => void
  /** Rejects the append with an error that is no driver's (a bug), as it was thrown. */
  readonly fail: (error: unknown) => void
}

interface Prepared {
  readonly pending: Pending
  readonly head: ChainHead
  /** The batch chained onto `head`; absent when the expected version already fails there. */
  readonly chained: readonly ChainedEvent[] | undefined
}

/** A stored event found by id, and the head of the stream it is in. */
interface Found {
  readonly event: StoredEvent
  readonly head: number
}

export interface GroupCommitConfig {
  readonly client: SqlClient
  /** The quoted schema name. */
  readonly schema: string
  /** A name for the prepared append statements, unique per schema, at most 60 bytes. */
  readonly statementName: string
  /** Called after every group that wrote something (wakes subscribers). */
  readonly onCommitted: () => void
}

export class GroupCommit {
  readonly #config: GroupCommitConfig
  readonly #appendSql: string
  readonly #appendOneSql: string
  readonly #findSql: string
  #queue: Pending[] = []
  /** Streams with a batch in flight: their next batch waits, so it chains onto the new head. */
  readonly #busy = new Set<string>()
  readonly #heads = new Map<string, ChainHead>()
  /** The size of each group in flight. */
  readonly #inFlight: number[] = []
  #closed = false
  #pumpScheduled = false
  /** The size of the last group started: 1 while a lone writer appends. */
  #lastGroup = 0
  #idle: (() => void) | undefined

  constructor(config: GroupCommitConfig) {
    this.#config = config
    this.#appendSql = appendCall(config.schema)
    this.#appendOneSql = appendOneCall(config.schema)
    this.#findSql = `SELECT ${EVENT_COLUMNS}, h.version AS head
      FROM ${config.schema}.events e LEFT JOIN ${config.schema}.streams h USING (stream_id)
      WHERE e.id = ANY ($1::uuid[])`
  }

  /** Queues a validated batch; settles when its group committed or was refused. */
  append(
    streamId: string,
    events: readonly EventToAppend[],
    expectedVersion: ExpectedVersion,
  ): Promise<Outcome> {
    if (this.#closed) return Promise.resolve(E.left(storeClosed()))
    return new Promise<Outcome>((settle, fail) => {
      this.#queue.push({ streamId, events, expectedVersion, attempts: 0, settle, fail })
      // A lone writer goes at once. Otherwise wait for the end of this burst of callbacks:
      // the writers a group just released come back in it, and go together.
      if (this.#inFlight.length === 0 && this.#queue.length === 1 && this.#lastGroup <= 1)
        this.#pump()
      else this.#schedulePump()
    })
  }

  /** Refuses queued batches, waits for the groups in flight. */
  async close(): Promise<void> {
    this.#closed = true
    const queued = this.#queue
    this.#queue = []
    for (const pending of queued) pending.settle(E.left(storeClosed()))
    if (this.#inFlight.length > 0)
      await new Promise<void>((resolve) => {
        this.#idle = resolve
      })
  }

  /** Pumps once the current burst of callbacks has run. */
  #schedulePump(): void {
    if (this.#pumpScheduled) return
    this.#pumpScheduled = true
    setImmediate(() => {
      this.#pumpScheduled = false
      this.#pump()
    })
  }

  /**
   * Starts a group when none is in flight (a lone writer waits for nothing), or when another
   * transaction may run and at least as many batches wait as the smallest group in flight:
   * starting one for every batch that arrives would split the writers into groups of one.
   */
  #pump(): void {
    while (this.#inFlight.length < this.#config.client.writeConcurrency && this.#queue.length > 0) {
      const smallest = Math.min(...this.#inFlight)
      if (this.#inFlight.length > 0 && this.#queue.length < Math.max(2, smallest)) return
      const group = this.#take()
      if (group.length === 0) return
      this.#inFlight.push(group.length)
      this.#lastGroup = group.length
      for (const pending of group) this.#busy.add(pending.streamId)
      void this.#commit(group)
        .catch((error: unknown) => {
          // Not a driver's error: every append of the group not yet answered gets it thrown,
          // and none of them goes again.
          this.#queue = this.#queue.filter((pending) => !group.includes(pending))
          for (const pending of group) pending.fail(error)
        })
        .finally(() => {
          this.#inFlight.splice(this.#inFlight.indexOf(group.length), 1)
          for (const pending of group) this.#busy.delete(pending.streamId)
          if (this.#closed && this.#inFlight.length === 0) this.#idle?.()
          this.#schedulePump()
        })
    }
  }

  /**
   * The next group: queued batches in arrival order, at most one per stream (the next one
   * chains onto its head), none sharing an event id, none whose stream is in flight. A batch
   * left behind holds back later batches of its stream, so each stream keeps arrival order.
   */
  #take(): Pending[] {
    const group: Pending[] = []
    const rest: Pending[] = []
    const streams = new Set<string>()
    const ids = new Set<string>()
    let events = 0
    for (const pending of this.#queue) {
      const fits =
        group.length === 0 ||
        (group.length < MAX_GROUP_APPENDS && events + pending.events.length <= MAX_GROUP_EVENTS)
      const free =
        !this.#busy.has(pending.streamId) &&
        !streams.has(pending.streamId) &&
        !pending.events.some((event) => ids.has(event.id))
      streams.add(pending.streamId)
      if (!fits || !free) {
        rest.push(pending)
        continue
      }
      group.push(pending)
      events += pending.events.length
      for (const event of pending.events) ids.add(event.id)
    }
    this.#queue = rest
    // Head rows are locked in stream order, so two processes' groups cannot deadlock on them.
    return group.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0))
  }

  #prepare(pending: Pending): Prepared {
    const head = this.#heads.get(pending.streamId) ?? EMPTY_HEAD
    const writable = E.isRight(
      checkExpectedVersion(pending.streamId, pending.expectedVersion, head.version),
    )
    return {
      pending,
      head,
      chained: writable ? chainEvents(pending.streamId, head, pending.events) : undefined,
    }
  }

  #remember(streamId: string, head: ChainHead): void {
    this.#heads.delete(streamId)
    this.#heads.set(streamId, head)
    if (this.#heads.size > MAX_CACHED_HEADS) {
      const oldest = this.#heads.keys().next()
      if (oldest.done !== true) this.#heads.delete(oldest.value)
    }
  }

  async #commit(group: readonly Pending[]): Promise<void> {
    const prepared = group.map((pending) => this.#prepare(pending))
    let rows: AppendRow[]
    try {
      const [only] = prepared
      rows =
        prepared.length === 1 && only?.chained?.length === 1
          ? await this.#config.client.query<AppendRow>(
              this.#appendOneSql,
              this.#oneParams(only),
              `${this.#config.statementName}1`,
            )
          : await this.#config.client.query<AppendRow>(
              this.#appendSql,
              this.#params(prepared),
              this.#config.statementName,
            )
    } catch (error) {
      const failure = classifyDriverError(error)
      if (failure.kind === 'conflict') await this.#sortOut(prepared, error)
      else if (failure.kind === 'connection-lost') await this.#recover(prepared, failure.error)
      else for (const { pending } of prepared) pending.settle(E.left(failure.error))
      return
    }
    let wrote = false
    const again: Pending[] = []
    const refused: Prepared[] = []
    for (const row of rows) {
      const p = prepared[row.batch - 1]
      if (p === undefined) continue
      const { streamId, events, expectedVersion } = p.pending
      if (row.ok && p.chained !== undefined) {
        const last = p.chained[p.chained.length - 1]
        if (last !== undefined)
          this.#remember(streamId, { version: last.streamVersion, hash: last.hash })
        const start = toPosition(row.first_position ?? '0')
        wrote = true
        p.pending.settle(
          E.right({
            streamId,
            events: p.chained.map((event, i) => ({ ...event, position: start + BigInt(i) })),
            streamVersion: p.head.version + events.length,
            duplicate: false,
          }),
        )
        continue
      }
      this.#remember(streamId, { version: row.version, hash: row.hash })
      // Refused on its expected version, or a retry of a stored batch: which, the ids tell.
      if (E.isLeft(checkExpectedVersion(streamId, expectedVersion, row.version)))
        refused.push({ ...p, head: { version: row.version, hash: row.hash } })
      else again.push(p.pending)
    }
    if (wrote) this.#config.onCommitted()
    this.#retry(again, storeUnavailable('the stream head kept moving under concurrent appends'))
    if (refused.length > 0) await this.#refuse(refused)
  }

  /** Batches whose expected version failed: a duplicate when their ids are stored, else refused. */
  async #refuse(refused: readonly Prepared[]): Promise<void> {
    const found = await this.#findStored(refused)
    if (E.isLeft(found)) {
      for (const { pending } of refused) pending.settle(found)
      return
    }
    for (const { pending, head } of refused) {
      const duplicate = this.#asRetry(pending, found.right)
      pending.settle(
        duplicate ??
          E.left({
            _tag: 'WrongExpectedVersion',
            streamId: pending.streamId,
            expected: pending.expectedVersion,
            actual: head.version,
          }),
      )
    }
  }

  /**
   * The group failed on a unique key or a deadlock: a batch with stored ids is settled as a
   * retry (or a conflict), the others go again.
   */
  async #sortOut(prepared: readonly Prepared[], error: unknown): Promise<void> {
    const found = await this.#findStored(prepared)
    if (E.isLeft(found)) {
      for (const { pending } of prepared) pending.settle(found)
      return
    }
    const again: Pending[] = []
    for (const { pending } of prepared) {
      const settled = this.#asRetry(pending, found.right)
      if (settled === undefined) again.push(pending)
      else pending.settle(settled)
    }
    this.#retry(
      again,
      storeUnavailable('PostgreSQL kept reporting a conflicting transaction', error),
    )
  }

  /** The outcome for a batch some of whose ids are stored; `undefined` when none is. */
  #asRetry(pending: Pending, found: ReadonlyMap<string, Found>): Outcome | undefined {
    const stored = new Map<string, StoredEvent>()
    let head = 0
    for (const event of pending.events) {
      const hit = found.get(event.id)
      if (hit === undefined) continue
      stored.set(event.id, hit.event)
      if (hit.event.streamId === pending.streamId) head = hit.head
    }
    if (stored.size === 0) return undefined
    return E.map((events: 'new' | StoredEvent[]): AppendResult => ({
      streamId: pending.streamId,
      events: events === 'new' ? [] : events,
      streamVersion: head,
      duplicate: true,
    }))(classifyRetry(pending.streamId, pending.events, stored))
  }

  async #findStored(
    prepared: readonly Prepared[],
  ): Promise<E.Either<StoreUnavailable, ReadonlyMap<string, Found>>> {
    try {
      const rows = await this.#config.client.query<EventRow & { head: number | null }>(
        this.#findSql,
        [prepared.flatMap((p) => p.pending.events.map((event) => event.id))],
      )
      return E.right(
        new Map(rows.map((row) => [row.id, { event: toStoredEvent(row), head: row.head ?? 0 }])),
      )
    } catch (error) {
      return E.left(toStoreUnavailable(error))
    }
  }

  /** Puts batches back at the head of the queue (they keep their place), or gives up on them. */
  #retry(pendings: readonly Pending[], exhausted: StoreUnavailable): void {
    const again: Pending[] = []
    for (const pending of pendings) {
      pending.attempts += 1
      if (pending.attempts >= MAX_ATTEMPTS || this.#closed) pending.settle(E.left(exhausted))
      else again.push(pending)
    }
    if (again.length > 0) this.#queue = [...again, ...this.#queue]
  }

  /**
   * The connection broke with the group in flight: it committed or it did not. Ask on a fresh
   * connection. A batch found stored exactly as chained was written; anything else was not,
   * and answers `StoreUnavailable` (a retry with the same ids is safe either way).
   */
  async #recover(prepared: readonly Prepared[], lost: StoreUnavailable): Promise<void> {
    const found = await this.#findStored(prepared)
    if (E.isLeft(found)) {
      for (const { pending } of prepared) pending.settle(E.left(lost))
      return
    }
    let wrote = false
    for (const { pending, chained } of prepared) {
      const stored = (chained ?? []).map((event) => found.right.get(event.id)?.event)
      const written =
        chained !== undefined &&
        stored.every(
          (event, i) => event?.hash === chained[i]?.hash && event?.streamId === pending.streamId,
        )
      const events = stored.filter((event): event is StoredEvent => event !== undefined)
      const last = events[events.length - 1]
      if (written && last !== undefined) {
        wrote = true
        this.#remember(pending.streamId, { version: last.streamVersion, hash: last.hash })
        pending.settle(
          E.right({
            streamId: pending.streamId,
            events,
            streamVersion: last.streamVersion,
            duplicate: false,
          }),
        )
      } else pending.settle(E.left(lost))
    }
    if (wrote) this.#config.onCommitted()
  }

  #oneParams({ pending, head, chained }: Prepared): unknown[] {
    const [event] = pending.events
    const [link] = chained ?? []
    if (event === undefined || link === undefined) throw new Error('a lone append of one event')
    const fields = processingFields(event)
    return [
      pending.streamId,
      head.version,
      head.hash,
      event.id,
      event.type,
      event.controllerId,
      event.occurredAt,
      event.recordedAt,
      event.data,
      event.metadata,
      link.hash,
      fields?.subjectId ?? null,
      fields?.actorId ?? null,
      fields?.purpose ?? null,
      fields?.activityId ?? null,
    ]
  }

  #params(prepared: readonly Prepared[]): unknown[] {
    const streams: string[] = []
    const headVersions: number[] = []
    const headHashes: string[] = []
    const lastHashes: string[] = []
    const counts: number[] = []
    const offsets: number[] = []
    const write: boolean[] = []
    const batch: number[] = []
    const ids: string[] = []
    const types: string[] = []
    const controllers: string[] = []
    const occurred: string[] = []
    const recorded: string[] = []
    const data: string[] = []
    const metadata: string[] = []
    const versions: number[] = []
    const prevHashes: string[] = []
    const hashes: string[] = []
    const subjects: (string | null)[] = []
    const actors: (string | null)[] = []
    const purposes: (string | null)[] = []
    const activities: (string | null)[] = []
    prepared.forEach(({ pending, head, chained }, index) => {
      streams.push(pending.streamId)
      headVersions.push(head.version)
      headHashes.push(head.hash)
      lastHashes.push(chained?.[chained.length - 1]?.hash ?? '')
      counts.push(pending.events.length)
      offsets.push(ids.length + 1)
      write.push(chained !== undefined)
      pending.events.forEach((event, i) => {
        batch.push(index + 1)
        ids.push(event.id)
        types.push(event.type)
        controllers.push(event.controllerId)
        occurred.push(event.occurredAt)
        recorded.push(event.recordedAt)
        data.push(event.data)
        metadata.push(event.metadata)
        const link = chained?.[i]
        versions.push(link?.streamVersion ?? 0)
        prevHashes.push(link?.prevHash ?? '')
        hashes.push(link?.hash ?? '')
        const fields = chained === undefined ? undefined : processingFields(event)
        subjects.push(fields?.subjectId ?? null)
        actors.push(fields?.actorId ?? null)
        purposes.push(fields?.purpose ?? null)
        activities.push(fields?.activityId ?? null)
      })
    })
    return [
      streams,
      headVersions,
      headHashes,
      lastHashes,
      counts,
      offsets,
      write,
      batch,
      ids,
      types,
      controllers,
      occurred,
      recorded,
      data,
      metadata,
      versions,
      prevHashes,
      hashes,
      subjects,
      actors,
      purposes,
      activities,
    ]
  }
}

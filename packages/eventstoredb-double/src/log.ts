/**
 * The double's storage: one transaction log in write order, the streams indexed from it, and
 * the write rules of EventStoreDB's `IndexCommitter.CheckCommit` (expected revisions,
 * idempotent appends by event id, soft-deleted and tombstoned streams).
 */

/** A $all position as EventStoreDB reports it. */
export interface LogPosition {
  readonly commit: bigint
  readonly prepare: bigint
}

/**
 * How positions are laid out.
 * - `per-event`: what EventStoreDB 20+ reports for appends (implicit transactions): each event's
 *   commit and prepare positions are both its own record's offset.
 * - `shared-commit`: an explicit transaction (and every write before 20.x): each event's
 *   prepare position is its record's offset, and all events of the write share the commit
 *   position of the commit record that follows them.
 */
export type PositionLayout = 'per-event' | 'shared-commit'

/** One event record. Mutable on purpose: tests tamper with it. */
export interface LogRecord {
  streamName: string
  revision: number
  id: string
  type: string
  contentType: string
  data: Uint8Array
  metadata: Uint8Array
  /** .NET ticks since the Unix epoch, as EventStoreDB reports `created`. */
  created: bigint
  /** Records written by one append share it. */
  transaction: number
  commit: bigint
  prepare: bigint
}

export type ExpectedRevision =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: number }

export interface ProposedEvent {
  readonly id: string
  readonly type: string
  readonly contentType: string
  readonly data: Uint8Array
  readonly metadata: Uint8Array
}

export type WriteOutcome =
  | {
      readonly kind: 'ok'
      /** The stream's last revision after the write (-1: none). */
      readonly currentRevision: number
      /** The position of the write's last record; EventStoreDB answers with it. */
      readonly position: LogPosition
    }
  | { readonly kind: 'wrong-expected-version'; readonly currentRevision: number }
  | { readonly kind: 'stream-deleted' }
  | { readonly kind: 'max-append-size-exceeded'; readonly maxAppendSize: number }

/** EventStoreDB's `long.MaxValue`: a tombstone's revision, and the `$tb` of a soft delete. */
export const DELETED_REVISION = 9223372036854775807n
/** How the double holds `DELETED_REVISION` in a number. */
export const TOMBSTONE_REVISION = Number.MAX_SAFE_INTEGER
const TOMBSTONE_TYPE = '$streamDeleted'
const METADATA_TYPE = '$metadata'
/** Bytes a record takes besides its payload, so offsets grow like a real log. */
const RECORD_OVERHEAD = 88
/** A commit record's size in the `shared-commit` layout. */
const COMMIT_RECORD = 40n
const TICKS_PER_MS = 10_000n

/** `metastreamOf`: where a stream's metadata lives. */
export const metastreamOf = (streamName: string): string => `$$${streamName}`

interface StreamIndex {
  /** By revision. */
  readonly records: LogRecord[]
  lastRevision: number
  tombstoned: boolean
}

interface StreamMetadata {
  readonly maxCount?: number
  readonly truncateBefore?: number
}

const compare = (a: LogPosition, b: LogPosition): number =>
  a.commit < b.commit
    ? -1
    : a.commit > b.commit
      ? 1
      : a.prepare < b.prepare
        ? -1
        : a.prepare > b.prepare
          ? 1
          : 0

/** The index of the first item of sorted `items` that `isBefore` is false for (a binary search). */
const lowerBound = <T>(items: readonly T[], isBefore: (item: T) => boolean): number => {
  let lo = 0
  let hi = items.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (isBefore(items[mid] as T)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The index of the first of `records` (in revision order) at or after `revision`. */
const firstFrom = (records: readonly LogRecord[], revision: number): number =>
  lowerBound(records, (record) => record.revision < revision)

/** EventStoreDB's `Event.SizeOnDisk`: what counts towards `MaxAppendSize`. */
export const sizeOnDisk = (event: ProposedEvent): number =>
  event.data.length + event.metadata.length + event.type.length * 2

const utf8 = new TextEncoder()
const decoder = new TextDecoder()

export interface DoubleLogOptions {
  readonly layout?: PositionLayout
  /** EventStoreDB's `MaxAppendSize` (default 1,048,576 bytes, as the server). */
  readonly maxAppendSize?: number
  /** Where the first record sits (default 0). */
  readonly firstOffset?: bigint
}

export class DoubleLog {
  /** Every record in $all order. Tests may edit it, then call `reindex()` (or `relayout()`). */
  records: LogRecord[] = []
  readonly layout: PositionLayout
  maxAppendSize: number
  readonly #firstOffset: bigint
  readonly #streams = new Map<string, StreamIndex>()
  /** EventStoreDB's `_committedEvents`: event id → where it was written. */
  readonly #ids = new Map<string, { streamName: string; revision: number }>()
  #nextOffset: bigint
  #nextTransaction = 1
  #waiters: (() => void)[] = []

  constructor(options: DoubleLogOptions = {}) {
    this.layout = options.layout ?? 'per-event'
    this.maxAppendSize = options.maxAppendSize ?? 1_048_576
    this.#firstOffset = options.firstOffset ?? 0n
    this.#nextOffset = this.#firstOffset
  }

  /** Resolves at the next change of the log (a write, a delete, a tamper). */
  changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve))
  }

  #notify(): void {
    const waiters = this.#waiters
    this.#waiters = []
    for (const wake of waiters) wake()
  }

  get headPosition(): LogPosition | undefined {
    const last = this.records[this.records.length - 1]
    return last === undefined ? undefined : { commit: last.commit, prepare: last.prepare }
  }

  /** The stream's last revision: -1 when it has none, `DELETED_REVISION` when tombstoned. */
  lastRevision(streamName: string): bigint {
    const stream = this.#streams.get(streamName)
    if (stream === undefined) return -1n
    return stream.tombstoned ? DELETED_REVISION : BigInt(stream.lastRevision)
  }

  #metadata(streamName: string): StreamMetadata {
    const meta = this.#streams.get(metastreamOf(streamName))
    const last = meta?.records[meta.records.length - 1]
    if (last === undefined) return {}
    try {
      const parsed = JSON.parse(decoder.decode(last.data)) as { $maxCount?: unknown; $tb?: unknown }
      const tb = parsed.$tb
      return {
        ...(typeof parsed.$maxCount === 'number' ? { maxCount: parsed.$maxCount } : {}),
        ...(typeof tb === 'number' ? { truncateBefore: Math.min(tb, TOMBSTONE_REVISION) } : {}),
      }
    } catch {
      return {}
    }
  }

  #isSoftDeleted(streamName: string): boolean {
    return this.#metadata(streamName).truncateBefore === TOMBSTONE_REVISION
  }

  /** `IndexCommitter.CheckCommit`, for one stream and a batch of event ids. */
  #checkCommit(
    streamName: string,
    expected: ExpectedRevision,
    ids: readonly string[],
  ):
    | { kind: 'ok'; softDeleted: boolean }
    | { kind: 'idempotent'; endRevision: number }
    | { kind: 'wrong-expected-version' }
    | { kind: 'deleted' } {
    const stream = this.#streams.get(streamName)
    if (stream?.tombstoned === true) return { kind: 'deleted' }
    const current = stream?.lastRevision ?? -1
    if (expected.kind === 'stream_exists') {
      if (this.#isSoftDeleted(streamName)) return { kind: 'deleted' }
      if (current < 0 && !this.#streams.has(metastreamOf(streamName)))
        return { kind: 'wrong-expected-version' }
    }
    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      let end = -1
      for (const [i, id] of ids.entries()) {
        const seen = this.#ids.get(id)
        if (seen?.streamName !== streamName) {
          return i === 0
            ? { kind: 'ok', softDeleted: this.#isSoftDeleted(streamName) }
            : { kind: 'wrong-expected-version' }
        }
        end = seen.revision
      }
      return { kind: 'idempotent', endRevision: end }
    }
    const expectedRevision = expected.kind === 'no_stream' ? -1 : expected.revision
    if (expectedRevision < current) {
      let revision = expectedRevision
      for (const id of ids) {
        revision += 1
        const seen = this.#ids.get(id)
        const atRevision = stream?.records.find((r) => r.revision === revision)
        if (
          (seen?.streamName === streamName && seen.revision === revision) ||
          atRevision?.id === id
        )
          continue
        if (revision !== expectedRevision + 1) return { kind: 'wrong-expected-version' }
        if (expected.kind === 'no_stream' && this.#isSoftDeleted(streamName))
          return { kind: 'ok', softDeleted: true }
        return { kind: 'wrong-expected-version' }
      }
      return revision === expectedRevision
        ? { kind: 'wrong-expected-version' }
        : { kind: 'idempotent', endRevision: revision }
    }
    if (expectedRevision > current) return { kind: 'wrong-expected-version' }
    return { kind: 'ok', softDeleted: this.#isSoftDeleted(streamName) }
  }

  #positionOf(streamName: string, revision: number): LogPosition {
    const record = this.#streams.get(streamName)?.records.find((r) => r.revision === revision)
    return record === undefined
      ? { commit: -1n, prepare: -1n }
      : { commit: record.commit, prepare: record.prepare }
  }

  /** Writes a batch to one stream, or refuses it, as EventStoreDB's writer does. */
  append(
    streamName: string,
    expected: ExpectedRevision,
    events: readonly ProposedEvent[],
  ): WriteOutcome {
    const size = events.reduce((sum, e) => sum + sizeOnDisk(e), 0)
    if (size > this.maxAppendSize)
      return { kind: 'max-append-size-exceeded', maxAppendSize: this.maxAppendSize }
    const check = this.#checkCommit(
      streamName,
      expected,
      events.map((e) => e.id),
    )
    const current = this.#streams.get(streamName)?.lastRevision ?? -1
    switch (check.kind) {
      case 'deleted':
        return { kind: 'stream-deleted' }
      case 'wrong-expected-version':
        return { kind: 'wrong-expected-version', currentRevision: current }
      case 'idempotent':
        return {
          kind: 'ok',
          currentRevision: current,
          position: this.#positionOf(streamName, check.endRevision),
        }
      case 'ok':
        break
    }
    if (events.length === 0) {
      const head = this.headPosition ?? { commit: -1n, prepare: -1n }
      return { kind: 'ok', currentRevision: current, position: head }
    }
    const written = this.#write(
      events.map((event, i) => ({ ...event, streamName, revision: current + 1 + i })),
    )
    if (check.softDeleted) this.#writeMetadata(streamName, { $tb: current + 1 })
    this.#notify()
    const lastOfMine = written[written.length - 1] as LogRecord
    return {
      kind: 'ok',
      currentRevision: current + events.length,
      position: { commit: lastOfMine.commit, prepare: lastOfMine.prepare },
    }
  }

  /** Appends one transaction's records to the log and the indexes; returns them. */
  #write(
    entries: readonly (ProposedEvent & { streamName: string; revision: number })[],
  ): readonly LogRecord[] {
    const transaction = this.#nextTransaction++
    const created = BigInt(Date.now()) * TICKS_PER_MS
    const records: LogRecord[] = entries.map((entry) => ({
      streamName: entry.streamName,
      revision: entry.revision,
      id: entry.id,
      type: entry.type,
      contentType: entry.contentType,
      data: entry.data,
      metadata: entry.metadata,
      created,
      transaction,
      commit: 0n,
      prepare: 0n,
    }))
    this.#nextOffset = this.#place(records, this.#nextOffset)
    for (const record of records) {
      this.records.push(record)
      this.#index(record)
    }
    return records
  }

  /** Gives `records` (one transaction) their offsets from `offset`; returns the next free offset. */
  #place(records: readonly LogRecord[], offset: bigint): bigint {
    let next = offset
    for (const record of records) {
      record.prepare = next
      record.commit = next
      next +=
        BigInt(RECORD_OVERHEAD + record.data.length + record.metadata.length) +
        BigInt(utf8.encode(record.streamName).length + utf8.encode(record.type).length)
    }
    if (this.layout === 'shared-commit') {
      for (const record of records) record.commit = next
      next += COMMIT_RECORD
    }
    return next
  }

  #index(record: LogRecord): void {
    let stream = this.#streams.get(record.streamName)
    if (stream === undefined) {
      stream = { records: [], lastRevision: -1, tombstoned: false }
      this.#streams.set(record.streamName, stream)
    }
    if (record.type === TOMBSTONE_TYPE && record.revision === TOMBSTONE_REVISION) {
      stream.tombstoned = true
    } else {
      stream.records.push(record)
      stream.lastRevision = Math.max(stream.lastRevision, record.revision)
    }
    this.#ids.set(record.id, { streamName: record.streamName, revision: record.revision })
  }

  #writeMetadata(streamName: string, changes: Record<string, number>): void {
    const metastream = metastreamOf(streamName)
    const previous = this.#streams.get(metastream)
    const last = previous?.records[previous.records.length - 1]
    let body: Record<string, unknown> = {}
    if (last !== undefined) {
      try {
        body = JSON.parse(decoder.decode(last.data)) as Record<string, unknown>
      } catch {
        body = {}
      }
    }
    const text = JSON.stringify({ ...body, ...changes }).replace(
      `"$tb":${TOMBSTONE_REVISION}`,
      `"$tb":${DELETED_REVISION}`,
    )
    this.#write([
      {
        streamName: metastream,
        revision: (previous?.lastRevision ?? -1) + 1,
        id: crypto.randomUUID(),
        type: METADATA_TYPE,
        contentType: 'application/json',
        data: utf8.encode(text),
        metadata: new Uint8Array(),
      },
    ])
  }

  /** A soft delete (`DeleteReq`): the stream reads as not found until written again. */
  delete(streamName: string, expected: ExpectedRevision): WriteOutcome {
    const outcome = this.#deleteCheck(streamName, expected)
    if (outcome !== undefined) return outcome
    this.#writeMetadata(streamName, { $tb: TOMBSTONE_REVISION })
    this.#notify()
    return this.#deleted(streamName)
  }

  /** A hard delete (`TombstoneReq`): the stream can never be read or written again. */
  tombstone(streamName: string, expected: ExpectedRevision): WriteOutcome {
    const outcome = this.#deleteCheck(streamName, expected)
    if (outcome !== undefined) return outcome
    this.#write([
      {
        streamName,
        revision: TOMBSTONE_REVISION,
        id: crypto.randomUUID(),
        type: TOMBSTONE_TYPE,
        contentType: 'application/json',
        data: new Uint8Array(),
        metadata: new Uint8Array(),
      },
    ])
    this.#notify()
    return this.#deleted(streamName)
  }

  #deleteCheck(streamName: string, expected: ExpectedRevision): WriteOutcome | undefined {
    const stream = this.#streams.get(streamName)
    if (stream?.tombstoned === true) return { kind: 'stream-deleted' }
    const current = stream?.lastRevision ?? -1
    const ok =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && current === -1) ||
      (expected.kind === 'stream_exists' && current >= 0) ||
      (expected.kind === 'revision' && expected.revision === current)
    return ok ? undefined : { kind: 'wrong-expected-version', currentRevision: current }
  }

  #deleted(streamName: string): WriteOutcome {
    const head = this.headPosition as LogPosition
    return {
      kind: 'ok',
      currentRevision: this.#streams.get(streamName)?.lastRevision ?? -1,
      position: head,
    }
  }

  /** Reads a stream as EventStoreDB does: `$tb` and `$maxCount` applied, from a revision. */
  readStream(
    streamName: string,
    options: {
      readonly direction: 'forwards' | 'backwards'
      readonly from: 'start' | 'end' | number
      readonly count: number
    },
  ): { kind: 'deleted' } | { kind: 'not-found' } | { kind: 'ok'; records: LogRecord[] } {
    const stream = this.#streams.get(streamName)
    if (stream?.tombstoned === true) return { kind: 'deleted' }
    if (stream === undefined || stream.lastRevision < 0) return { kind: 'not-found' }
    const meta = this.#metadata(streamName)
    if (meta.truncateBefore === TOMBSTONE_REVISION) return { kind: 'not-found' }
    const visibleFrom = Math.max(
      meta.truncateBefore ?? 0,
      meta.maxCount === undefined ? 0 : stream.lastRevision - meta.maxCount + 1,
    )
    // By index, not by scanning: a read costs what it returns, however long the stream.
    const { records } = stream
    const first = firstFrom(records, visibleFrom)
    if (options.direction === 'forwards') {
      const from = options.from === 'start' ? 0 : options.from === 'end' ? Infinity : options.from
      const start = Math.max(first, firstFrom(records, from))
      return { kind: 'ok', records: records.slice(start, start + options.count) }
    }
    const from = options.from === 'end' ? Infinity : options.from === 'start' ? 0 : options.from
    const end = firstFrom(records, from + 1)
    // `slice` clamps: a count beyond the stream, or a start past the end, reads what there is.
    const start = Math.max(first, end - options.count)
    return { kind: 'ok', records: records.slice(start, end).reverse() }
  }

  /** The index of the first record at or after `position` in $all order. */
  firstAtOrAfter(position: LogPosition): number {
    return lowerBound(this.records, (record) => compare(record, position) < 0)
  }

  /** Reads $all from a position: forwards inclusive, backwards exclusive, as the server does. */
  readAll(options: {
    readonly direction: 'forwards' | 'backwards'
    readonly from: 'start' | 'end' | LogPosition
    readonly count: number
    readonly accept?: (record: LogRecord) => boolean
  }): LogRecord[] {
    const accept = options.accept ?? (() => true)
    const out: LogRecord[] = []
    if (options.direction === 'forwards') {
      let i =
        options.from === 'start'
          ? 0
          : options.from === 'end'
            ? this.records.length
            : this.firstAtOrAfter(options.from)
      for (; i < this.records.length && out.length < options.count; i++) {
        const record = this.records[i] as LogRecord
        if (accept(record)) out.push(record)
      }
      return out
    }
    let i =
      options.from === 'end'
        ? this.records.length - 1
        : options.from === 'start'
          ? -1
          : this.firstAtOrAfter(options.from) - 1
    for (; i >= 0 && out.length < options.count; i--) {
      const record = this.records[i] as LogRecord
      if (accept(record)) out.push(record)
    }
    return out
  }

  /** Rebuilds the stream and id indexes from `records` after a test edited them. */
  reindex(): void {
    this.#streams.clear()
    this.#ids.clear()
    for (const record of this.records) this.#index(record)
    for (const stream of this.#streams.values())
      stream.records.sort((a, b) => a.revision - b.revision)
    this.#notify()
  }

  /**
   * Gives every record a fresh offset in array order (as if the log file were rewritten),
   * keeping records of one transaction together, then reindexes.
   */
  relayout(): void {
    let offset = this.#firstOffset
    let i = 0
    while (i < this.records.length) {
      const transaction = (this.records[i] as LogRecord).transaction
      let j = i
      while (j < this.records.length && (this.records[j] as LogRecord).transaction === transaction)
        j++
      offset = this.#place(this.records.slice(i, j), offset)
      i = j
    }
    this.#nextOffset = offset
    this.reindex()
  }

  /** A fresh transaction number, for a record a test inserts by hand. */
  newTransaction(): number {
    return this.#nextTransaction++
  }
}

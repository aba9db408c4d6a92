import { randomUUID } from 'node:crypto'
import type { StoredEvent } from '@gdpr-ledger/core'
import {
  DoubleLog,
  startEventStoreDBDouble,
  type EventStoreDBDouble,
  type LogRecord,
  type PositionLayout,
} from '@gdpr-ledger/eventstoredb-double'
import type { StoreUnderTest, TamperOperation } from '@gdpr-ledger/testing'
import { it, type TestFunction } from 'vitest'
import { toEventData } from '../src/event-codec'
import {
  eventStoreDBStore,
  type EventStoreDBStore,
  type EventStoreDBStoreOptions,
} from '../src/event-store'
import { namespaceOf, type Namespace } from '../src/namespace'

/**
 * Where the adapter's tests run: a real EventStoreDB when `ESDB_CONNECTION_STRING` is set
 * (`examples/eventstoredb/docker-compose.yml` starts one), else a fresh in-process double per
 * harness. Each harness gets its own namespace, so a shared real server needs no cleanup.
 */
export const realServer = process.env.ESDB_CONNECTION_STRING

const NEEDS_DOUBLE =
  'it needs the in-process double (a fault, or an edit below the API), and ESDB_CONNECTION_STRING names a real server'

/**
 * `it` for a test that needs the double: it kills or stops the server, plays an outage, or
 * edits the stored records. Against a real server it is skipped, with the reason in its name
 * and printed when the file is collected (vitest lists skipped tests only in verbose runs).
 */
export const onDouble = (name: string, fn: TestFunction, timeout?: number): void => {
  if (realServer === undefined) {
    it(name, fn, timeout)
    return
  }
  console.warn(`skipped: ${name}: ${NEEDS_DOUBLE}`)
  it.skip(`${name} (skipped: ${NEEDS_DOUBLE})`, fn)
}

/** Large enough for the contract's 5,000-event batch; the compose file sets the same. */
export const MAX_APPEND_SIZE = 8 * 1024 * 1024

export interface Harness extends StoreUnderTest {
  readonly store: EventStoreDBStore
  readonly namespace: Namespace
  readonly connectionString: string
  /** The double, when the tests run against one. */
  readonly double: EventStoreDBDouble | undefined
  /** Every store opened, closed at teardown. */
  readonly stores: EventStoreDBStore[]
  /** Opens another store over the same namespace (another process, a restart). */
  open(options?: Partial<EventStoreDBStoreOptions>): EventStoreDBStore
}

export interface HarnessOptions {
  readonly layout?: PositionLayout
  readonly store?: Partial<EventStoreDBStoreOptions>
}

export const createHarness = async (options: HarnessOptions = {}): Promise<Harness> => {
  const double =
    realServer === undefined
      ? await startEventStoreDBDouble({
          log: new DoubleLog({
            maxAppendSize: MAX_APPEND_SIZE,
            ...(options.layout === undefined ? {} : { layout: options.layout }),
          }),
        })
      : undefined
  const connectionString = realServer ?? (double as EventStoreDBDouble).connectionString
  const namespace = namespaceOf(`t${randomUUID().replaceAll('-', '').slice(0, 12)}`)
  const stores: EventStoreDBStore[] = []
  const open = (extra: Partial<EventStoreDBStoreOptions> = {}) => {
    const store = eventStoreDBStore({
      connectionString,
      namespace: namespace.name,
      maxAppendSize: MAX_APPEND_SIZE,
      subscription: { pollIntervalMs: 200 },
      ...options.store,
      ...extra,
    })
    stores.push(store)
    return store
  }
  return { store: open(), namespace, connectionString, double, stores, open }
}

export const closeHarness = async (harness: Harness): Promise<void> => {
  for (const store of harness.stores) await store.close()
  await harness.double?.close()
}

const utf8 = new TextEncoder()
const decoder = new TextDecoder()

/** Applies a contract `TamperOperation` to the double's stored records. */
export const tamperDouble = (
  double: EventStoreDBDouble,
  namespace: Namespace,
  op: TamperOperation,
): void => {
  const { log } = double
  const streamName = namespace.streamName(op.streamId)
  const indexOf = (version: number) => {
    const i = log.records.findIndex(
      (r) => r.streamName === streamName && r.revision === version - 1,
    )
    if (i < 0) throw new Error(`tamper: ${op.streamId}@${version} is not stored`)
    return i
  }
  switch (op.kind) {
    case 'change-data': {
      const record = log.records[indexOf(op.version)] as LogRecord
      const text = decoder.decode(record.data)
      record.data = utf8.encode(text.slice(0, op.index) + op.replacement + text.slice(op.index + 1))
      log.reindex()
      return
    }
    case 'delete':
      log.records.splice(indexOf(op.version), 1)
      log.reindex()
      return
    case 'insert': {
      const at = indexOf(op.version)
      for (const record of log.records)
        if (record.streamName === streamName && record.revision >= op.version - 1)
          record.revision += 1
      log.records.splice(at, 0, recordOf(log, streamName, op.forged))
      log.relayout()
      return
    }
    case 'swap': {
      const a = indexOf(op.version)
      const b = indexOf(op.version + 1)
      const first = log.records[a] as LogRecord
      log.records[a] = log.records[b] as LogRecord
      log.records[b] = first
      log.relayout()
      return
    }
    case 'truncate':
      log.records = log.records.filter(
        (r) => r.streamName !== streamName || r.revision < op.fromVersion - 1,
      )
      log.reindex()
      return
    case 'delete-stream':
      log.records = log.records.filter((r) => r.streamName !== streamName)
      log.reindex()
      return
  }
}

/** A forged event as the record the adapter would have written. */
const recordOf = (log: DoubleLog, streamName: string, event: StoredEvent): LogRecord => {
  const { data } = toEventData(event, randomUUID())
  return {
    streamName,
    revision: event.streamVersion - 1,
    id: event.id,
    type: event.type,
    contentType: 'application/octet-stream',
    data: data.data as Uint8Array,
    metadata: data.metadata as Uint8Array,
    created: BigInt(Date.now()) * 10_000n,
    transaction: log.newTransaction(),
    commit: 0n,
    prepare: 0n,
  }
}

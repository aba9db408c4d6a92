import { promisify } from 'node:util'
import { gunzip, gzip } from 'node:zlib'
import {
  storeUnavailable,
  type ProjectionCheckpoint,
  type ProjectionStore,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import {
  BACKWARDS,
  END,
  ErrorType,
  binaryEvent,
  jsonEvent,
  type Client,
  type ResolvedEvent,
} from './client'
import { errorTypeOf, storeErrorOf } from './errors'
import { namespaceOf } from './namespace'

export interface EventStoreDBProjectionStoreOptions {
  readonly client: Client
  /** The ledger's namespace (default `gdpr_ledger`); snapshots go to `<namespace>.projection-<name>`. */
  readonly namespace?: string
  /** The server's `MaxAppendSize` in bytes (default 1,048,576). */
  readonly maxAppendSize?: number
  /** States whose JSON exceeds this many bytes are stored gzipped (default 65,536). */
  readonly compressAbove?: number
}

/** A checkpoint's body: the state and the position it includes, saved in one event. */
const Snapshot = t.type({ position: t.string, state: t.string })

const PLAIN = 'ProjectionCheckpoint'
const GZIPPED = 'ProjectionCheckpointGzip'
const gzipAsync = promisify(gzip)
const gunzipAsync = promisify(gunzip)
const utf8 = new TextEncoder()
const decoder = new TextDecoder()

const unreadable = () =>
  storeUnavailable('the projection checkpoint stored in EventStoreDB is unreadable')

const parseSnapshot = async (
  type: string,
  data: unknown,
): Promise<ProjectionCheckpoint | undefined> => {
  let body: unknown = data
  if (type === GZIPPED) {
    if (!(data instanceof Uint8Array)) return undefined
    try {
      body = JSON.parse(decoder.decode(await gunzipAsync(data))) as unknown
    } catch {
      return undefined
    }
  } else if (type !== PLAIN) return undefined
  const decoded = Snapshot.decode(body)
  if (E.isLeft(decoded) || !/^\d+$/.test(decoded.right.position)) return undefined
  return { position: BigInt(decoded.right.position), state: decoded.right.state }
}

/**
 * Projection checkpoints in EventStoreDB: one snapshot stream per consumer, holding the state
 * and its position in a single event (so they are saved atomically), with `$maxCount` 1 so
 * the server keeps only the latest. The streams sit outside the ledger's namespace: never
 * read as ledger events, never checked by `verify`. A large state is gzipped; one still above
 * the server's append size limit is refused with `StoreUnavailable`, nothing written.
 *
 * @example
 * ```ts
 * const checkpoints = eventStoreDBProjectionStore({ client })
 * await checkpoints.save('breach-clocks', { position: 42n, state: '{"open":[]}' })
 * ```
 */
export const eventStoreDBProjectionStore = (
  options: EventStoreDBProjectionStoreOptions,
): ProjectionStore => {
  const { client } = options
  const namespace = namespaceOf(options.namespace)
  const maxAppendSize = options.maxAppendSize ?? 1_048_576
  const compressAbove = options.compressAbove ?? 65_536
  /** Consumers whose stream already has `$maxCount` 1 (checked once per process). */
  const capped = new Set<string>()

  const ensureCapped = async (stream: string): Promise<void> => {
    if (capped.has(stream)) return
    const { metadata } = await client.getStreamMetadata(stream)
    if (metadata?.maxCount !== 1) await client.setStreamMetadata(stream, { maxCount: 1 })
    capped.add(stream)
  }

  return {
    load: async (name) => {
      const stream = namespace.projectionStream(name)
      let last: ResolvedEvent | undefined
      try {
        const reading = client.readStream(stream, {
          direction: BACKWARDS,
          fromRevision: END,
          maxCount: 1,
        })
        for await (const resolved of reading as AsyncIterable<ResolvedEvent>) last = resolved
      } catch (error) {
        if (errorTypeOf(error) === ErrorType.STREAM_NOT_FOUND) return E.right(undefined)
        return E.left(storeErrorOf(error))
      }
      if (last?.event === undefined) return E.right(undefined)
      const checkpoint = await parseSnapshot(last.event.type, last.event.data)
      return checkpoint === undefined ? E.left(unreadable()) : E.right(checkpoint)
    },

    save: async (name, checkpoint) => {
      if (typeof checkpoint.state !== 'string' || checkpoint.position < 0n) {
        throw new TypeError('a checkpoint holds a string state and a position ≥ 0')
      }
      const stream = namespace.projectionStream(name)
      const body = { position: checkpoint.position.toString(), state: checkpoint.state }
      const json = utf8.encode(JSON.stringify(body))
      const compress = json.length > compressAbove
      const bytes = compress ? new Uint8Array(await gzipAsync(json)) : json
      const type = compress ? GZIPPED : PLAIN
      if (bytes.length + type.length * 2 > maxAppendSize) {
        return E.left(
          storeUnavailable(
            `the projection state takes ${bytes.length} bytes${compress ? ' gzipped' : ''}, over the append size limit of ${maxAppendSize}`,
          ),
        )
      }
      try {
        await ensureCapped(stream)
        await client.appendToStream(
          stream,
          compress ? binaryEvent({ type, data: bytes }) : jsonEvent({ type, data: body }),
        )
      } catch (error) {
        return E.left(storeErrorOf(error))
      }
      return E.right(undefined)
    },
  }
}

import { createServer } from 'node:net'
import type { Server, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js'
import type { Empty } from '@eventstore/db-client/generated/shared_pb'
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb'
import { DoubleLog, type DoubleLogOptions } from './log'
import { grpc, serverFeaturesGrpc, serverFeaturesPb, streamsGrpc } from './proto'
import { streamsService, type ServiceContext } from './streams-service'

/** The server version the double answers `ServerFeatures` with: the behaviour it models. */
export const DOUBLE_SERVER_VERSION = '23.10.0'

const STREAMS_METHODS = ['read', 'append', 'batchappend', 'delete', 'tombstone']

export interface EventStoreDBDoubleOptions extends DoubleLogOptions {
  /** Serve an existing log (a second server over the same data). */
  readonly log?: DoubleLog
  /** The port to listen on (default: a free one). */
  readonly port?: number
}

/** A running double and the faults a test can cause. */
export interface EventStoreDBDouble {
  /** The storage; tests tamper with it below the API. */
  readonly log: DoubleLog
  readonly port: number
  /** `esdb://127.0.0.1:<port>?tls=false`, for `EventStoreDBClient.connectionString`. */
  readonly connectionString: string
  /** Drops every client connection now (a GOAWAY, then the sockets); keeps listening. */
  killConnections(): void
  /**
   * Holds the next append (Append, or a write of BatchAppend) once its whole request has
   * arrived, before it writes, until
   * `release`: `arrived` settles when it is held. Dropping the connections meanwhile
   * (`killConnections`) kills it mid-append, and it then writes nothing.
   */
  holdNextAppend(): {
    readonly arrived: Promise<void>
    /** Settles once the held call's connection is gone. */
    readonly cancelled: Promise<void>
    release(): void
  }
  /** Plays an outage: connections drop and every call fails with UNAVAILABLE until `end`. */
  readonly outage: { begin(): void; end(): void }
  /** Stops listening and drops every call, keeping the log (a crashed server). */
  stop(): Promise<void>
  /** Listens again on the same port over the same log. */
  start(): Promise<void>
  /** `stop()` then `start()`. */
  restart(): Promise<void>
  /** Stops for good. */
  close(): Promise<void>
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => {
        resolve(port)
      })
    })
  })

const bind = (server: Server, address: string): Promise<void> =>
  new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error) => {
      if (error === null) resolve()
      else reject(error)
    })
  })

/**
 * Starts the double on 127.0.0.1 (insecure, like `docker-compose.yml`'s server).
 *
 * @example
 * ```ts
 * const double = await startEventStoreDBDouble()
 * const client = EventStoreDBClient.connectionString(double.connectionString)
 * ```
 */
export const startEventStoreDBDouble = async (
  options: EventStoreDBDoubleOptions = {},
): Promise<EventStoreDBDouble> => {
  const log = options.log ?? new DoubleLog(options)
  const port = options.port ?? (await freePort())
  const address = `127.0.0.1:${port}`
  let down = false
  let server: Server | undefined
  let held:
    | {
        readonly arrive: () => void
        readonly dropped: () => void
        readonly released: Promise<void>
      }
    | undefined
  const context: ServiceContext = {
    log,
    isDown: () => down,
    calls: new Set(),
    takeHold: (call) => {
      const hold = held
      held = undefined
      if (hold === undefined) return undefined
      if (call.cancelled) hold.dropped()
      else call.once('cancelled', hold.dropped)
      hold.arrive()
      return hold.released
    },
  }
  const holdNextAppend = () => {
    let arrive = () => undefined as void
    let dropped = () => undefined as void
    let release = () => undefined as void
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve
    })
    const cancelled = new Promise<void>((resolve) => {
      dropped = resolve
    })
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    held = { arrive, dropped, released }
    return { arrived, cancelled, release }
  }

  const features = (
    _call: ServerUnaryCall<Empty, SupportedMethods>,
    callback: sendUnaryData<SupportedMethods>,
  ) => {
    const supported = new serverFeaturesPb.SupportedMethods()
    supported.setEventStoreServerVersion(DOUBLE_SERVER_VERSION)
    supported.setMethodsList(
      STREAMS_METHODS.map((name) => {
        const method = new serverFeaturesPb.SupportedMethod()
        method.setServiceName('event_store.client.streams.streams')
        method.setMethodName(name)
        return method
      }),
    )
    callback(null, supported)
  }

  const start = async () => {
    if (server !== undefined) return
    const next = new grpc.Server()
    next.addService(streamsGrpc.StreamsService, streamsService(context))
    next.addService(serverFeaturesGrpc.ServerFeaturesService, { getSupportedMethods: features })
    // A port just released may linger for a moment.
    for (let attempt = 0; ; attempt++) {
      try {
        await bind(next, address)
        break
      } catch (error) {
        if (attempt >= 50) throw error
        await new Promise((r) => setTimeout(r, 20))
      }
    }
    server = next
  }

  const endCalls = () => {
    for (const call of context.calls) call.cancel()
    context.calls.clear()
  }

  const killConnections = () => {
    endCalls()
    server?.drain(address, 0)
  }

  const stop = async () => {
    const current = server
    server = undefined
    endCalls()
    current?.forceShutdown()
  }

  await start()
  return {
    log,
    port,
    connectionString: `esdb://${address}?tls=false`,
    killConnections,
    holdNextAppend,
    outage: {
      begin: () => {
        down = true
        killConnections()
      },
      end: () => {
        down = false
      },
    },
    stop,
    start,
    restart: async () => {
      await stop()
      await start()
    },
    close: stop,
  }
}

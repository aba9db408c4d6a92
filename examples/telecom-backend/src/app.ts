import {
  createLedger,
  jurisdictions,
  storeUnavailable,
  type Jurisdiction,
  type StoreUnavailable,
} from '@gdpr-ledger/core'
import { postgresStore } from '@gdpr-ledger/postgres'
import {
  breachRegisterProjection,
  createProjectionRunner,
  disclosureRegisterProjection,
  dsrTrackerProjection,
  registerProjection,
} from '@gdpr-ledger/projections'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import * as E from 'fp-ts/lib/Either.js'
import type pg from 'pg'
import { declareActivities } from './activities'
import type { Registers, ServiceContext } from './context'
import { dataSources } from './data-sources'
import { httpError } from './http-errors'
import { breachRoutes } from './routes/breaches'
import { cdrBatchRoutes } from './routes/cdr-batches'
import { lawEnforcementRoutes } from './routes/law-enforcement'
import { subjectReportRoutes } from './routes/subject-reports'
import { subscriberRoutes } from './routes/subscribers'
import { supportDeskRoutes } from './routes/support-desk'
import { createTables } from './tables'

export interface ServiceOptions {
  /** The database: the backend's tables and the ledger's schema live in it side by side. */
  readonly pool: pg.Pool
  /** The controller the service records for (default `nordtele_se`). */
  readonly controllerId?: string
  readonly jurisdiction?: Jurisdiction
  /** The operator is an essential entity under NIS2 (default true). */
  readonly nis2Entity?: boolean
  /**
   * Where request logs go (default: none). Each line names the method, the route template and
   * the status: never the URL (it holds a pseudonym) nor a body (personal data).
   */
  readonly log?: { readonly level: string; readonly stream: NodeJS.WritableStream }
}

/** How long a report waits for the registers to include this process's writes. */
const REGISTERS_WAIT_MS = 5000

const json = (payload: unknown): string =>
  JSON.stringify(payload, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  )

/**
 * Builds the service: opens the ledger's store on the pool (migrating it), creates the
 * backend's tables, declares the Art. 30 records, starts the registers' runner, and registers
 * the routes. Closing the app stops the runner and the store; the pool stays the caller's.
 */
export const buildService = async (
  options: ServiceOptions,
): Promise<E.Either<StoreUnavailable, FastifyInstance>> => {
  const controllerId = options.controllerId ?? 'nordtele_se'
  const jurisdiction = options.jurisdiction ?? jurisdictions.SE
  const opened = await postgresStore({ pool: options.pool })
  if (E.isLeft(opened)) return opened
  const store = opened.right
  try {
    await createTables(options.pool)
  } catch {
    await store.close()
    return E.left({ _tag: 'StoreUnavailable', reason: 'the backend tables could not be created' })
  }
  const ledger = createLedger({ store, jurisdiction })
  const declared = await declareActivities(ledger, controllerId)
  if (E.isLeft(declared)) {
    await store.close()
    if (declared.left._tag === 'StoreUnavailable') return E.left(declared.left)
    throw new Error(`the Art. 30 records were refused: ${declared.left._tag}`)
  }

  const registers = createProjectionRunner({
    store,
    checkpoints: store.projections,
    projections: [
      registerProjection,
      disclosureRegisterProjection,
      dsrTrackerProjection,
      breachRegisterProjection,
    ] as Registers,
  })
  const live = registers.start()
  let written = 0n
  const ctx: ServiceContext = {
    controllerId,
    jurisdiction,
    ledger,
    store,
    db: options.pool,
    sources: dataSources(options.pool),
    registers,
    caughtUp: async () => {
      let timer: NodeJS.Timeout | undefined
      const outcome = await Promise.race([
        live.reached(written).then(() => 'reached' as const),
        live.done.then(() => 'stopped' as const),
        new Promise<'late'>((resolve) => {
          timer = setTimeout(() => {
            resolve('late')
          }, REGISTERS_WAIT_MS)
        }),
      ])
      clearTimeout(timer)
      return outcome === 'reached'
        ? E.right(undefined)
        : E.left(
            storeUnavailable(
              outcome === 'stopped' ? 'the registers stopped' : 'the registers are behind',
            ),
          )
    },
    track: (result) => {
      if (E.isLeft(result)) return
      for (const event of result.right.events)
        if (event.position > written) written = event.position
    },
  }

  const app = Fastify({
    logger:
      options.log === undefined
        ? false
        : {
            level: options.log.level,
            stream: options.log.stream,
            serializers: {
              req: (request: FastifyRequest) => ({
                method: request.method,
                route: request.routeOptions.url,
              }),
              res: (response: { statusCode: number }) => ({ status: response.statusCode }),
            },
          },
  })
  app.setReplySerializer(json)
  app.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply) => {
    // Fastify's own 4xx (a body that is not JSON, too large): the ledger's InvalidInput shape.
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
      return reply.code(error.statusCode === 413 ? 413 : 400).send({
        error: 'InvalidInput',
        issues: [
          { path: '', expected: error.statusCode === 413 ? 'a smaller body' : 'a JSON body' },
        ],
      })
    // Anything else is a bug or a broken database: no stack trace, no message.
    const status = error.code?.startsWith('ECONN') === true ? 503 : 500
    return reply.code(status).send({ error: status === 503 ? 'StoreUnavailable' : 'InternalError' })
  })
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'NotFound' }))

  subscriberRoutes(app, ctx)
  supportDeskRoutes(app, ctx)
  cdrBatchRoutes(app, ctx)
  lawEnforcementRoutes(app, ctx)
  breachRoutes(app, ctx, options.nis2Entity ?? true)
  subjectReportRoutes(app, ctx)
  app.get('/health', async (_request, reply) => {
    const head = await store.readAll({ limit: 1 })
    return E.isLeft(head)
      ? reply.code(503).send(httpError(head.left).body)
      : reply.send({ ok: true })
  })

  app.addHook('onClose', async () => {
    await live.stop()
    await store.close()
  })
  return E.right(app)
}

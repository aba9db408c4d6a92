import {
  Instant,
  NonNegativeInt,
  PseudonymousId,
  Slug,
  boundedArray,
  boundedString,
  decode,
  strictRecord,
} from '@gdpr-ledger/core'
import type { FastifyInstance } from 'fastify'
import * as E from 'fp-ts/lib/Either.js'
import { ingestCallRecords } from '../cdr-ingestion'
import { fail, type ServiceContext } from '../context'
import { httpError } from '../http-errors'

/** The mediation system posts call records in batches; each is stored and rated for billing. */
export const CallRecords = boundedArray(
  strictRecord('CallRecord', {
    subjectId: PseudonymousId,
    startedAt: Instant,
    callee: boundedString('Callee', 1, 32),
    durationSeconds: NonNegativeInt,
    cellId: Slug,
  }),
  100_000,
)

export const cdrBatchRoutes = (app: FastifyInstance, ctx: ServiceContext) => {
  app.post('/cdr-batches', { bodyLimit: 32 * 1024 * 1024 }, async (request, reply) => {
    const records = decode(strictRecord('CdrBatch', { records: CallRecords }))(request.body)
    if (E.isLeft(records)) return fail(reply, httpError(records.left))
    const result = await ingestCallRecords(records.right.records, {
      ledger: ctx.ledger,
      db: ctx.db,
      controllerId: ctx.controllerId,
    })
    if (E.isLeft(result))
      return result.left._tag === 'DatabaseUnavailable'
        ? reply.code(503).send({ error: 'DatabaseUnavailable' })
        : fail(reply, httpError(result.left))
    return reply.send(result.right)
  })
}

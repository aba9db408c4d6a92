import { randomUUID } from 'node:crypto'
import type { StoreUnavailable } from '@gdpr-ledger/core'
import {
  accessReport,
  fulfilSubjectRequest,
  type AccessReportContext,
} from '@gdpr-ledger/projections'
import type { FastifyInstance } from 'fastify'
import * as E from 'fp-ts/lib/Either.js'
import { fail, type ServiceContext } from '../context'
import { httpError } from '../http-errors'

/**
 * The subscriber's rights: the Art. 15 access report (from the ledger), and the Art. 20
 * export (the data itself, from the backend's tables through its `DataSource`s), recorded as
 * a portability request fulfilled.
 */
export const subjectReportRoutes = (app: FastifyInstance, ctx: ServiceContext) => {
  const context = async (): Promise<E.Either<StoreUnavailable, AccessReportContext>> => {
    const current = await ctx.caughtUp()
    if (E.isLeft(current)) return current
    const [register, disclosures, dsrs] = ctx.registers.states()
    return E.right({ register, disclosures, dsrs })
  }

  app.get<{ Params: { subjectId: string } }>(
    '/subscribers/:subjectId/access-report',
    async (request, reply) => {
      const registers = await context()
      if (E.isLeft(registers)) return fail(reply, httpError(registers.left))
      const report = await accessReport(ctx.store, registers.right, {
        controllerId: ctx.controllerId,
        subjectId: request.params.subjectId,
        now: new Date().toISOString(),
      })
      if (E.isLeft(report)) return fail(reply, httpError(report.left))
      return reply.send(report.right)
    },
  )

  app.post<{ Params: { subjectId: string } }>(
    '/subscribers/:subjectId/export',
    async (request, reply) => {
      const requestId = `dsr-${randomUUID()}`
      const received = await ctx.ledger.receiveRequest({
        controllerId: ctx.controllerId,
        actor: 'self-service',
        requestId,
        subjectId: request.params.subjectId,
        kind: 'portability',
        channel: 'web',
      })
      ctx.track(received)
      if (E.isLeft(received)) return fail(reply, httpError(received.left))
      const registers = await context()
      if (E.isLeft(registers)) return fail(reply, httpError(registers.left))
      const done = await fulfilSubjectRequest({
        ledger: ctx.ledger,
        context: registers.right,
        sources: ctx.sources,
        requestId,
        actor: 'privacy-desk',
        channel: 'web',
        now: new Date().toISOString(),
      })
      if (E.isLeft(done)) return fail(reply, httpError(done.left))
      ctx.track(E.right(done.right.recorded))
      return reply.send({ requestId, deliveryRef: done.right.deliveryRef, export: done.right.data })
    },
  )
}

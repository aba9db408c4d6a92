import { loadStream, streamIds } from '@gdpr-ledger/core'
import type { FastifyInstance } from 'fastify'
import * as E from 'fp-ts/lib/Either.js'
import { fail, header, type ServiceContext } from '../context'
import { httpError, invalidBody } from '../http-errors'
import { countCallRecords } from '../tables'

/**
 * Requests from the police and other authorities: received by the legal desk, assessed by an
 * authorised officer, then disclosed (a gate). The ledger refuses a disclosure without a
 * "comply" assessment by a role the operator authorises, or beyond the request's scope.
 */
type Body = Record<string, unknown>
const asObject = (body: unknown): Body | undefined =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Body) : undefined

export const lawEnforcementRoutes = (app: FastifyInstance, ctx: ServiceContext) => {
  const { ledger, controllerId } = ctx

  app.post('/authority-requests', async (request, reply) => {
    const body = asObject(request.body)
    if (body === undefined) return fail(reply, invalidBody('', 'an object'))
    const received = await ledger.execute('receiveAuthorityRequest', {
      ...body,
      controllerId,
      actor: 'legal-desk',
    })
    ctx.track(received)
    if (E.isLeft(received)) return fail(reply, httpError(received.left))
    return reply.code(201).send({ requestId: received.right.events[0]?.data.requestId })
  })

  app.post<{ Params: { requestId: string } }>(
    '/authority-requests/:requestId/assessment',
    async (request, reply) => {
      const officer = header(request.headers['x-officer-id'])
      const role = header(request.headers['x-officer-role'])
      if (officer === undefined || role === undefined)
        return fail(reply, invalidBody('x-officer-id', 'the officer pseudonym and role headers'))
      const body = asObject(request.body)
      if (body === undefined) return fail(reply, invalidBody('', 'an object'))
      const assessed = await ledger.execute('assessAuthorityRequest', {
        ...body,
        controllerId,
        actor: officer,
        requestId: request.params.requestId,
        assessedBy: { actorId: officer, role },
      })
      ctx.track(assessed)
      if (E.isLeft(assessed)) return fail(reply, httpError(assessed.left))
      return reply.send({ requestId: request.params.requestId, decision: body.decision })
    },
  )

  app.post<{ Params: { requestId: string } }>(
    '/authority-requests/:requestId/disclosure',
    async (request, reply) => {
      const officer = header(request.headers['x-officer-id'])
      if (officer === undefined)
        return fail(reply, invalidBody('x-officer-id', 'the officer pseudonym header'))
      const stream = await loadStream(
        ledger.store,
        'disclosure',
        streamIds.disclosure(request.params.requestId),
        {},
      )
      if (E.isLeft(stream)) return fail(reply, httpError(stream.left))
      const scope = stream.right.state.request?.scope
      if (scope === undefined)
        return reply
          .code(404)
          .send({ error: 'NotFound', reason: 'no authority request with this id' })
      const recordCount = await countCallRecords(
        ctx.db,
        scope.subjectIds,
        scope.periodFrom,
        scope.periodTo,
      )
      // The gate: the ledger checks the assessment, the assessor's role and the scope.
      const disclosed = await ledger.discloseToAuthority({
        controllerId,
        actor: officer,
        requestId: request.params.requestId,
        subjectIds: scope.subjectIds,
        dataCategories: scope.dataCategories,
        recordCount,
        channel: 'secure-portal',
      })
      ctx.track(disclosed)
      if (E.isLeft(disclosed)) return fail(reply, httpError(disclosed.left))
      // The records themselves go to the authority's secure portal, not into this response.
      return reply.send({ requestId: request.params.requestId, recordCount })
    },
  )
}

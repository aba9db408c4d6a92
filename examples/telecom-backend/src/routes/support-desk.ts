import { Slug, decode, strictRecord, PseudonymousId } from '@gdpr-ledger/core'
import type { FastifyInstance } from 'fastify'
import * as E from 'fp-ts/lib/Either.js'
import { fail, header, type ServiceContext } from '../context'
import { httpError, invalidBody } from '../http-errors'
import { callList } from '../tables'

/**
 * The support desk shows an agent a subscriber's call list. Each read is a gate, recorded with
 * the agent, the purpose and the case before anything is read; a refusal shows nothing.
 */
const Query = strictRecord('CallListQuery', { case: PseudonymousId }, { purpose: Slug })

export const supportDeskRoutes = (app: FastifyInstance, ctx: ServiceContext) => {
  app.get<{ Params: { subjectId: string } }>(
    '/subscribers/:subjectId/calls',
    async (request, reply) => {
      const agent = header(request.headers['x-agent-id'])
      if (agent === undefined)
        return fail(reply, invalidBody('x-agent-id', 'the agent pseudonym header'))
      const query = decode(Query)(request.query)
      if (E.isLeft(query)) return fail(reply, httpError(query.left))
      const read = await ctx.ledger.recordProcessing({
        controllerId: ctx.controllerId,
        actor: agent,
        subjectId: request.params.subjectId,
        actorId: agent,
        actorRole: 'support-agent',
        system: 'support-desk',
        activityId: 'act-support',
        purpose: query.right.purpose ?? 'customer-support',
        legalBasis: 'contract',
        ePrivacyBasis: 'billing',
        dataCategories: ['call-records'],
        action: 'read',
        reference: query.right.case,
      })
      ctx.track(read)
      if (E.isLeft(read)) return fail(reply, httpError(read.left))
      return reply.send({
        subjectId: request.params.subjectId,
        calls: await callList(ctx.db, request.params.subjectId),
      })
    },
  )
}

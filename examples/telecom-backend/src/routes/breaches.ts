import { breachClocks, loadStream, streamIds } from '@gdpr-ledger/core'
import { breachRegister } from '@gdpr-ledger/projections'
import type { FastifyInstance } from 'fastify'
import * as E from 'fp-ts/lib/Either.js'
import { fail, type ServiceContext } from '../context'
import { httpError, invalidBody } from '../http-errors'

/**
 * The security desk reports a breach. The operator provides a public electronic
 * communications service, so whether the breach arose in providing it decides between the
 * ePrivacy regime (24 hours) and GDPR (72 hours); the answer carries the clocks.
 */
export const breachRoutes = (app: FastifyInstance, ctx: ServiceContext, nis2Entity: boolean) => {
  app.post('/breaches', async (request, reply) => {
    const body = request.body
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return fail(reply, invalidBody('', 'an object'))
    const detected = await ctx.ledger.execute('detectBreach', {
      ...body,
      controllerId: ctx.controllerId,
      actor: 'security-desk',
      role: 'controller',
      publicEcsProvider: true,
      nis2Entity,
    })
    ctx.track(detected)
    if (E.isLeft(detected)) return fail(reply, httpError(detected.left))
    const breachId = detected.right.events[0]?.data.breachId ?? ''
    const state = await loadStream(ctx.store, 'breach', streamIds.breach(breachId), {})
    if (E.isLeft(state)) return fail(reply, httpError(state.left))
    const clocks = breachClocks(state.right.state, ctx.jurisdiction, new Date().toISOString())
    return reply.code(201).send({ breachId, clocks })
  })

  app.get('/breaches', async (_request, reply) => {
    const current = await ctx.caughtUp()
    if (E.isLeft(current)) return fail(reply, httpError(current.left))
    const [, , , breaches] = ctx.registers.states()
    return reply.send(
      breachRegister(breaches, {
        controllerId: ctx.controllerId,
        jurisdiction: ctx.jurisdiction,
        now: new Date().toISOString(),
      }),
    )
  })
}

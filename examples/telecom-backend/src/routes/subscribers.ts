import { randomBytes } from 'node:crypto'
import {
  Name,
  Slug,
  decode,
  patternString,
  strictRecord,
  type LedgerError,
} from '@gdpr-ledger/core'
import type { FastifyInstance } from 'fastify'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { answer, fail, type ServiceContext } from '../context'
import { httpError, invalidBody } from '../http-errors'
import { findSubscriber, insertOffer, insertSubscriber, knownSubscribers } from '../tables'

/**
 * Sign-up from the web shop and consent capture. The subscriber's name, e-mail and number go
 * to the backend's own table under a fresh pseudonym; the ledger gets the pseudonym only.
 */
export const SignUp = strictRecord(
  'SignUp',
  {
    name: Name,
    email: patternString('Email', /^[^@\s]+@[^@\s]+\.[^@\s]+$/, 254),
    msisdn: patternString('Msisdn', /^\+[1-9][0-9]{6,14}$/, 16),
    noticeVersion: Name,
  },
  {
    consents: strictRecord(
      'SignUpConsents',
      {},
      { marketing: t.boolean, locationOffers: t.boolean },
    ),
  },
)

const ConsentChange = strictRecord(
  'ConsentChange',
  {
    given: t.boolean,
    channel: t.keyof({
      web: null,
      app: null,
      shop: null,
      phone: null,
      sms: null,
      email: null,
      paper: null,
      api: null,
    }),
  },
  { noticeVersion: Name },
)

export const subscriberRoutes = (app: FastifyInstance, ctx: ServiceContext) => {
  const { ledger, controllerId } = ctx

  app.post('/subscribers', async (request, reply) => {
    const body = decode(SignUp)(request.body)
    if (E.isLeft(body)) return fail(reply, httpError(body.left))
    const subjectId = `sub-${randomBytes(6).toString('hex')}`
    // A gate: may the shop collect what the form holds?
    const collected = await ledger.recordProcessing({
      controllerId,
      actor: 'web-shop',
      subjectId,
      actorId: 'web-shop',
      actorRole: 'system',
      system: 'crm',
      activityId: 'act-service-delivery',
      purpose: 'service-delivery',
      legalBasis: 'contract',
      dataCategories: ['subscriber-identity', 'contact-details'],
      action: 'collect',
    })
    ctx.track(collected)
    if (E.isLeft(collected)) return fail(reply, httpError(collected.left))
    await insertSubscriber(ctx.db, { subjectId, ...body.right })
    const started = await ledger.startRelationship({ controllerId, actor: 'web-shop', subjectId })
    ctx.track(started)
    if (E.isLeft(started)) return fail(reply, httpError(started.left))
    const wanted = [
      ...(body.right.consents?.marketing === true ? ['marketing'] : []),
      ...(body.right.consents?.locationOffers === true ? ['location-offers'] : []),
    ]
    for (const purpose of wanted) {
      const given = await ledger.giveConsent({
        controllerId,
        actor: 'web-shop',
        subjectId,
        purpose,
        noticeVersion: body.right.noticeVersion,
        channel: 'web',
      })
      ctx.track(given)
      if (E.isLeft(given)) return fail(reply, httpError(given.left))
    }
    return reply.code(201).send({ subjectId, consents: wanted })
  })

  app.put<{ Params: { subjectId: string; purpose: string } }>(
    '/subscribers/:subjectId/consents/:purpose',
    async (request, reply) => {
      const body = decode(ConsentChange)(request.body)
      if (E.isLeft(body)) return fail(reply, httpError(body.left))
      const { subjectId, purpose } = request.params
      const envelope = {
        controllerId,
        actor: 'self-service',
        subjectId,
        purpose,
        channel: body.right.channel,
      }
      const { given, noticeVersion } = body.right
      if (given && noticeVersion === undefined)
        return fail(reply, invalidBody('noticeVersion', 'the notice shown, when consent is given'))
      const result: E.Either<
        LedgerError,
        { readonly streamVersion: number; readonly events: readonly { position: bigint }[] }
      > =
        given && noticeVersion !== undefined
          ? await ledger.giveConsent({ ...envelope, noticeVersion })
          : await ledger.withdrawConsent(envelope)
      ctx.track(result)
      return answer(reply, result, (r) =>
        reply.send({ purpose, given: body.right.given, version: r.streamVersion }),
      )
    },
  )

  // Offers: the campaign engine asks before it sends one, then keeps what it sent in its own
  // table (the `campaigns` DataSource answers the export from it). Location-based offers use
  // the cell the network's location trigger reported: location data, on consent only.
  app.post<{ Params: { subjectId: string } }>(
    '/subscribers/:subjectId/offers',
    async (request, reply) => {
      const body = decode(
        strictRecord(
          'Offer',
          { purpose: t.keyof({ marketing: null, 'location-offers': null }) },
          { cellId: Slug },
        ),
      )(request.body)
      if (E.isLeft(body)) return fail(reply, httpError(body.left))
      const { purpose, cellId } = body.right
      if (cellId !== undefined && purpose !== 'location-offers')
        return fail(reply, invalidBody('cellId', 'no cell, except for a location-based offer'))
      const { subjectId } = request.params
      if (!(await knownSubscribers(ctx.db, [subjectId])).has(subjectId))
        return reply.code(404).send({ error: 'NotFound' })
      const result = await ledger.recordProcessing({
        controllerId,
        actor: 'campaigns',
        subjectId,
        actorId: 'campaign-engine',
        actorRole: 'system',
        system: 'campaigns',
        activityId: 'act-offers',
        purpose,
        legalBasis: 'consent',
        ePrivacyBasis: 'consent',
        dataCategories:
          purpose === 'location-offers'
            ? ['contact-details', 'cell-location']
            : ['contact-details'],
        action: 'use',
      })
      ctx.track(result)
      if (E.isLeft(result)) return fail(reply, httpError(result.left))
      const subscriber = await findSubscriber(ctx.db, subjectId)
      if (subscriber === undefined) return reply.code(404).send({ error: 'NotFound' })
      await insertOffer(ctx.db, {
        subjectId,
        purpose,
        sentAt: new Date().toISOString(),
        sentTo: subscriber.email,
        ...(cellId === undefined ? {} : { cellId }),
      })
      return reply.code(202).send({ sent: true })
    },
  )
}

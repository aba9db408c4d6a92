import { decode } from '@gdpr-ledger/core'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SignUp } from '../src/routes/subscribers'
import { freshDatabase, startService, type RunningService } from './support/service'

/**
 * The service as a client sees it: started on a loopback port against PostgreSQL, driven over
 * HTTP. Personal data goes in at sign-up and in call records; it must never come back in an
 * error, and never reach a log line.
 */
let service: RunningService
const personal = {
  name: 'Astrid Lindqvist',
  email: 'astrid.lindqvist@example.se',
  msisdn: '+46701234567',
}
const callee = '+46812345678'
const officer = { 'x-officer-id': 'officer-7', 'x-officer-role': 'legal-officer' }

const signUp = async (consents: { marketing?: boolean; locationOffers?: boolean } = {}) => {
  const response = await service.call('POST', '/subscribers', {
    ...personal,
    noticeVersion: 'privacy-notice-2026-10',
    consents,
  })
  expect(response.status).toBe(201)
  return response.body.subjectId as string
}

const ledgerHead = async (): Promise<string> =>
  (await service.pool.query<{ n: string }>('SELECT count(*) AS n FROM gdpr_ledger.events')).rows[0]
    ?.n ?? '0'

const subscriberCount = async (): Promise<string> =>
  (await service.pool.query<{ n: string }>('SELECT count(*) AS n FROM telecom.subscribers')).rows[0]
    ?.n ?? '0'

beforeAll(async () => {
  service = await startService(await freshDatabase())
})
afterAll(async () => {
  await service.stop()
})

describe('sign-up and consent', () => {
  it('creates a subscriber under a pseudonym and records the collection and the consents', async () => {
    const response = await service.call('POST', '/subscribers', {
      ...personal,
      noticeVersion: 'privacy-notice-2026-10',
      consents: { marketing: true },
    })
    expect(response.status).toBe(201)
    expect(response.body.subjectId).toMatch(/^sub-[0-9a-f]{12}$/)
    expect(response.body.consents).toEqual(['marketing'])
    for (const value of Object.values(personal)) expect(response.text).not.toContain(value)
  })

  it('refuses a malformed sign-up with the failing fields, writing nothing', async () => {
    const [before, subscribers] = [await ledgerHead(), await subscriberCount()]
    const response = await service.call('POST', '/subscribers', {
      ...personal,
      msisdn: '0701234567',
      noticeVersion: 'privacy-notice-2026-10',
    })
    expect(response.status).toBe(400)
    expect(response.body).toEqual({
      error: 'InvalidInput',
      issues: [{ path: 'msisdn', expected: 'Msisdn' }],
    })
    expect(response.text).not.toContain('0701234567')
    expect([await ledgerHead(), await subscriberCount()]).toEqual([before, subscribers])
  })

  it('answers 400 for any body the sign-up codec refuses, and 201 otherwise (property)', async () => {
    const field = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(personal.name, personal.email, personal.msisdn, 'privacy-notice-2026-10'),
      fc.integer(),
    )
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { name: field, email: field, msisdn: field, noticeVersion: field },
          { requiredKeys: [] },
        ),
        async (body) => {
          const [before, subscribers] = [await ledgerHead(), await subscriberCount()]
          const response = await service.call('POST', '/subscribers', body)
          if (E.isLeft(decode(SignUp)(body))) {
            expect(response.status).toBe(400)
            expect(response.body.error).toBe('InvalidInput')
            expect([await ledgerHead(), await subscriberCount()]).toEqual([before, subscribers])
          } else expect(response.status).toBe(201)
        },
      ),
      { numRuns: 30 },
    )
  })

  it('gates offers on consent: 422 with the rule and article, 202 once consent is given', async () => {
    const subjectId = await signUp({ marketing: true })
    expect(
      (await service.call('POST', `/subscribers/${subjectId}/offers`, { purpose: 'marketing' }))
        .status,
    ).toBe(202)
    const location = await service.call('POST', `/subscribers/${subjectId}/offers`, {
      purpose: 'location-offers',
    })
    expect(location.status).toBe(422)
    expect(location.body).toMatchObject({
      error: 'ComplianceViolation',
      rule: 'consent.covering-consent',
      article: 'GDPR Art. 6(1)(a), 7(1); ePrivacy Directive art. 6(3), 9(1)',
    })
    const given = await service.call('PUT', `/subscribers/${subjectId}/consents/location-offers`, {
      given: true,
      channel: 'app',
      noticeVersion: 'privacy-notice-2026-10',
    })
    expect(given.status).toBe(200)
    expect(
      (
        await service.call('POST', `/subscribers/${subjectId}/offers`, {
          purpose: 'location-offers',
        })
      ).status,
    ).toBe(202)
    const withdrawn = await service.call('PUT', `/subscribers/${subjectId}/consents/marketing`, {
      given: false,
      channel: 'app',
    })
    expect(withdrawn.status).toBe(200)
    const after = await service.call('POST', `/subscribers/${subjectId}/offers`, {
      purpose: 'marketing',
    })
    expect(after.status).toBe(422)
    expect(after.body.rule).toBe('consent.covering-consent')
  })

  it('answers 409 for a withdrawal without a consent in force, and 400 for a consent without its notice', async () => {
    const subjectId = await signUp()
    const withdrawn = await service.call('PUT', `/subscribers/${subjectId}/consents/marketing`, {
      given: false,
      channel: 'web',
    })
    expect(withdrawn.status).toBe(409)
    expect(withdrawn.body.error).toBe('InvalidTransition')
    const noNotice = await service.call('PUT', `/subscribers/${subjectId}/consents/marketing`, {
      given: true,
      channel: 'web',
    })
    expect(noNotice.status).toBe(400)
    expect(noNotice.body).toMatchObject({
      error: 'InvalidInput',
      issues: [{ path: 'noticeVersion' }],
    })
  })
})

describe('CDR ingestion, support desk and reports', () => {
  let subjectId: string
  beforeAll(async () => {
    subjectId = await signUp({ marketing: true })
  })

  it('stores a batch of call records and records one billing processing per subscriber', async () => {
    const other = await signUp()
    const records = [
      ...Array.from({ length: 5 }, (_, i) => ({
        subjectId,
        startedAt: `2026-11-2${i}T08:00:00.000Z`,
        callee,
        durationSeconds: 60 + i,
        cellId: 'sto-0042',
      })),
      {
        subjectId: other,
        startedAt: '2026-11-20T09:00:00.000Z',
        callee,
        durationSeconds: 30,
        cellId: 'sto-0042',
      },
      {
        subjectId: 'sub-unknown',
        startedAt: '2026-11-20T09:00:00.000Z',
        callee,
        durationSeconds: 30,
        cellId: 'sto-0042',
      },
    ]
    const response = await service.call('POST', '/cdr-batches', { records })
    expect(response.status).toBe(200)
    expect(response.body).toEqual({
      records: 7,
      batches: 1,
      recorded: 2,
      unknownSubscriberRecords: 1,
      refused: [],
    })
    const billed = await service.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM gdpr_ledger.events WHERE type = \'DataProcessed\' AND data LIKE \'%"system":"billing"%\'',
    )
    expect(billed.rows[0]?.n).toBe('2')
  })

  it('records each read of the call list with the agent, purpose and case, then shows it', async () => {
    const read = await service.call(
      'GET',
      `/subscribers/${subjectId}/calls?case=case-2291`,
      undefined,
      { 'x-agent-id': 'agent-42' },
    )
    expect(read.status).toBe(200)
    expect((read.body.calls as unknown[]).length).toBe(5)
    const report = await service.call('GET', `/subscribers/${subjectId}/access-report`)
    expect(report.status).toBe(200)
    const processing = report.body.processing as {
      actorId: string
      action: string
      purpose: string
      reference?: string
      dataCategories: string[]
    }[]
    expect(processing.map((p) => [p.actorId, p.action, p.purpose])).toEqual([
      ['web-shop', 'collect', 'service-delivery'],
      ['cdr-rating', 'analyse', 'billing'],
      ['agent-42', 'read', 'customer-support'],
    ])
    expect(processing.at(-1)).toMatchObject({
      reference: 'case-2291',
      dataCategories: ['call-records'],
    })
  })

  it('refuses a read without the agent header, or for a purpose support does not declare, showing nothing', async () => {
    const anonymous = await service.call('GET', `/subscribers/${subjectId}/calls?case=case-1`)
    expect(anonymous.status).toBe(400)
    const marketing = await service.call(
      'GET',
      `/subscribers/${subjectId}/calls?case=case-1&purpose=marketing`,
      undefined,
      { 'x-agent-id': 'agent-42' },
    )
    expect(marketing.status).toBe(422)
    expect(marketing.body).toEqual({
      error: 'ComplianceViolation',
      rule: 'activity.purpose',
      article: 'GDPR Art. 5(1)(b)',
      explanation: 'purpose marketing is not a declared purpose of activity act-support',
    })
    expect(marketing.text).not.toContain(callee)
  })

  it('answers the Art. 20 export from its own tables and records the request as fulfilled', async () => {
    const exported = await service.call('POST', `/subscribers/${subjectId}/export`)
    expect(exported.status).toBe(200)
    const data = exported.body.export as {
      format: string
      systems: { system: string; data: { dataCategory: string; records: unknown[] }[] }[]
    }
    expect(data.format).toBe('gdpr-ledger/art20-export')
    const shape = Object.fromEntries(
      data.systems.map((s) => [
        s.system,
        Object.fromEntries(s.data.map((d) => [d.dataCategory, d.records])),
      ]),
    )
    // The subscriber's own data, from the backend's tables: what the ledger never holds.
    expect(shape).toEqual({
      crm: {
        'contact-details': [{ name: personal.name, email: personal.email }],
        'subscriber-identity': [{ msisdn: personal.msisdn }],
      },
      billing: { 'call-records': shape.billing?.['call-records'] },
    })
    const calls = shape.billing?.['call-records'] as { callee: string; cellId: string }[]
    expect(calls).toHaveLength(5)
    for (const call of calls) expect(call).toMatchObject({ callee, cellId: 'sto-0042' })
    const report = await service.call('GET', `/subscribers/${subjectId}/access-report`)
    expect(report.body.requests).toEqual([
      expect.objectContaining({
        requestId: exported.body.requestId,
        kind: 'portability',
        status: 'fulfilled',
      }),
    ])
  })
})

describe('offers and the export of what the campaign engine holds', () => {
  type Exported = {
    systems: { system: string; data: { dataCategory: string; records: unknown[] }[] }[]
  }
  const bySystem = (data: Exported) =>
    Object.fromEntries(
      data.systems.map((s) => [
        s.system,
        Object.fromEntries(s.data.map((d) => [d.dataCategory, d.records])),
      ]),
    )

  it('exports the offers a consenting subscriber got, with the address and the cell, from the campaigns table', async () => {
    const subjectId = await signUp({ marketing: true, locationOffers: true })
    const offer = (body: unknown) => service.call('POST', `/subscribers/${subjectId}/offers`, body)
    expect((await offer({ purpose: 'marketing' })).status).toBe(202)
    expect((await offer({ purpose: 'location-offers', cellId: 'sto-0117' })).status).toBe(202)

    const report = await service.call('GET', `/subscribers/${subjectId}/access-report`)
    expect(report.body.manifest).toContainEqual(expect.objectContaining({ system: 'campaigns' }))
    const exported = await service.call('POST', `/subscribers/${subjectId}/export`)
    expect(exported.status).toBe(200)
    const shape = bySystem(exported.body.export as Exported)
    expect(Object.keys(shape).sort()).toEqual(['campaigns', 'crm'])
    const sent = shape.campaigns?.['contact-details'] as { sentAt: string }[]
    const [first, second] = sent.map((o) => o.sentAt)
    expect(first !== undefined && second !== undefined && first <= second).toBe(true)
    for (const at of [first, second]) expect(new Date(at ?? '').toISOString()).toBe(at)
    expect(shape.campaigns).toEqual({
      'contact-details': [
        { sentAt: first, purpose: 'marketing', sentTo: personal.email },
        { sentAt: second, purpose: 'location-offers', sentTo: personal.email },
      ],
      // The cell of the location-based offer only, sent at the same time.
      'cell-location': [{ sentAt: second, cellId: 'sto-0117' }],
    })
    const done = await service.call('GET', `/subscribers/${subjectId}/access-report`)
    expect(done.body.requests).toEqual([
      expect.objectContaining({ kind: 'portability', status: 'fulfilled' }),
    ])
  })

  it('keeps no cell for a marketing offer, and records no offer to an unknown subscriber', async () => {
    const subjectId = await signUp({ marketing: true })
    const [before, offers] = [
      await ledgerHead(),
      (await service.pool.query('SELECT 1 FROM telecom.offers')).rowCount,
    ]
    const cell = await service.call('POST', `/subscribers/${subjectId}/offers`, {
      purpose: 'marketing',
      cellId: 'sto-0117',
    })
    expect(cell.status).toBe(400)
    expect(cell.body).toMatchObject({ error: 'InvalidInput', issues: [{ path: 'cellId' }] })
    // Consent given through the API for a pseudonym the CRM never issued.
    const unknown = 'sub-000000000000'
    const consent = await service.call('PUT', `/subscribers/${unknown}/consents/marketing`, {
      given: true,
      channel: 'api',
      noticeVersion: 'privacy-notice-2026-10',
    })
    expect(consent.status).toBe(200)
    const stranger = await service.call('POST', `/subscribers/${unknown}/offers`, {
      purpose: 'marketing',
    })
    expect(stranger).toMatchObject({ status: 404, body: { error: 'NotFound' } })
    expect((await service.pool.query('SELECT 1 FROM telecom.offers')).rowCount).toBe(offers)
    // Only the consent was written.
    expect(Number(await ledgerHead())).toBe(Number(before) + 1)
  })
})

describe('law enforcement and breaches', () => {
  it('discloses only after an authorised officer assessed the request', async () => {
    const subjectId = await signUp()
    await service.call('POST', '/cdr-batches', {
      records: [
        {
          subjectId,
          startedAt: '2026-11-10T08:00:00.000Z',
          callee,
          durationSeconds: 42,
          cellId: 'sto-0042',
        },
      ],
    })
    const received = await service.call('POST', '/authority-requests', {
      requestId: 'pm-2026-0412',
      authority: {
        authorityId: 'se-police',
        name: 'Polismyndigheten',
        country: 'SE',
        kind: 'police',
      },
      statute: 'LEK (2022:482) 9 kap. 31 §',
      scope: {
        subjectIds: [subjectId],
        dataCategories: ['call-records'],
        periodFrom: '2026-11-01T00:00:00.000Z',
        periodTo: '2026-12-01T00:00:00.000Z',
      },
    })
    expect(received.status).toBe(201)
    const early = await service.call(
      'POST',
      '/authority-requests/pm-2026-0412/disclosure',
      {},
      officer,
    )
    expect(early.status).toBe(422)
    expect(early.body.rule).toBe('disclosure.assessed-request')

    const byAgent = await service.call(
      'POST',
      '/authority-requests/pm-2026-0412/assessment',
      { decision: 'comply' },
      { 'x-officer-id': 'agent-42', 'x-officer-role': 'support-agent' },
    )
    expect(byAgent.status).toBe(200)
    const unauthorised = await service.call(
      'POST',
      '/authority-requests/pm-2026-0412/disclosure',
      {},
      officer,
    )
    expect(unauthorised.status).toBe(422)
    expect(unauthorised.body).toMatchObject({
      rule: 'disclosure.authorised-assessor',
      article: 'ePrivacy Directive art. 4(1a)',
    })

    const assessed = await service.call(
      'POST',
      '/authority-requests/pm-2026-0412/assessment',
      { decision: 'comply', reasons: 'statute and scope verified' },
      officer,
    )
    expect(assessed.status).toBe(200)
    const disclosed = await service.call(
      'POST',
      '/authority-requests/pm-2026-0412/disclosure',
      {},
      officer,
    )
    expect(disclosed.status).toBe(200)
    expect(disclosed.body).toEqual({ requestId: 'pm-2026-0412', recordCount: 1 })
    expect(disclosed.text).not.toContain(callee)
  })

  it('answers 409 for an assessment of a request never received, 404 for a disclosure of one', async () => {
    const assessed = await service.call(
      'POST',
      '/authority-requests/pm-none/assessment',
      { decision: 'comply' },
      officer,
    )
    expect(assessed.status).toBe(409)
    expect(assessed.body).toEqual({
      error: 'InvalidTransition',
      reason: 'no authority request with this id is received',
    })
    expect(
      (await service.call('POST', '/authority-requests/pm-none/disclosure', {}, officer)).status,
    ).toBe(404)
  })

  it('reports a breach in the public service under the ePrivacy regime, with its clocks, in the register', async () => {
    const now = Date.now()
    const reported = await service.call('POST', '/breaches', {
      breachId: 'br-2026-014',
      detectedAt: new Date(now - 3_600_000).toISOString(),
      awareAt: new Date(now - 1_800_000).toISOString(),
      nature: ['confidentiality'],
      dataCategories: ['call-records'],
      approxSubjects: 1200,
      approxRecords: 48000,
      inPublicService: true,
    })
    expect(reported.status).toBe(201)
    const clocks = reported.body.clocks as { obligation: string; status: string; dueAt?: string }[]
    expect(clocks.map((c) => [c.obligation, c.status])).toEqual([
      ['eprivacy-authority', 'running'],
      ['eprivacy-subscribers', 'running'],
      ['nis2-early-warning', 'running'],
      ['nis2-notification', 'running'],
      ['nis2-final-report', 'running'],
    ])
    expect(clocks[0]?.dueAt).toBe(new Date(now - 3_600_000 + 24 * 3_600_000).toISOString())
    const register = await service.call('GET', '/breaches')
    expect(register.status).toBe(200)
    expect((register.body as unknown as { breachId: string }[]).map((b) => b.breachId)).toContain(
      'br-2026-014',
    )
    const again = await service.call('POST', '/breaches', {
      breachId: 'br-2026-015',
      nature: ['integrity'],
    })
    expect(again.status).toBe(400)
    expect(again.body.error).toBe('InvalidInput')
  })
})

describe('errors over HTTP', () => {
  it('answers 400 for a body that is not JSON, and 404 for an unknown route, without a stack trace', async () => {
    const broken = await service.call('POST', '/subscribers', '{"name": ')
    expect(broken.status).toBe(400)
    expect(broken.body).toEqual({
      error: 'InvalidInput',
      issues: [{ path: '', expected: 'a JSON body' }],
    })
    const unknown = await service.call('GET', '/nowhere')
    expect(unknown).toMatchObject({ status: 404, body: { error: 'NotFound' } })
    for (const text of [broken.text, unknown.text]) expect(text).not.toMatch(/at .*\.ts:\d+|stack/i)
  })

  it('answers 409 WrongExpectedVersion to a consent that lost a race on the rights stream, having written nothing', async () => {
    const subjectId = await signUp()
    const consentsOf = async () =>
      (
        await service.pool.query<{ purpose: string }>(
          `SELECT data::jsonb ->> 'purpose' AS purpose FROM gdpr_ledger.events
           WHERE stream_id = $1 AND type = 'ConsentGiven'`,
          [`subject-nordtele_se-${subjectId}`],
        )
      ).rows.map((r) => r.purpose)
    // Many consents for one subscriber at once: each is decided on the rights stream's version
    // and appended with it as the expected version; the ledger re-decides a lost race up to 6
    // times, each after a random back-off, then answers the conflict. 64 at once is more than
    // that absorbs: rounds until a conflict is seen (the first round nearly always does).
    const won: string[] = []
    const lost: string[] = []
    for (let round = 0; round < 10 && lost.length === 0; round++) {
      const purposes = Array.from({ length: 64 }, (_, i) => `purpose-${round}-${i}`)
      const answers = await Promise.all(
        purposes.map((purpose) =>
          service.call('PUT', `/subscribers/${subjectId}/consents/${purpose}`, {
            given: true,
            channel: 'app',
            noticeVersion: 'privacy-notice-2026-10',
          }),
        ),
      )
      for (const [i, answer] of answers.entries()) {
        const purpose = purposes[i] ?? ''
        if (answer.status === 200) won.push(purpose)
        else {
          expect(answer).toMatchObject({ status: 409, body: { error: 'WrongExpectedVersion' } })
          // The tag only: no stream id (it names the pseudonym), no versions.
          expect(answer.body).toEqual({ error: 'WrongExpectedVersion' })
          lost.push(purpose)
        }
      }
    }
    expect(lost.length).toBeGreaterThan(0)
    expect(won.length).toBeGreaterThan(0)
    // The winners are in the ledger, the losers are not: a 409 wrote nothing.
    expect((await consentsOf()).sort()).toEqual([...won].sort())
    // Nothing was written, so the client may simply send it again.
    for (const purpose of lost)
      expect(
        (
          await service.call('PUT', `/subscribers/${subjectId}/consents/${purpose}`, {
            given: true,
            channel: 'app',
            noticeVersion: 'privacy-notice-2026-10',
          })
        ).status,
      ).toBe(200)
    expect((await consentsOf()).sort()).toEqual([...won, ...lost].sort())
  })

  it('answers 503 StoreUnavailable when the database goes away, with nothing else said', async () => {
    const other = await startService(await freshDatabase())
    await other.pool.end() // the database is gone for the service
    const response = await other.call('POST', '/subscribers', {
      ...personal,
      noticeVersion: 'privacy-notice-2026-10',
    })
    expect(response.status).toBe(503)
    expect(response.body).toEqual({ error: 'StoreUnavailable' })
    await other.app.close()
  })

  it('never writes personal data or pseudonyms to its log, which names routes and statuses', () => {
    const log = service.logs.join('')
    expect(log).toContain('"route":"/subscribers/:subjectId/calls"')
    for (const value of [...Object.values(personal), callee, 'sub-'])
      expect(log).not.toContain(value)
  })
})

import { createInMemoryProjectionStore, defaultPolicy, jurisdictions } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  accessReport,
  art30ControllerRecord,
  art30ProcessorRecord,
  breachRegister,
  breachRegisterProjection,
  consentStatusAt,
  consentTimeline,
  createProjectionRunner,
  disclosureRegister,
  disclosureRegisterProjection,
  disclosureStatistics,
  dsrTracker,
  dsrTrackerProjection,
  findings,
  findingsProjection,
  loadReportContext,
  loadSubjectState,
  processingSummary,
  processingSummaryProjection,
  registerProjection,
  replay,
  retentionDueList,
  retentionProjection,
  transferRegister,
  type AccessReportContext,
} from '../src'
import { ANNA, BO, CLEO, CONTROLLER, NOW, SE, buildScenario, type Scenario } from './scenario'

const findingsOfSE = findingsProjection({ jurisdiction: SE })
const all = [
  registerProjection,
  processingSummaryProjection,
  dsrTrackerProjection,
  breachRegisterProjection,
  disclosureRegisterProjection,
  retentionProjection,
  findingsOfSE,
] as const

let scenario: Scenario
let states: ReturnType<ReturnType<typeof createProjectionRunner<typeof all>>['states']>

beforeAll(async () => {
  scenario = await buildScenario()
  const runner = createProjectionRunner({
    store: scenario.store,
    checkpoints: createInMemoryProjectionStore(),
    projections: all,
  })
  const caughtUp = await runner.catchUp()
  expect(E.isRight(caughtUp)).toBe(true)
  states = runner.states()
})

const judgedAt = { now: NOW, jurisdiction: SE }

describe('Art. 30 register', () => {
  it('lists the controller record (a)-(g) of every activity in force, by id', () => {
    const [register] = states
    const record = art30ControllerRecord(register, CONTROLLER)
    expect(record.activities.map((a) => a.activityId)).toEqual([
      'act-backup',
      'act-billing',
      'act-marketing',
      'act-service',
      'act-support',
    ])
    const billing = record.activities.find((a) => a.activityId === 'act-billing')
    expect(billing).toMatchObject({
      controller: { name: 'Nordtele AB', dataProtectionOfficer: 'dpo@nordtele.example' },
      purposes: ['billing'],
      recipients: [{ recipientId: 'inkasso-nord', name: 'Inkasso Nord AB', country: 'SE' }],
      securityMeasures: { kind: 'described' },
    })
    expect(billing?.retention.map((r) => r.dataCategory)).toEqual([
      'call-records',
      'billing-information',
      'subscriber-identity',
    ])
    expect(record.activities.find((a) => a.activityId === 'act-backup')?.transfers).toMatchObject([
      { country: 'US', mechanisms: [{ kind: 'sccs' }] },
    ])
    expect(record.processors).toMatchObject([
      {
        processorId: 'cloudcall',
        name: 'CloudCall AB',
        subProcessors: [
          { subProcessorId: 'analytics-us', country: 'US', status: 'engaged' },
          { subProcessorId: 'google-cloud-emea', country: 'IE', status: 'engaged' },
        ],
      },
    ])
  })

  it('keeps processor activities in the Art. 30(2) record with the controllers served', () => {
    const [register] = states
    expect(
      art30ControllerRecord(register, CONTROLLER).activities.map((a) => a.activityId),
    ).not.toContain('act-switchboard')
    expect(art30ProcessorRecord(register, CONTROLLER).activities).toMatchObject([
      {
        activityId: 'act-switchboard',
        processor: { name: 'Nordtele AB' },
        controllers: [{ name: 'Acme Konsult AB' }],
        purposes: ['switchboard-answering'],
      },
    ])
    expect(art30ControllerRecord(register, 'someone_else').activities).toEqual([])
  })

  it('gives the register as it stood at a position: before the backup activity, without it', async () => {
    const backup = scenario.store.log.events.find(
      (e) => e.streamId === 'activity-act-backup' && e.streamVersion === 1,
    )
    expect(backup).toBeDefined()
    const before = await loadReportContext(scenario.store, {
      asOf: { position: (backup?.position ?? 0n) - 1n },
    })
    const at = await loadReportContext(scenario.store, {
      asOf: { position: backup?.position ?? 0n },
    })
    if (E.isLeft(before) || E.isLeft(at)) throw new Error('replay failed')
    const ids = (context: AccessReportContext) =>
      art30ControllerRecord(context.register, CONTROLLER).activities.map((a) => a.activityId)
    expect(ids(before.right)).not.toContain('act-backup')
    expect(ids(at.right)).toContain('act-backup')
    // Deterministic: the same position gives the same record.
    const again = await loadReportContext(scenario.store, {
      asOf: { position: backup?.position ?? 0n },
    })
    if (E.isLeft(again)) throw new Error('replay failed')
    expect(JSON.stringify(art30ControllerRecord(again.right.register, CONTROLLER))).toBe(
      JSON.stringify(art30ControllerRecord(at.right.register, CONTROLLER)),
    )
  })
})

describe('sub-processor and transfer register', () => {
  it('flags the US sub-processor engaged without a mechanism, not the SCC transfer or the EEA ones', () => {
    const [register] = states
    const rows = transferRegister(register, { at: NOW })
    expect(rows.map((r) => [r.kind, r.name, r.country, r.inEea, r.flag?.rule])).toEqual([
      ['processor', 'CloudCall AB', 'SE', true, undefined],
      ['sub-processor', 'CallMetrics Inc.', 'US', false, 'transfer.valid-mechanism'],
      ['sub-processor', 'Google Cloud EMEA Ltd', 'IE', true, undefined],
      ['transfer', 'Vault Storage Inc.', 'US', false, undefined],
    ])
    expect(rows[1]?.flag?.article).toBe('GDPR Arts. 44-49')
  })

  it('judges the mechanism at the time asked: SCCs before their impact assessment do not count', () => {
    const [register] = states
    const vault = transferRegister(register, { at: '2023-11-01T00:00:00.000Z' }).find(
      (r) => r.name === 'Vault Storage Inc.',
    )
    expect(vault?.flag?.rule).toBe('transfer.valid-mechanism')
  })
})

describe('processing log summary', () => {
  it('counts acts and records per activity, batches by their record count', () => {
    const [, summary] = states
    const rows = processingSummary(summary, CONTROLLER)
    const billing = rows.find((r) => r.activityId === 'act-billing')
    expect(billing).toMatchObject({ events: 5, records: 146 })
    expect(billing?.recipients).toEqual([['inkasso-nord', 2]])
    expect(billing?.systems).toEqual([
      ['billing', 2],
      ['cdr-pipeline', 1],
    ])
    const marketing = rows.find((r) => r.activityId === 'act-marketing')
    expect(marketing).toMatchObject({ events: 4, imported: 1, legalBases: [['consent', 4]] })
    expect(processingSummary(summary, 'someone_else')).toEqual([])
  })
})

describe('DSR tracker', () => {
  it('judges due dates in Stockholm time, overdue with an explicit now', () => {
    const [, , dsrs] = states
    const rows = dsrTracker(dsrs, judgedAt)
    expect(
      rows.map((r) => [r.requestId, r.kind, r.dueDate, r.status, r.timeliness, r.overdue]),
    ).toEqual([
      ['dsr-cleo-erasure', 'erasure', '2026-10-01', 'fulfilled', 'met', false],
      ['dsr-cleo-access', 'access', '2026-11-01', 'open', 'late', true],
      ['dsr-cleo-portability', 'portability', '2026-12-15', 'open', 'running', false],
    ])
    // The access request ends with 1 November, Stockholm (UTC+1 in winter).
    expect(rows[1]?.dueEndsAt).toBe('2026-11-01T23:00:00.000Z')
    expect(rows[0]?.deletionConfirmation).toEqual({
      systems: ['support-desk'],
      confirmedAt: '2026-09-20T09:30:00.000Z',
      reference: 'DEL-2026-044',
    })
  })

  it('lists the recipients an erasure was not passed on to (Art. 19), until they are told', async () => {
    const [, , dsrs] = states
    const erasure = dsrTracker(dsrs, judgedAt).find((r) => r.requestId === 'dsr-cleo-erasure')
    expect(erasure?.outstandingRecipients).toEqual(['inkasso-nord'])
    const s = await buildScenario()
    const notified = await s.ledger.notifyRecipient({
      controllerId: CONTROLLER,
      actor: 'privacy-desk',
      requestId: 'dsr-cleo-erasure',
      recipientId: 'inkasso-nord',
    })
    expect(E.isRight(notified)).toBe(true)
    const built = await replay(s.store, [dsrTrackerProjection])
    if (E.isLeft(built)) throw new Error('replay failed')
    const after = dsrTracker(built.right.states[0], judgedAt)
    expect(after.find((r) => r.requestId === 'dsr-cleo-erasure')?.outstandingRecipients).toEqual([])
    // Requests that are not rectification, erasure or restriction owe no notice.
    expect(after.find((r) => r.requestId === 'dsr-cleo-access')?.outstandingRecipients).toEqual([])
  })

  it('is not overdue the day before the deadline ends', () => {
    const [, , dsrs] = states
    const rows = dsrTracker(dsrs, { ...judgedAt, now: '2026-11-01T22:59:59.999Z', openOnly: true })
    expect(rows.map((r) => [r.requestId, r.overdue])).toEqual([
      ['dsr-cleo-access', false],
      ['dsr-cleo-portability', false],
    ])
  })
})

describe('breach register', () => {
  it('shows the GDPR breach notified at 73 h as late, and the ePrivacy/NIS2 clocks met or running', () => {
    const [, , , breaches] = states
    const rows = breachRegister(breaches, judgedAt)
    expect(rows.map((r) => [r.breachId, r.regimes])).toEqual([
      ['breach-misaddressed', ['gdpr']],
      ['breach-cdr-leak', ['eprivacy', 'nis2']],
    ])
    const clocks = (i: number) => rows[i]?.clocks.map((c) => [c.obligation, c.status])
    expect(clocks(0)).toEqual([
      ['gdpr-authority', 'late'],
      ['gdpr-subjects', 'not-required'],
    ])
    expect(rows[0]?.clocks[0]).toMatchObject({
      dueAt: '2026-10-08T08:00:00.000Z',
      doneAt: '2026-10-08T09:00:00.000Z',
    })
    expect(clocks(1)).toEqual([
      ['eprivacy-authority', 'met'],
      ['eprivacy-subscribers', 'running'],
      ['nis2-early-warning', 'met'],
      ['nis2-notification', 'running'],
      ['nis2-final-report', 'running'],
    ])
    expect(rows[1]?.subjectNotification).toBe('awaiting-assessment')
  })

  it('turns the NIS2 notification late once 72 h have passed', () => {
    const [, , , breaches] = states
    const leak = breachRegister(breaches, { ...judgedAt, now: '2026-11-25T10:30:00.001Z' })[1]
    expect(leak?.clocks.find((c) => c.obligation === 'nis2-notification')?.status).toBe('late')
  })
})

describe('authority-disclosure register and ePrivacy art. 15(1b) statistics', () => {
  it('counts requests by authority and statute with their responses', () => {
    const [, , , , disclosures] = states
    expect(
      disclosureRegister(disclosures).map((r) => [
        r.requestId,
        r.authority.country,
        r.authorityInEea,
        r.response,
      ]),
    ).toEqual([
      ['police-se-1', 'SE', true, 'complied'],
      ['police-no-1', 'NO', true, 'partially-complied'],
      ['fbi-1', 'US', false, 'refused'],
    ])
    const stats = disclosureStatistics(disclosures, {
      controllerId: CONTROLLER,
      from: '2026-01-01T00:00:00+01:00',
      to: '2027-01-01T00:00:00+01:00',
    })
    expect(stats.requests).toEqual({
      total: 3,
      complied: 1,
      'partially-complied': 1,
      refused: 1,
      pending: 0,
    })
    expect(stats.byAuthority.map((a) => [a.authority.name, a.inEea, a.total, a.refused])).toEqual([
      ['Politiet', true, 1, 0],
      ['Polismyndigheten', true, 1, 0],
      ['Federal Bureau of Investigation', false, 1, 1],
    ])
    expect(stats.byStatute.map((s) => s.statute)).toEqual([
      '18 U.S.C. § 2703',
      'LEK (2022:482) 9 kap. 31 §',
      'Straffeprosessloven § 210',
    ])
  })

  it('limits statistics to the period of receipt', () => {
    const [, , , , disclosures] = states
    const september = disclosureStatistics(disclosures, {
      from: '2026-09-01T00:00:00.000Z',
      to: '2026-10-01T00:00:00.000Z',
    })
    expect(september.requests).toMatchObject({ total: 1, refused: 1 })
  })
})

describe('retention due-list', () => {
  it('lists traffic data older than 5 months and a customer gone 24 months as overdue', () => {
    const [, , , , , retention] = states
    const items = retentionDueList(retention, { ...judgedAt, policy: defaultPolicy })
    expect(items.map((i) => [i.subjectId, i.dataCategory, i.kind, i.status, i.dueAt])).toEqual([
      [BO, 'contact-details', 'customer', 'overdue', '2026-10-01T09:00:00.000Z'],
      [BO, 'subscriber-identity', 'customer', 'overdue', '2026-10-01T09:00:00.000Z'],
      [ANNA, 'call-records', 'traffic', 'overdue', '2026-10-20T02:00:00.000Z'],
      // Bookkeeping holds Bo's invoices until the end of the seventh year after 2024.
      [BO, 'billing-information', 'customer', 'due', '2031-12-31T23:00:00.000Z'],
    ])
  })

  it('is not overdue before the due date, and lists retained data on request', () => {
    const [, , , , , retention] = states
    const early = retentionDueList(retention, {
      ...judgedAt,
      now: '2026-09-30T00:00:00.000Z',
      policy: defaultPolicy,
      subjectId: BO,
    })
    expect(early.filter((i) => i.status === 'overdue')).toEqual([])
    const all = retentionDueList(retention, {
      ...judgedAt,
      policy: defaultPolicy,
      subjectId: ANNA,
      includeRetained: true,
    })
    expect(all.find((i) => i.dataCategory === 'contact-details')).toMatchObject({
      status: 'retained',
      reason: 'the customer relationship is ongoing',
    })
  })

  it('takes an erasure into account: Cleo’s support cases are gone', () => {
    const [, , , , , retention] = states
    const cleo = retentionDueList(retention, {
      ...judgedAt,
      policy: defaultPolicy,
      subjectId: CLEO,
      includeRetained: true,
    })
    expect(cleo.map((i) => i.dataCategory)).not.toContain('support-cases')
  })
})

describe('findings', () => {
  it('lists everything out of order in one list, each with its article', () => {
    const [register, , dsrs, breaches, , retention, judged] = states
    const list = findings({ findings: judged, dsrs, breaches, retention, register }, judgedAt)
    expect(list.map((f) => [f.source, f.rule, f.reference])).toEqual([
      ['transfer-without-mechanism', 'transfer.valid-mechanism', 'analytics-us'],
      ['imported-fact', 'transfer.valid-mechanism', 'processor-cloudcall'],
      ['stale-decision', 'consent.covering-consent', `processing-${CONTROLLER}-${ANNA}`],
      ['imported-fact', 'consent.covering-consent', `processing-${CONTROLLER}-${ANNA}`],
      ['recipients-not-notified', 'dsr.recipient-notification', 'dsr-cleo-erasure'],
      ['retention-overdue', 'retention.customer-data-overdue', `${BO}/contact-details`],
      ['retention-overdue', 'retention.customer-data-overdue', `${BO}/subscriber-identity`],
      ['late-breach-notification', 'breach.gdpr-authority', 'breach-misaddressed'],
      ['imported-fact', 'breach.reasons-for-delay', 'breach-breach-misaddressed'],
      ['retention-overdue', 'retention.traffic-data-overdue', `${ANNA}/call-records`],
      ['late-request', 'dsr.deadline', 'dsr-cleo-access'],
    ])
    for (const finding of list) expect(finding.article).not.toBe('')
    const race = list.find((f) => f.source === 'stale-decision')
    expect(race).toMatchObject({
      article: expect.stringContaining('GDPR Art. 6(1)(a)') as unknown,
      subjectId: ANNA,
      count: 1,
    })
  })

  it('judges nothing in a history recorded through gates alone', async () => {
    const race = scenario.store.log.events.find(
      (e) => e.id === '00000000-0000-4000-9000-000000000001',
    )
    const built = await replay(scenario.store, [findingsOfSE], {
      asOf: { position: (race?.position ?? 0n) - 1n },
    })
    if (E.isLeft(built)) throw new Error('replay failed')
    expect(findings({ findings: built.right.states[0] }, judgedAt)).toEqual([])
    const [, , dsrs, breaches, , retention, judged] = states
    expect(
      findings(
        { findings: judged, dsrs, breaches, retention },
        { ...judgedAt, controllerId: 'someone_else' },
      ),
    ).toEqual([])
  })
})

describe('consent timeline', () => {
  it('shows each consent with its notice version and channel, and the withdrawal', async () => {
    const timeline = await consentTimeline(scenario.store, {
      controllerId: CONTROLLER,
      subjectId: ANNA,
    })
    expect(timeline).toEqual(
      E.right({
        controllerId: CONTROLLER,
        subjectId: ANNA,
        purposes: [
          {
            purpose: 'marketing',
            periods: [
              {
                purpose: 'marketing',
                givenAt: '2026-06-01T10:00:00.000Z',
                noticeVersion: 'privacy-notice-2026-05',
                channel: 'web',
                withdrawnAt: '2026-07-01T10:00:00.000Z',
                withdrawnVia: 'app',
              },
            ],
          },
        ],
      }),
    )
  })

  it('answers the status at any time by the consent rule, withdrawal working forward only', async () => {
    const subject = await loadSubjectState(scenario.store, {
      controllerId: CONTROLLER,
      subjectId: ANNA,
    })
    if (E.isLeft(subject)) throw new Error('read failed')
    const at = (instant: string) =>
      consentStatusAt(subject.right.state, 'marketing', instant, SE).status
    expect(at('2026-06-01T09:59:59.999Z')).toBe('not-given')
    expect(at('2026-06-01T10:00:00.000Z')).toBe('given')
    expect(at('2026-06-30T23:00:00.000Z')).toBe('given')
    expect(at('2026-07-01T10:00:00.000Z')).toBe('not-given')
  })

  it('as of a position before the withdrawal was recorded, the consent is still open', async () => {
    const withdrawal = scenario.store.log.events.find((e) => e.type === 'ConsentWithdrawn')
    const timeline = await consentTimeline(scenario.store, {
      controllerId: CONTROLLER,
      subjectId: ANNA,
      asOf: { position: (withdrawal?.position ?? 0n) - 1n },
    })
    if (E.isLeft(timeline)) throw new Error('read failed')
    expect(timeline.right.purposes[0]?.periods[0]?.withdrawnAt).toBeUndefined()
  })
})

describe('access report (Art. 15)', () => {
  const context = (): AccessReportContext => {
    const [register, , dsrs, , disclosures] = states
    return { register, disclosures, dsrs }
  }

  it('gives purposes, categories, named recipients, retention, sources and a manifest', async () => {
    const report = await accessReport(scenario.store, context(), {
      controllerId: CONTROLLER,
      subjectId: ANNA,
      now: NOW,
    })
    if (E.isLeft(report)) throw new Error('report failed')
    const r = report.right
    expect(r.purposes.map((p) => [p.purpose, p.legalBases])).toEqual([
      ['billing', ['contract']],
      ['customer-support', ['contract']],
      ['marketing', ['consent']],
      ['service-delivery', ['contract']],
    ])
    expect(r.recipients).toMatchObject([
      { name: 'Inkasso Nord AB', dataCategories: ['billing-information'] },
    ])
    expect(r.sources).toEqual([
      {
        system: 'web-shop',
        dataCategories: ['contact-details', 'subscriber-identity'],
        firstCollectedAt: '2026-05-10T09:00:00.000Z',
      },
    ])
    // Only the periods of activities that kept Anna's data of that category.
    expect(
      r.retention.find((x) => x.dataCategory === 'call-records')?.rules.map((x) => x.activityId),
    ).toEqual(['act-billing', 'act-support'])
    // The support desk read call records from billing: it holds none.
    expect(r.manifest.map((m) => [m.system, m.held.map((h) => h.dataCategory)])).toEqual([
      ['cdr-pipeline', ['call-records']],
      ['crm', ['contact-details', 'usage-volumes']],
      ['web-shop', ['contact-details', 'subscriber-identity']],
    ])
    expect(r.processing.map((p) => p.occurredAt)).toEqual(
      [...r.processing.map((p) => p.occurredAt)].sort((a, b) => (a < b ? -1 : 1)),
    )
    expect(r.processing.some((p) => p.actorId === 'agent-42' && p.action === 'read')).toBe(true)
  })

  it('leaves the police disclosure under a gag out until the gag ends', async () => {
    const during = await accessReport(scenario.store, context(), {
      controllerId: CONTROLLER,
      subjectId: ANNA,
      now: NOW,
    })
    const after = await accessReport(scenario.store, context(), {
      controllerId: CONTROLLER,
      subjectId: ANNA,
      now: '2027-02-01T00:00:00.000Z',
    })
    if (E.isLeft(during) || E.isLeft(after)) throw new Error('report failed')
    expect(during.right.authorities).toEqual([])
    expect(after.right.authorities).toMatchObject([
      {
        requestId: 'police-se-1',
        authority: { name: 'Polismyndigheten' },
        dataCategories: ['call-records'],
      },
    ])
  })

  it('names an authority disclosure without a gag, and the subject’s own requests', async () => {
    const bo = await accessReport(scenario.store, context(), {
      controllerId: CONTROLLER,
      subjectId: BO,
      now: NOW,
    })
    const cleo = await accessReport(scenario.store, context(), {
      controllerId: CONTROLLER,
      subjectId: CLEO,
      now: NOW,
    })
    if (E.isLeft(bo) || E.isLeft(cleo)) throw new Error('report failed')
    expect(bo.right.authorities.map((a) => a.authority.name)).toEqual(['Politiet'])
    expect(cleo.right.requests.map((q) => [q.kind, q.status])).toEqual([
      ['erasure', 'fulfilled'],
      ['access', 'open'],
      ['portability', 'open'],
    ])
    // The erased support cases are no longer in the manifest.
    expect(cleo.right.manifest.flatMap((m) => m.held.map((h) => h.dataCategory))).not.toContain(
      'support-cases',
    )
    expect(cleo.right.erasures).toMatchObject([{ systems: ['support-desk'], method: 'deleted' }])
  })

  it('is empty for an unknown subject, not an error', async () => {
    const report = await accessReport(scenario.store, context(), {
      controllerId: CONTROLLER,
      subjectId: 'sub-unknown',
      now: NOW,
    })
    expect(
      E.isRight(report) &&
        report.right.processing.length === 0 &&
        report.right.manifest.length === 0,
    ).toBe(true)
  })
})

describe('store errors', () => {
  it('surface as StoreUnavailable from reports and replays', async () => {
    const s = await buildScenario()
    s.store.log.unavailable = true
    const report = await accessReport(s.store, (await loadReportContext(scenario.store)) as never, {
      controllerId: CONTROLLER,
      subjectId: ANNA,
      now: NOW,
    })
    expect(report).toMatchObject({ _tag: 'Left', left: { _tag: 'StoreUnavailable' } })
    expect(await loadReportContext(s.store)).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'StoreUnavailable' },
    })
  })
})

it('uses the jurisdiction given: Norway counts the same request in Oslo time', () => {
  const [, , dsrs] = states
  const rows = dsrTracker(dsrs, { now: NOW, jurisdiction: jurisdictions.NO })
  expect(rows.map((r) => r.dueDate)).toEqual(['2026-10-01', '2026-11-01', '2026-12-15'])
})

import { streamIds } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  accessReport,
  assembleCopy,
  assembleExport,
  fulfilSubjectRequest,
  loadReportContext,
  parseAsOf,
  type DataSource,
  type DataSourceRequest,
  type DataSources,
} from '../src'
import { CLEO, CONTROLLER, NOW, buildScenario } from './scenario'

/** The backend's systems, answering from a small fake register keyed by pseudonym. */
const backend = (asked: DataSourceRequest[] = []): DataSources => {
  const source = (records: Record<string, unknown[]>): DataSource => ({
    fetch: async (request) => {
      asked.push(request)
      return E.right(
        request.dataCategories.map((dataCategory) => ({
          dataCategory,
          records: (records[dataCategory] ?? []) as never,
        })),
      )
    },
  })
  return {
    crm: source({
      'subscriber-identity': [{ customerNo: 'C-1001', name: 'Cleo Lind' }],
      'contact-details': [{ email: 'cleo@example.se', phone: '+46 70 123 45 67' }],
      'usage-volumes': [{ month: '2026-07', gigabytes: 14.2 }],
    }),
    billing: source({ 'billing-information': [{ invoice: 'INV-88', amount: 349 }] }),
  }
}

const reportFor = async (subjectId: string) => {
  const scenario = await buildScenario()
  const context = await loadReportContext(scenario.store)
  if (E.isLeft(context)) throw new Error('replay failed')
  const report = await accessReport(scenario.store, context.right, {
    controllerId: CONTROLLER,
    subjectId,
    now: NOW,
  })
  if (E.isLeft(report)) throw new Error('report failed')
  return { scenario, context: context.right, report: report.right }
}

describe('the Art. 15(3) copy and the Art. 20 export', () => {
  it('asks each system in the manifest for the categories it holds, and nothing else', async () => {
    const { report } = await reportFor(CLEO)
    const asked: DataSourceRequest[] = []
    const copy = await assembleCopy(report, backend(asked))
    expect(asked.map((a) => [a.system, a.dataCategories, a.purpose])).toEqual([
      ['billing', ['billing-information'], 'copy'],
      ['crm', ['contact-details', 'subscriber-identity', 'usage-volumes'], 'copy'],
    ])
    if (E.isLeft(copy)) throw new Error('copy failed')
    expect(copy.right.format).toBe('gdpr-ledger/art15-copy')
    expect(
      copy.right.systems[1]?.data.map((d) => [d.dataCategory, d.legalBases, d.records.length]),
    ).toEqual([
      ['contact-details', ['contract'], 1],
      ['subscriber-identity', ['contract'], 1],
      ['usage-volumes', ['consent'], 1],
    ])
  })

  it('limits the export to data processed on consent or contract', async () => {
    const { report } = await reportFor(CLEO)
    const asked: DataSourceRequest[] = []
    const exported = await assembleExport(report, backend(asked))
    // Billing data kept under the bookkeeping obligation is not portable.
    expect(asked.map((a) => a.system)).toEqual(['crm'])
    if (E.isLeft(exported)) throw new Error('export failed')
    expect(exported.right).toMatchObject({
      format: 'gdpr-ledger/art20-export',
      formatVersion: 1,
      controllerId: CONTROLLER,
      subjectId: CLEO,
      systems: [{ system: 'crm' }],
    })
    expect(JSON.parse(JSON.stringify(exported.right))).toEqual(exported.right)
  })

  it('refuses to assemble without a source for every system in the manifest', async () => {
    const { report } = await reportFor(CLEO)
    const { billing } = backend()
    expect(await assembleCopy(report, { billing: billing! })).toEqual(
      E.left({ _tag: 'MissingDataSource', systems: ['crm'] }),
    )
  })

  it('refuses a source that answers with a category it was not asked for, or with non-JSON', async () => {
    const { report } = await reportFor(CLEO)
    const sources = backend()
    const leaky: DataSource = {
      fetch: async () =>
        E.right([{ dataCategory: 'call-records', records: [{ to: '+4670000000' }] }]),
    }
    expect(await assembleExport(report, { ...sources, crm: leaky })).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'DataSourceMisbehaved', system: 'crm' },
    })
    const odd: DataSource = {
      fetch: async () =>
        E.right([{ dataCategory: 'contact-details', records: [{ since: new Date() } as never] }]),
    }
    expect(await assembleExport(report, { ...sources, crm: odd })).toMatchObject({
      _tag: 'Left',
      left: {
        _tag: 'DataSourceMisbehaved',
        reason: expect.stringContaining('not JSON') as unknown,
      },
    })
    const down: DataSource = {
      fetch: async (r) =>
        E.left({ _tag: 'DataSourceFailed', system: r.system, reason: 'CRM unreachable' }),
    }
    expect(await assembleCopy(report, { ...sources, crm: down })).toEqual(
      E.left({ _tag: 'DataSourceFailed', system: 'crm', reason: 'CRM unreachable' }),
    )
  })
})

describe('fulfilling a request with the copy or the export', () => {
  it('records the fulfilment of the portability request with the delivery reference', async () => {
    const { scenario, context } = await reportFor(CLEO)
    const done = await fulfilSubjectRequest({
      ledger: scenario.ledger,
      context,
      sources: backend(),
      requestId: 'dsr-cleo-portability',
      actor: 'privacy-desk',
      channel: 'app',
      now: NOW,
      deliveryRef: 'art20-export-2026-118',
    })
    if (E.isLeft(done)) throw new Error(`refused: ${done.left._tag}`)
    expect(done.right.data.format).toBe('gdpr-ledger/art20-export')
    const stream = await scenario.store.readStream(streamIds.dsr('dsr-cleo-portability'))
    if (E.isLeft(stream)) throw new Error('read failed')
    const last = stream.right.events[stream.right.events.length - 1]
    expect(last?.type).toBe('RequestFulfilled')
    expect(JSON.parse(last?.data ?? '{}')).toEqual({
      requestId: 'dsr-cleo-portability',
      channel: 'app',
      deliveryRef: 'art20-export-2026-118',
    })
  })

  it('answers an access request with the copy and a generated reference', async () => {
    const { scenario, context } = await reportFor(CLEO)
    const done = await fulfilSubjectRequest({
      ledger: scenario.ledger,
      context,
      sources: backend(),
      requestId: 'dsr-cleo-access',
      actor: 'privacy-desk',
      channel: 'email',
      now: NOW,
    })
    if (E.isLeft(done)) throw new Error(`refused: ${done.left._tag}`)
    expect(done.right.data.format).toBe('gdpr-ledger/art15-copy')
    expect(done.right.deliveryRef).toMatch(/^art15-copy-[0-9a-f-]{36}$/)
  })

  it('writes nothing when the request cannot be answered so, or a source fails', async () => {
    const { scenario, context } = await reportFor(CLEO)
    const before = scenario.store.log.events.length
    const attempt = (requestId: string, sources: DataSources = backend()) =>
      fulfilSubjectRequest({
        ledger: scenario.ledger,
        context,
        sources,
        requestId,
        actor: 'privacy-desk',
        channel: 'email',
        now: NOW,
      })
    expect(await attempt('dsr-cleo-erasure')).toMatchObject({
      left: { _tag: 'RequestNotFulfillable', reason: 'the request is fulfilled' },
    })
    expect(await attempt('dsr-nobody')).toMatchObject({
      left: { _tag: 'RequestNotFulfillable', reason: 'no request with this id is received' },
    })
    expect(await attempt('dsr-cleo-access', { billing: backend().billing! })).toMatchObject({
      left: { _tag: 'MissingDataSource' },
    })
    expect(scenario.store.log.events.length).toBe(before)
  })
})

describe('as of', () => {
  it('reads a position or an instant, and refuses anything else with a typed error', () => {
    expect(parseAsOf('1500')).toEqual(E.right({ position: 1500n }))
    expect(parseAsOf('0')).toEqual(E.right({ position: 0n }))
    expect(parseAsOf('2026-11-23T12:00:00+01:00')).toEqual(
      E.right({ time: '2026-11-23T11:00:00.000Z' }),
    )
    for (const bad of ['', '-1', '01', '2026-11-23', 'yesterday', '1e3'])
      expect(parseAsOf(bad)).toEqual(
        E.left({
          _tag: 'InvalidInput',
          issues: [{ path: 'asOf', expected: 'a global position or an RFC 3339 instant' }],
        }),
      )
  })
})

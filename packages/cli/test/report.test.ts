import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInMemoryStore, createLedger, type InMemoryEventStore } from '@gdpr-ledger/core'
import { parse } from 'csv-parse/sync'
import * as fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CONTROLLER,
  EXIT,
  recordTelecomDay,
  runCli,
  runReport,
  simulatedDay,
  type CliIO,
  type OpenedStore,
  type ReportOptions,
} from '../src'

/** The demo's day, 23 November 2026 (the day before "now"), recorded in memory. */
const NOW = new Date('2026-11-24T12:00:00.000Z')
let store: InMemoryEventStore
let subjectId: string

beforeAll(async () => {
  store = createInMemoryStore()
  const day = simulatedDay(NOW)
  const ledger = createLedger({ store, clock: day.clock })
  const recorded = await recordTelecomDay(ledger, day, 'c0ffee01')
  subjectId = recorded.subjectId
})

const capture = () => {
  const out: string[] = []
  const err: string[] = []
  const io: CliIO = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    interactive: false,
    cwd: process.cwd(),
  }
  return { io, out, err }
}

const opened = (s: InMemoryEventStore = store): OpenedStore => ({
  store: s,
  description: 'in-memory',
  close: async () => undefined,
})

const report = async (name: string, options: ReportOptions = {}, s?: InMemoryEventStore) => {
  const c = capture()
  const code = await runReport(c.io, opened(s), name, options, () => NOW)
  return { code, out: c.out, err: c.err, text: c.out.join('\n') }
}

describe('gdpr-ledger report over the demo’s day', () => {
  it('prints who processed what, when and why, for one subject', async () => {
    const { code, out, err } = await report('processing-log', { subject: subjectId })
    expect(err).toEqual([])
    expect(code).toBe(EXIT.ok)
    expect(out[0]).toContain(
      `Who processed what, when and why — controller ${CONTROLLER}, subject ${subjectId}`,
    )
    expect(out.join('\n')).toMatch(
      /agent-42 \(support-agent\)\s+support-desk\s+read\s+call-records\s+customer-support\s+contract\s+act-support/,
    )
  })

  it('writes CSV a spreadsheet reads back, and JSON with positions as strings', async () => {
    const csv = await report('processing-log', { subject: subjectId, format: 'csv' })
    const rows = parse(csv.text)
    expect(rows[0]).toEqual([
      'when',
      'subject',
      'who',
      'system',
      'did',
      'what',
      'why',
      'legal basis',
      'activity',
      'imported',
    ])
    // A list in one cell keeps its comma inside quotes.
    expect(rows.find((r) => r[4] === 'collect')?.[5]).toBe('subscriber-identity, contact-details')
    const json = await report('processing-log', { subject: subjectId, format: 'json' })
    const parsed = JSON.parse(json.text) as { entries: { position: string; subjectId: string }[] }
    expect(parsed.entries.length).toBe(rows.length - 1)
    expect(parsed.entries.every((e) => /^\d+$/.test(e.position) && e.subjectId === subjectId)).toBe(
      true,
    )
  })

  it('filters the processing log by actor and time, and marks a truncated answer', async () => {
    const agent = await report('processing-log', { actor: 'agent-42', format: 'json' })
    expect((JSON.parse(agent.text) as { entries: unknown[] }).entries).toHaveLength(1)
    const limited = await report('processing-log', { limit: '1' })
    expect(limited.out[0]).toContain('first 1 entries (raise --limit)')
  })

  it('prints the Art. 30 record, and the record as it stood at position 1', async () => {
    const now = await report('art30')
    expect(now.text).toContain('Billing and invoice disputes')
    expect(now.text).toContain('CloudCall AB')
    const then = await report('art30', { asOf: '1', format: 'json' })
    const records = JSON.parse(then.text) as { activities: { activityId: string }[] }[]
    expect(records.flatMap((r) => r.activities.map((a) => a.activityId))).toEqual([
      'act-service-delivery',
    ])
  })

  it('prints the consent timeline and the access report of the subject', async () => {
    const timeline = await report('consent-timeline', { subject: subjectId, format: 'csv' })
    const [, marketing] = parse(timeline.text)
    expect(marketing?.slice(0, 1)).toEqual(['marketing'])
    expect(marketing?.[2]).toBe('privacy-notice-2026-10')
    expect(marketing?.[3]).toBe('web')
    expect(marketing?.[5]).toBe('app')
    const access = await report('access-report', { subject: subjectId })
    expect(access.code).toBe(EXIT.ok)
    expect(access.text).toContain('(a) Purposes')
    expect(access.text).toContain('Manifest: which systems hold which data')
    // The police disclosure is under a gag for 90 days.
    expect(access.text).not.toContain('Polismyndigheten')
  })

  it('judges clocks at an explicit --now: the breach clock runs, then is late (exit 1)', async () => {
    const running = await report('findings', { now: '2026-11-24T12:00:00Z' })
    expect(running.code).toBe(EXIT.ok)
    expect(running.text).toContain('(none)')
    const late = await report('findings', { now: '2026-11-27T12:00:00Z', format: 'json' })
    expect(late.code).toBe(EXIT.findings)
    const list = JSON.parse(late.text) as { rule: string; article: string }[]
    expect(list.map((f) => f.rule)).toContain('breach.gdpr-authority')
    expect(list.every((f) => f.article.length > 0)).toBe(true)
  })

  it('prints the registers: breaches, disclosures and their statistics, sub-processors, DSRs, retention', async () => {
    expect((await report('breaches')).text).toMatch(/gdpr-authority\s+2026-11-26T\S+\s+running/)
    expect((await report('disclosures')).text).toMatch(/Polismyndigheten\s+SE\s+yes/)
    expect((await report('disclosure-statistics', { format: 'csv' })).text).toContain(
      'Polismyndigheten,SE,yes,1,1,0,0,0',
    )
    expect((await report('sub-processors')).text).toContain('Google Cloud EMEA Ltd')
    expect((await report('dsr')).text).toContain('(none)')
    expect((await report('retention')).code).toBe(EXIT.ok)
    expect((await report('processing-summary')).text).toMatch(/act-billing\s+1\s+142/)
  })

  it('refuses bad options as usage errors, writing nothing', async () => {
    const before = store.log.events.length
    const cases: [string, ReportOptions, RegExp][] = [
      ['no-such-report', {}, /unknown report "no-such-report"/],
      ['access-report', {}, /give --subject/],
      ['art30', { asOf: 'yesterday' }, /--as-of takes/],
      ['dsr', { now: '24/11/2026' }, /--now takes/],
      ['dsr', { jurisdiction: 'US' }, /--jurisdiction is one of SE, NO, DK, FI/],
      ['processing-log', { limit: '0' }, /--limit/],
      ['processing-log', { from: 'monday' }, /--from takes/],
    ]
    for (const [name, options, message] of cases) {
      const result = await report(name, options)
      expect(result.code).toBe(EXIT.usage)
      expect(result.err.join('\n')).toMatch(message)
    }
    expect(store.log.events.length).toBe(before)
  })

  it('asks for --controller when the ledger has several', async () => {
    const two = createInMemoryStore()
    const day = simulatedDay(NOW)
    await recordTelecomDay(createLedger({ store: two, clock: day.clock }), day, 'aaaa0001')
    await createLedger({ store: two }).declareProcessingActivity({
      controllerId: 'switchboard_customer_1',
      actor: 'dpo',
      activityId: 'act-acme-switchboard',
      name: 'Switchboard answering',
      role: 'controller',
      controller: { name: 'Acme AB', contact: 'it@acme.example' },
      purposes: ['switchboard-answering'],
      legalBases: [{ basis: 'contract' }],
      subjectCategories: ['callers'],
      dataCategories: ['contact-details'],
      recipients: [],
      transfers: [],
      retention: [
        { kind: 'period', dataCategory: 'contact-details', period: 'P12M', from: 'collected' },
      ],
      securityMeasures: { kind: 'described', measures: ['encryption at rest'] },
    })
    const ambiguous = await report('processing-log', {}, two)
    expect(ambiguous.code).toBe(EXIT.usage)
    expect(ambiguous.err.join('\n')).toContain(
      'several controllers are registered (nordtele_se, switchboard_customer_1)',
    )
    expect((await report('processing-log', { controller: CONTROLLER }, two)).code).toBe(EXIT.ok)
  })

  it('exits 3 when the store is unavailable', async () => {
    const down = createInMemoryStore()
    down.log.unavailable = true
    const result = await report('art30', {}, down)
    expect(result.code).toBe(EXIT.storeUnavailable)
    expect(result.err.join('\n')).toContain('store unavailable')
  })

  it('gives the same answer as of a time as a replay as of the position then (property)', async () => {
    const events = store.log.events
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: events.length - 1 }), async (i) => {
        const event = events[i]!
        // The demo records in time order, so the last event recorded by a time is at a position.
        const byPosition = await report('art30', {
          asOf: event.position.toString(),
          format: 'json',
        })
        const byTime = await report('art30', { asOf: event.recordedAt, format: 'json' })
        const last = events.filter((e) => e.recordedAt <= event.recordedAt).at(-1)!
        const atLast = await report('art30', { asOf: last.position.toString(), format: 'json' })
        expect(byTime.text).toBe(atLast.text)
        expect(byPosition.code).toBe(EXIT.ok)
      }),
      { numRuns: 20 },
    )
  })
})

describe('gdpr-ledger report on a PGlite store', () => {
  let cwd: string
  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'gdpr-ledger-report-'))
  })
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true })
  })

  it('reports after the demo, and again from the saved checkpoints', async () => {
    const run = async (args: string[]) => {
      const c = capture()
      const io = { ...c.io, cwd }
      return { code: await runCli(args, io), ...c }
    }
    expect((await run(['demo'])).code).toBe(EXIT.ok)
    const first = await run(['report', 'disclosures', '--format', 'json'])
    expect(first.code).toBe(EXIT.ok)
    expect(JSON.parse(first.out.join('\n'))).toMatchObject([
      { authority: { name: 'Polismyndigheten' } },
    ])
    const second = await run(['report', 'disclosures', '--format', 'json'])
    expect(second.out).toEqual(first.out)
    const usage = await run(['report', 'art30', '--format', 'xml'])
    expect(usage.code).toBe(EXIT.usage)
  }, 120_000)
})

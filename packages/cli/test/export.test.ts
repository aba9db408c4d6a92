import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createInMemoryStore,
  createLedger,
  streamIds,
  type InMemoryEventStore,
} from '@gdpr-ledger/core'
import type { DataSources } from '@gdpr-ledger/projections'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  EXIT,
  CONTROLLER,
  importSources,
  recordTelecomDay,
  runExport,
  simulatedDay,
  type CliIO,
  type ExportOptions,
  type SourcesLoader,
} from '../src'

const NOW = new Date('2026-11-24T12:00:00.000Z')
let store: InMemoryEventStore
let subjectId: string
let cwd: string

/** The demo's day, and two requests from its subscriber the next morning. */
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'gdpr-ledger-export-'))
  store = createInMemoryStore()
  const day = simulatedDay(NOW)
  const ledger = createLedger({ store, clock: day.clock })
  subjectId = (await recordTelecomDay(ledger, day, 'be5e1a2b')).subjectId
  for (const [requestId, kind] of [
    ['dsr-portability-1', 'portability'],
    ['dsr-access-1', 'access'],
  ] as const) {
    const received = await createLedger({ store, clock: () => NOW }).receiveRequest({
      controllerId: CONTROLLER,
      actor: 'privacy-desk',
      requestId,
      subjectId,
      kind,
      channel: 'app',
    })
    if (E.isLeft(received)) throw new Error('request refused')
  }
})
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true })
})

const sources: DataSources = {
  'web-shop': {
    fetch: async (r) =>
      E.right(
        r.dataCategories.map((dataCategory) => ({
          dataCategory,
          records: [{ from: 'web-shop', dataCategory }],
        })),
      ),
  },
  crm: {
    fetch: async (r) =>
      E.right(
        r.dataCategories.map((dataCategory) => ({
          dataCategory,
          records: [{ from: 'crm', dataCategory }],
        })),
      ),
  },
  'cdr-pipeline': {
    fetch: async (r) =>
      E.right(
        r.dataCategories.map((dataCategory) => ({ dataCategory, records: [{ calls: 142 }] })),
      ),
  },
}

const run = async (
  options: ExportOptions,
  loader: SourcesLoader = async () => E.right(sources),
) => {
  const out: string[] = []
  const err: string[] = []
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false, cwd }
  const code = await runExport(
    io,
    { store, description: 'in-memory', close: async () => undefined },
    subjectId,
    options,
    loader,
    () => NOW,
  )
  return { code, out, err, json: () => JSON.parse(out.join('\n')) as Record<string, unknown> }
}

describe('gdpr-ledger export', () => {
  it('without --sources prints what the export holds and from which systems', async () => {
    const result = await run({})
    expect(result.code).toBe(EXIT.ok)
    expect(result.json()).toMatchObject({
      format: 'gdpr-ledger/art20-manifest',
      controllerId: CONTROLLER,
      subjectId,
      systems: [
        {
          system: 'cdr-pipeline',
          held: [{ dataCategory: 'call-records', legalBases: ['contract'] }],
        },
        {
          system: 'crm',
          held: [{ dataCategory: 'contact-details' }, { dataCategory: 'usage-volumes' }],
        },
        { system: 'web-shop' },
      ],
    })
    expect(result.err.join('\n')).toContain('no --sources')
  })

  it('assembles the Art. 20 JSON from the sources', async () => {
    const result = await run({ sources: './sources.mjs' })
    expect(result.code).toBe(EXIT.ok)
    const exported = result.json() as {
      format: string
      systems: { system: string; data: { dataCategory: string }[] }[]
    }
    expect(exported.format).toBe('gdpr-ledger/art20-export')
    expect(exported.systems.map((s) => [s.system, s.data.map((d) => d.dataCategory)])).toEqual([
      ['cdr-pipeline', ['call-records']],
      ['crm', ['contact-details', 'usage-volumes']],
      ['web-shop', ['contact-details', 'subscriber-identity']],
    ])
  })

  it('loads the sources from a module the backend writes', async () => {
    await writeFile(
      join(cwd, 'sources.mjs'),
      `export const dataSources = {
        crm: { fetch: async (r) => ({ _tag: 'Right', right: r.dataCategories.map((dataCategory) => ({ dataCategory, records: [] })) }) },
      }\n`,
    )
    const loaded = await importSources('./sources.mjs', cwd)
    expect(E.isRight(loaded) && Object.keys(loaded.right)).toEqual(['crm'])
    await writeFile(join(cwd, 'nothing.mjs'), 'export const other = 1\n')
    expect(await importSources('./nothing.mjs', cwd)).toEqual(
      E.left('--sources: the module exports no `dataSources` (an object of { fetch } by system)'),
    )
    expect(await importSources('./missing.mjs', cwd)).toEqual(
      E.left('--sources: the module could not be loaded'),
    )
    // Through the command: the module lacks the other systems.
    const partial = await run({ sources: './sources.mjs' }, importSources)
    expect(partial.code).toBe(EXIT.usage)
    expect(partial.err.join('\n')).toBe('no data source for system(s): cdr-pipeline, web-shop')
  })

  it('records the fulfilment of the portability request, once', async () => {
    const before = store.log.events.length
    const first = await run({
      sources: 'x',
      request: 'dsr-portability-1',
      actor: 'privacy-desk',
      channel: 'app',
    })
    expect(first.code).toBe(EXIT.ok)
    expect(first.err.join('\n')).toMatch(
      /fulfilment of dsr-portability-1 recorded: delivery reference art20-export-/,
    )
    expect(store.log.events.length).toBe(before + 1)
    const stream = await store.readStream(streamIds.dsr('dsr-portability-1'))
    expect(E.isRight(stream) && stream.right.events.at(-1)?.type).toBe('RequestFulfilled')
    const again = await run({ sources: 'x', request: 'dsr-portability-1' })
    expect(again.code).toBe(EXIT.findings)
    expect(again.err.join('\n')).toContain('the request is fulfilled')
    expect(store.log.events.length).toBe(before + 1)
  })

  it('refuses what an export cannot do, writing nothing', async () => {
    const before = store.log.events.length
    const access = await run({ sources: 'x', request: 'dsr-access-1' })
    expect(access.code).toBe(EXIT.findings)
    expect(access.err.join('\n')).toContain('is of kind access, not portability')
    expect((await run({ request: 'dsr-portability-1' })).code).toBe(EXIT.usage)
    expect((await run({ asOf: 'soon' })).code).toBe(EXIT.usage)
    expect((await run({ channel: 'pigeon' })).code).toBe(EXIT.usage)
    const leaky = await run({ sources: 'x' }, async () =>
      E.right({
        ...sources,
        crm: {
          fetch: async () => E.right([{ dataCategory: 'location', records: [{ cell: 'A-17' }] }]),
        },
      }),
    )
    expect(leaky.code).toBe(EXIT.findings)
    expect(leaky.err.join('\n')).toContain('data source crm refused')
    expect(leaky.out).toEqual([])
    expect(store.log.events.length).toBe(before)
  })
})

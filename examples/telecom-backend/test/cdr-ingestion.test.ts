import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLedger, jurisdictions } from '@gdpr-ledger/core'
import { postgresStore, type PostgresEventStore } from '@gdpr-ledger/postgres'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestCallRecords } from '../src/cdr-ingestion'
import type { CallRecord } from '../src/tables'
import { freshDatabase, startService, type RunningService } from './support/service'

/** The CDR job: grouped per subscriber and batch, refusals reported, and its command line. */
let url: string
let service: RunningService
let store: PostgresEventStore

const signUp = async (): Promise<string> => {
  const response = await service.call('POST', '/subscribers', {
    name: 'Nils Berg',
    email: 'nils.berg@example.se',
    msisdn: '+46709876543',
    noticeVersion: 'privacy-notice-2026-10',
  })
  return response.body.subjectId as string
}
const call = (subjectId: string, i: number): CallRecord => ({
  subjectId,
  startedAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
  callee: '+4687654321',
  durationSeconds: 10 + i,
  cellId: 'gbg-0117',
})
const billingEvents = async (reference: string) =>
  (
    await service.pool.query<{ data: string }>(
      "SELECT data FROM gdpr_ledger.events WHERE type = 'DataProcessed' AND data LIKE $1",
      [`%"reference":"${reference}%`],
    )
  ).rows.map(
    (r) => JSON.parse(r.data) as { subjectId: string; recordCount: number; reference: string },
  )

beforeAll(async () => {
  url = await freshDatabase()
  service = await startService(url)
  const opened = await postgresStore({ pool: service.pool })
  if (E.isLeft(opened)) throw new Error(opened.left.reason)
  store = opened.right
})
afterAll(async () => {
  await store.close()
  await service.stop()
})

describe('CDR ingestion', () => {
  it('records per subscriber and batch the number of records, whatever the batch size (property)', async () => {
    const subscribers = [await signUp(), await signUp(), await signUp()]
    const ledger = createLedger({ store, jurisdiction: jurisdictions.SE })
    let run = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 2 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 16 }),
        async (owners, batchSize) => {
          run += 1
          const records = owners.map((owner, i) => call(subscribers[owner] ?? '', i))
          const progress: number[] = []
          const result = await ingestCallRecords(records, {
            ledger,
            db: service.pool,
            controllerId: 'nordtele_se',
            batchSize,
            runId: `p${run}`,
            onProgress: (done) => progress.push(done),
          })
          expect(E.isRight(result)).toBe(true)
          const events = await billingEvents(`cdr-p${run}-`)
          // Every record is counted once, in the batch it arrived in.
          expect(events.reduce((sum, e) => sum + e.recordCount, 0)).toBe(records.length)
          for (let start = 0, b = 1; start < records.length; start += batchSize, b++) {
            const batch = records.slice(start, start + batchSize)
            const inBatch = events.filter((e) => e.reference === `cdr-p${run}-${b}`)
            expect(new Set(inBatch.map((e) => e.subjectId))).toEqual(
              new Set(batch.map((r) => r.subjectId)),
            )
          }
          expect(progress.at(-1)).toBe(records.length)
        },
      ),
      { numRuns: 15 },
    )
  })

  it('stores but does not bill a restricted subscriber, and reports the rule', async () => {
    const restricted = await signUp()
    const open = await signUp()
    const ledger = createLedger({ store, jurisdiction: jurisdictions.SE })
    const restriction = await ledger.restrictProcessing({
      controllerId: 'nordtele_se',
      actor: 'privacy-desk',
      subjectId: restricted,
      ground: 'accuracy-contested',
    })
    expect(E.isRight(restriction)).toBe(true)
    const result = await ingestCallRecords(
      [call(restricted, 1), call(open, 2), call(restricted, 3)],
      {
        ledger,
        db: service.pool,
        controllerId: 'nordtele_se',
        runId: 'restricted',
      },
    )
    expect(result).toEqual(
      E.right({
        records: 3,
        batches: 1,
        recorded: 1,
        unknownSubscriberRecords: 0,
        refused: [{ subjectId: restricted, rule: 'restriction.storage-only' }],
      }),
    )
    const stored = await service.pool.query(
      'SELECT 1 FROM telecom.call_records WHERE subject_id = $1',
      [restricted],
    )
    expect(stored.rowCount).toBe(2)
  })

  it(
    'runs from the command line with a progress bar, and a re-run of the file bills nothing twice',
    { timeout: 180_000 },
    async () => {
      const subjectId = await signUp()
      const dir = mkdtempSync(join(tmpdir(), 'cdrs-'))
      const file = join(dir, 'calls.ndjson')
      writeFileSync(
        file,
        Array.from({ length: 2500 }, (_, i) => JSON.stringify(call(subjectId, i))).join('\n'),
      )
      const job = () =>
        spawnSync(
          process.execPath,
          ['--conditions=@gdpr-ledger/source', '--import', 'tsx', 'src/ingest-cdrs-cli.ts', file],
          {
            cwd: join(import.meta.dirname, '..'),
            env: { ...process.env, DATABASE_URL: url },
            encoding: 'utf8',
          },
        )
      const first = job()
      expect(first.status).toBe(0)
      expect(first.stdout).toContain(
        '2500 call records in 3 batches: billing recorded for 3 subscriber batches, 0 refused',
      )
      expect(first.stderr).toMatch(/billing .* 2500\/2500 call records/)
      expect(first.stdout + first.stderr).not.toContain('+4687654321')
      const again = job()
      expect(again.status).toBe(0)
      const billed = await service.pool.query<{ n: string }>(
        "SELECT count(*) AS n FROM gdpr_ledger.events WHERE type = 'DataProcessed' AND data LIKE $1",
        [`%"subjectId":"${subjectId}"%"system":"billing"%`],
      )
      expect(billed.rows[0]?.n).toBe('3')
    },
  )

  it(
    'refuses a file that is not call records, naming the field, never the value',
    { timeout: 60_000 },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'cdrs-'))
      const file = join(dir, 'calls.ndjson')
      writeFileSync(file, JSON.stringify({ subjectId: '+46701234567', startedAt: 'yesterday' }))
      const job = spawnSync(
        process.execPath,
        ['--conditions=@gdpr-ledger/source', '--import', 'tsx', 'src/ingest-cdrs-cli.ts', file],
        {
          cwd: join(import.meta.dirname, '..'),
          env: { ...process.env, DATABASE_URL: url },
          encoding: 'utf8',
        },
      )
      expect(job.status).toBe(2)
      expect(job.stderr).toContain('0.subjectId')
      expect(job.stderr).not.toContain('+46701234567')
    },
  )
})

import {
  DoubleLog,
  startEventStoreDBDouble,
  type EventStoreDBDouble,
} from '@gdpr-ledger/eventstoredb-double'
import { eventStoreDBStore, type EventStoreDBStore } from '@gdpr-ledger/eventstoredb'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runTelecomDayReports, unexpectedSteps } from '../src/telecom-day-reports'

/**
 * The example as CI runs it: against the in-process double (or the server in
 * `ESDB_CONNECTION_STRING`), twice, the second run resuming the projections from the
 * checkpoints the first saved in EventStoreDB.
 */

let double: EventStoreDBDouble | undefined
let connectionString: string
beforeAll(async () => {
  const server = process.env.ESDB_CONNECTION_STRING
  if (server !== undefined) connectionString = server
  else {
    double = await startEventStoreDBDouble({
      log: new DoubleLog({ maxAppendSize: 8 * 1024 * 1024 }),
    })
    connectionString = double.connectionString
  }
})
afterAll(async () => {
  await double?.close()
})

const namespace = `example_${Date.now().toString(36)}`
const open = (): EventStoreDBStore =>
  eventStoreDBStore({ connectionString, namespace, maxAppendSize: 8 * 1024 * 1024 })

it('writes a telecom day to EventStoreDB and prints the three reports from the projections', async () => {
  const lines: string[] = []
  const store = open()
  const now = new Date('2026-11-24T12:00:00Z')
  const reports = await runTelecomDayReports({ store, print: (line) => lines.push(line), now })
  await store.close()
  if (E.isLeft(reports)) throw new Error(reports.left)
  const { subjectId, steps, processing, disclosures, breaches, catchUp } = reports.right

  expect(unexpectedSteps(steps)).toEqual([])
  // Who processed what, when and why: the subscriber's records, in order, with their reasons.
  expect(processing.every((e) => e.subjectId === subjectId)).toBe(true)
  expect(processing.map((e) => [e.actorId, e.action, e.purpose])).toEqual([
    ['web-shop', 'collect', 'service-delivery'],
    ['campaign-engine', 'use', 'marketing'],
    ['cdr-rating', 'analyse', 'billing'],
    ['agent-42', 'read', 'customer-support'],
  ])
  expect(lines.join('\n')).toContain(`Who processed what, when and why: subscriber ${subjectId}`)
  // The disclosure statistics: the police request, complied with.
  expect(disclosures.requests).toMatchObject({ total: 1, complied: 1, refused: 0, pending: 0 })
  expect(disclosures.byAuthority.map((a) => a.authority.name)).toEqual(['Polismyndigheten'])
  // The breach clocks: a telecom provider's breach outside its public service falls under
  // GDPR (and NIS2); at noon the next day the 72-hour authority clock is still running.
  expect(breaches).toHaveLength(1)
  const authority = breaches[0]!.clocks.find((c) => c.obligation === 'gdpr-authority')
  expect(authority?.dueAt).toBe('2026-11-26T16:20:00.000Z')
  expect(lines.some((l) => l.includes('gdpr-authority'))).toBe(true)
  expect(catchUp.events).toBeGreaterThan(0)
})

const countAfter = async (store: EventStoreDBStore, after: bigint): Promise<number> => {
  let count = 0
  for (let position = after; ;) {
    const page = await store.readAll({ after: position })
    if (E.isLeft(page)) throw new Error(page.left.reason)
    const last = page.right[page.right.length - 1]
    if (last === undefined) return count
    count += page.right.length
    position = last.position
  }
}

it('resumes the projections from their checkpoints in EventStoreDB on the next run', async () => {
  const store = open()
  const saved = await store.projections.load('breach-register')
  if (E.isLeft(saved) || saved.right === undefined) throw new Error('no checkpoint saved')
  const reports = await runTelecomDayReports({
    store,
    print: () => undefined,
    now: new Date('2026-11-25T12:00:00Z'),
  })
  if (E.isLeft(reports)) throw new Error(reports.left)
  const since = await countAfter(store, saved.right.position)
  const total = await countAfter(store, 0n)
  await store.close()
  // Only what came after the saved checkpoint is read; the first day comes from the snapshot.
  expect(reports.right.catchUp.events).toBe(since)
  expect(since).toBeLessThan(total)
  expect(reports.right.disclosures.requests.total).toBe(2)
  expect(reports.right.breaches).toHaveLength(2)
})

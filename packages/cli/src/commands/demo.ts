import { randomUUID } from 'node:crypto'
import {
  createLedger,
  describeError,
  readEvent,
  streamIds,
  type RecordedEvent,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { formatTable, type CliIO } from '../io'
import type { OpenedStore } from '../store-spec'
import { simulatedDay } from '../demo/simulated-clock'
import { CONTROLLER, recordTelecomDay } from '../demo/telecom-day'
import { runVerify } from './verify'

const stockholm = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  hour: '2-digit',
  minute: '2-digit',
})
const time = (instant: string) => stockholm.format(new Date(instant))

/** Who processed what, when and why: one subscriber's processing records as a table. */
export const processingHistory = (events: readonly RecordedEvent[]): string[] => {
  const rows = events.flatMap((event) => {
    if (event.type !== 'DataProcessed') return []
    const d = event.data
    return [
      [
        time(event.occurredAt),
        `${d.actorId} (${d.actorRole})`,
        d.system,
        d.action,
        d.dataCategories.join(', '),
        d.purpose,
        d.legalBasis,
        d.activityId,
      ],
    ]
  })
  return formatTable(
    ['when (Stockholm)', 'who', 'system', 'did', 'what', 'why', 'legal basis', 'activity'],
    rows,
  )
}

/** `gdpr-ledger demo`: records a day at a Nordic operator and shows one subscriber's history. */
export const runDemo = async (io: CliIO, opened: OpenedStore): Promise<number> => {
  const day = simulatedDay(new Date())
  const ledger = createLedger({ store: opened.store, clock: day.clock })
  const run = randomUUID().slice(0, 8)
  io.out(`gdpr-ledger demo: a day at Nordtele AB (${opened.description})`)
  io.out('')
  const { subjectId, steps } = await recordTelecomDay(ledger, day, run)
  const stepRows = steps.map((s) => [
    time(s.at),
    s.what,
    s.detail === undefined
      ? s.outcome
      : `${s.outcome}${s.refusalExpected ? ' (as it should be)' : ''}: ${s.detail}`,
  ])
  for (const line of formatTable(['at (Stockholm)', 'what happened', 'ledger'], stepRows))
    io.out(line)
  const unexpected = steps.filter((s) => (s.outcome === 'refused') !== s.refusalExpected)

  io.out('')
  io.out(`Who processed what, when and why: subscriber ${subjectId} (controller ${CONTROLLER})`)
  const slice = await opened.store.readStream(streamIds.processing(CONTROLLER, subjectId))
  if (E.isLeft(slice)) {
    io.err(describeError(slice.left))
    return 3
  }
  const events: RecordedEvent[] = []
  for (const stored of slice.right.events) {
    const event = readEvent(stored)
    if (E.isRight(event)) events.push(event.right)
  }
  for (const line of processingHistory(events)) io.out(line)

  io.out('')
  const checkpoint = await ledger.checkpoint()
  if (E.isLeft(checkpoint)) {
    io.err(describeError(checkpoint.left))
    return 3
  }
  const verified = await runVerify(io, opened)
  return verified !== 0 ? verified : unexpected.length > 0 ? 1 : 0
}

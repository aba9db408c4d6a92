import { randomUUID } from 'node:crypto'
import {
  CONTROLLER,
  formatTable,
  recordTelecomDay,
  simulatedDay,
  type DayStep,
} from '@gdpr-ledger/cli'
import { SE, createLedger, type Jurisdiction } from '@gdpr-ledger/core'
import type { EventStoreDBStore } from '@gdpr-ledger/eventstoredb'
import {
  breachRegister,
  breachRegisterProjection,
  collectProcessing,
  createProjectionRunner,
  describeProjectionError,
  disclosureRegisterProjection,
  disclosureStatistics,
  type BreachRow,
  type CatchUpResult,
  type DisclosureStatistics,
  type ProcessingEntry,
} from '@gdpr-ledger/projections'
import * as E from 'fp-ts/lib/Either.js'

/**
 * The example: a day at a Nordic operator written through the ledger into EventStoreDB, then
 * the projections run against the same EventStoreDB (their checkpoints in snapshot streams
 * beside the ledger) and three reports printed: who processed what, when and why for the day's
 * subscriber; the authority-disclosure statistics; the breach clocks.
 */

export interface TelecomDayReports {
  readonly subjectId: string
  readonly steps: readonly DayStep[]
  /** What the projection runner read: a second run reads only what came after its checkpoint. */
  readonly catchUp: CatchUpResult
  readonly processing: readonly ProcessingEntry[]
  readonly disclosures: DisclosureStatistics
  readonly breaches: readonly BreachRow[]
}

export interface ExampleOptions {
  readonly store: EventStoreDBStore
  readonly print: (line: string) => void
  /** The day recorded is the one before this instant (default: now). */
  readonly now?: Date
  readonly jurisdiction?: Jurisdiction
}

const stockholm = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  dateStyle: 'short',
  timeStyle: 'short',
})
const local = (instant: string | undefined) =>
  instant === undefined ? '' : stockholm.format(new Date(instant))

/** Runs the example; returns the reports it printed, or why it could not. */
export const runTelecomDayReports = async (
  options: ExampleOptions,
): Promise<E.Either<string, TelecomDayReports>> => {
  const { store, print } = options
  const now = options.now ?? new Date()
  const jurisdiction = options.jurisdiction ?? SE

  // 1. Write the day through the ledger: gates refuse what breaks a rule, nothing else changes.
  const day = simulatedDay(now)
  const ledger = createLedger({ store, clock: day.clock })
  const { subjectId, steps } = await recordTelecomDay(ledger, day, randomUUID().slice(0, 8))
  const recorded = steps.filter((s) => s.outcome !== 'refused').length
  print(
    `Recorded a day at ${CONTROLLER} in EventStoreDB (namespace ${store.namespace}): ${recorded} steps recorded, ${steps.length - recorded} refused by the gates`,
  )
  for (const s of steps.filter((step) => step.outcome === 'refused'))
    print(`  refused, as it should be: ${s.what} (${s.detail ?? ''})`)

  // 2. Catch the projections up from their checkpoints, saved in EventStoreDB.
  const runner = createProjectionRunner({
    store,
    checkpoints: store.projections,
    projections: [disclosureRegisterProjection, breachRegisterProjection] as const,
  })
  const caughtUp = await runner.catchUp()
  if (E.isLeft(caughtUp)) return E.left(describeProjectionError(caughtUp.left))
  print(
    `Projections caught up: ${caughtUp.right.events} events read, checkpoints saved in ${store.namespace}.projection-*`,
  )

  // 3. Who processed what, when and why, for the day's subscriber.
  const processing = await collectProcessing(store, { controllerId: CONTROLLER, subjectId })
  if (E.isLeft(processing)) return E.left(describeProjectionError(processing.left))
  print('')
  print(`Who processed what, when and why: subscriber ${subjectId} (controller ${CONTROLLER})`)
  for (const line of formatTable(
    ['when (Stockholm)', 'who', 'system', 'did', 'what', 'why', 'legal basis'],
    processing.right.entries.map((e) => [
      local(e.occurredAt),
      e.actorRole === undefined ? e.actorId : `${e.actorId} (${e.actorRole})`,
      e.system ?? '',
      e.action,
      e.dataCategories.join(', '),
      e.purpose,
      e.ePrivacyBasis === undefined
        ? e.legalBasis
        : `${e.legalBasis} / ePrivacy ${e.ePrivacyBasis}`,
    ]),
  ))
    print(line)

  // 4. The ePrivacy art. 15(1b) statistics of disclosures to authorities.
  const disclosures = disclosureStatistics(runner.state(disclosureRegisterProjection), {
    controllerId: CONTROLLER,
  })
  print('')
  print(
    `Disclosures to authorities (${CONTROLLER}): ${disclosures.requests.total} requests, ${disclosures.requests.complied} complied, ${disclosures.requests['partially-complied']} partially, ${disclosures.requests.refused} refused, ${disclosures.requests.pending} pending`,
  )
  const counts = (c: DisclosureStatistics['requests']) => [
    String(c.total),
    String(c.complied),
    String(c['partially-complied']),
    String(c.refused),
    String(c.pending),
  ]
  const columns = ['requests', 'complied', 'partially', 'refused', 'pending']
  for (const line of formatTable(
    ['authority', 'country', 'in EEA', ...columns],
    disclosures.byAuthority.map((a) => [
      a.authority.name,
      a.authority.country,
      a.inEea ? 'yes' : 'no',
      ...counts(a),
    ]),
  ))
    print(line)
  for (const line of formatTable(
    ['statute', ...columns],
    disclosures.byStatute.map((s) => [s.statute, ...counts(s)]),
  ))
    print(line)

  // 5. The breach clocks, judged now.
  const breaches = breachRegister(runner.state(breachRegisterProjection), {
    now: now.toISOString(),
    jurisdiction,
    controllerId: CONTROLLER,
  })
  print('')
  print(`Breach clocks at ${local(now.toISOString())} (${jurisdiction.country} profile)`)
  for (const line of formatTable(
    ['breach', 'regime', 'obligation', 'article', 'due (Stockholm)', 'status'],
    breaches.flatMap((b) =>
      b.clocks.map((c) => [
        b.breachId,
        c.regime,
        c.obligation,
        c.article,
        local(c.dueAt),
        c.note === undefined ? c.status : `${c.status}: ${c.note}`,
      ]),
    ),
  ))
    print(line)

  return E.right({
    subjectId,
    steps,
    catchUp: caughtUp.right,
    processing: processing.right.entries,
    disclosures,
    breaches,
  })
}

/** Steps the ledger answered otherwise than the day expects (a refusal that should not be, or none where one should). */
export const unexpectedSteps = (steps: readonly DayStep[]): readonly DayStep[] =>
  steps.filter((s) => (s.outcome === 'refused') !== s.refusalExpected)

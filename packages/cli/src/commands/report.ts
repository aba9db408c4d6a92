import {
  Instant,
  createInMemoryProjectionStore,
  defaultPolicy,
  jurisdictions,
  type EventStore,
  type Jurisdiction,
  type ProjectionStore,
} from '@gdpr-ledger/core'
import {
  breachRegisterProjection,
  createProjectionRunner,
  describeProjectionError,
  disclosureRegisterProjection,
  dsrTrackerProjection,
  findingsProjection,
  parseAsOf,
  processingSummaryProjection,
  registerControllers,
  registerProjection,
  replay,
  retentionProjection,
  type AsOf,
  type BreachRegisterState,
  type DisclosureRegisterState,
  type DsrTrackerState,
  type FindingsState,
  type ProcessingSummaryState,
  type ProjectionError,
  type RegisterState,
  type RetentionState,
} from '@gdpr-ledger/projections'
import * as E from 'fp-ts/lib/Either.js'
import type { CliIO } from '../io'
import { progressBar } from '../progress'
import type { OpenedStore } from '../store-spec'
import { renderReport, type ReportFormat } from './report-format'
import {
  REPORT_NAMES,
  reportBuilders,
  type LedgerStates,
  type ReportName,
  type ReportOptions,
} from './report-tables'

export { REPORT_NAMES } from './report-tables'
export type { LedgerStates, ReportName, ReportOptions } from './report-tables'

const projectionsFor = (jurisdiction: Jurisdiction) =>
  [
    registerProjection,
    processingSummaryProjection,
    dsrTrackerProjection,
    breachRegisterProjection,
    disclosureRegisterProjection,
    retentionProjection,
    // Findings are judged under one profile: each profile keeps its own checkpoint.
    findingsProjection({ jurisdiction, name: `findings-${jurisdiction.country.toLowerCase()}` }),
  ] as const

/** The store's own projection table when it has one (PostgreSQL, PGlite), else memory. */
const checkpointsOf = (store: EventStore): ProjectionStore => {
  const own = (store as Partial<{ projections: ProjectionStore }>).projections
  return own !== undefined && typeof own.load === 'function' && typeof own.save === 'function'
    ? own
    : createInMemoryProjectionStore()
}

/**
 * The projections as the ledger stands now (caught up from their checkpoints, which are saved
 * again) or as it stood at `asOf` (replayed afresh), counting the events read on stderr.
 */
export const loadLedgerStates = async (
  io: CliIO,
  store: EventStore,
  jurisdiction: Jurisdiction,
  asOf: AsOf | undefined,
): Promise<E.Either<ProjectionError, LedgerStates>> => {
  const bar = progressBar(io, asOf === undefined ? 'catching up' : 'replaying')
  const onProgress = (events: number) => {
    bar.update(events)
  }
  const projections = projectionsFor(jurisdiction)
  let states: E.Either<ProjectionError, unknown[]>
  if (asOf === undefined) {
    const runner = createProjectionRunner({
      store,
      checkpoints: checkpointsOf(store),
      projections,
      onProgress,
    })
    const caughtUp = await runner.catchUp()
    states = E.map(() => runner.states() as unknown[])(caughtUp)
  } else {
    const built = await replay(store, projections, { asOf, onProgress })
    states = E.map((b: { states: unknown[] }) => b.states)(built)
  }
  bar.stop()
  return E.map((s: unknown[]): LedgerStates => {
    const [register, summary, dsrs, breaches, disclosures, retention, judged] = s as [
      RegisterState,
      ProcessingSummaryState,
      DsrTrackerState,
      BreachRegisterState,
      DisclosureRegisterState,
      RetentionState,
      FindingsState,
    ]
    return { register, summary, dsrs, breaches, disclosures, retention, findings: judged }
  })(states)
}

/** Reports about one subject need `--subject`; those that read a controller's log need one. */
const NEEDS_SUBJECT: ReadonlySet<ReportName> = new Set(['access-report', 'consent-timeline'])
const NEEDS_CONTROLLER: ReadonlySet<ReportName> = new Set([
  'processing-log',
  'access-report',
  'consent-timeline',
])

const isReportName = (name: string): name is ReportName =>
  (REPORT_NAMES as readonly string[]).includes(name)

const instant = (
  value: string | undefined,
  option: string,
): E.Either<string, string | undefined> => {
  if (value === undefined) return E.right(undefined)
  const decoded = Instant.decode(value)
  return E.isRight(decoded) ? E.right(decoded.right) : E.left(`${option} takes an RFC 3339 instant`)
}

/** The checked options of a report, or the usage error to print. */
interface Checked {
  readonly name: ReportName
  readonly format: ReportFormat
  readonly asOf: AsOf | undefined
  readonly now: string
  readonly jurisdiction: Jurisdiction
  readonly limit: number
  readonly options: ReportOptions
}

const check = (
  name: string,
  options: ReportOptions,
  clock: () => Date,
): E.Either<string, Checked> => {
  if (!isReportName(name))
    return E.left(`unknown report "${name}": one of ${REPORT_NAMES.join(', ')}`)
  const format = options.format ?? 'table'
  if (format !== 'table' && format !== 'json' && format !== 'csv')
    return E.left('--format is table, json or csv')
  const asOf = options.asOf === undefined ? E.right(undefined) : parseAsOf(options.asOf)
  if (E.isLeft(asOf))
    return E.left('--as-of takes a global position (digits) or an RFC 3339 instant')
  const now = instant(options.now, '--now')
  if (E.isLeft(now)) return now
  for (const [value, option] of [
    [options.from, '--from'],
    [options.to, '--to'],
  ] as const) {
    const checked = instant(value, option)
    if (E.isLeft(checked)) return checked
  }
  const code = (options.jurisdiction ?? 'SE').toUpperCase()
  const jurisdiction = (jurisdictions as Record<string, Jurisdiction | undefined>)[code]
  if (jurisdiction === undefined)
    return E.left(`--jurisdiction is one of ${Object.keys(jurisdictions).join(', ')}`)
  const limit = options.limit === undefined ? 1000 : Number(options.limit)
  if (!Number.isSafeInteger(limit) || limit < 1) return E.left('--limit takes a whole number ≥ 1')
  if (NEEDS_SUBJECT.has(name) && options.subject === undefined)
    return E.left(`the ${name} report is about one subject: give --subject`)
  return E.right({
    name,
    format,
    asOf: asOf.right,
    // Overdue and late are judged at an explicit time: --now, the --as-of time, or the clock.
    now:
      now.right ??
      (asOf.right !== undefined && 'time' in asOf.right ? asOf.right.time : clock().toISOString()),
    jurisdiction,
    limit,
    options: {
      ...options,
      ...(options.from === undefined
        ? {}
        : { from: (Instant.decode(options.from) as E.Right<string>).right }),
      ...(options.to === undefined
        ? {}
        : { to: (Instant.decode(options.to) as E.Right<string>).right }),
    },
  })
}

/**
 * `gdpr-ledger report <name>`: catches the projections up over the configured store (or
 * replays them as of a position or time) and prints the report as a table, JSON or CSV.
 * Exit code 1 when the findings or sub-processor report finds something, 2 on bad options,
 * 3 when the store is unavailable.
 */
export const runReport = async (
  io: CliIO,
  opened: OpenedStore,
  name: string,
  options: ReportOptions,
  clock: () => Date = () => new Date(),
): Promise<number> => {
  const checked = check(name, options, clock)
  if (E.isLeft(checked)) {
    io.err(checked.left)
    return 2
  }
  const c = checked.right
  const states = await loadLedgerStates(io, opened.store, c.jurisdiction, c.asOf)
  if (E.isLeft(states)) {
    io.err(describeProjectionError(states.left))
    return 3
  }
  let controllerId = c.options.controller
  if (controllerId === undefined && NEEDS_CONTROLLER.has(c.name)) {
    const known = registerControllers(states.right.register)
    if (known.length !== 1) {
      io.err(
        known.length === 0
          ? `no controller is registered in ${opened.description}: give --controller`
          : `several controllers are registered (${known.join(', ')}): give --controller`,
      )
      return 2
    }
    controllerId = known[0]
  }
  const built = await reportBuilders[c.name]({
    store: opened.store,
    states: states.right,
    asOf: c.asOf,
    now: c.now,
    jurisdiction: c.jurisdiction,
    policy: defaultPolicy,
    controllerId,
    subjectId: c.options.subject,
    options: c.options,
    limit: c.limit,
  })
  if (E.isLeft(built)) {
    io.err(describeProjectionError(built.left))
    return 3
  }
  for (const line of renderReport(built.right, c.format)) io.out(line)
  return (built.right.findings ?? 0) > 0 ? 1 : 0
}

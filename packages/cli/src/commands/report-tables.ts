/**
 * What each report shows: its title, its JSON and its tables, from the projections’ states.
 */
import type { EventStore, Jurisdiction, RulePolicy, TransferMechanism } from '@gdpr-ledger/core'
import {
  accessReport,
  art30ControllerRecord,
  art30ProcessorRecord,
  breachRegister,
  collectProcessing,
  consentTimeline,
  describeAsOf,
  disclosureRegister,
  disclosureStatistics,
  dsrTracker,
  findings,
  processingSummary,
  registerControllers,
  retentionDueList,
  transferRegister,
  type AccessReport,
  type AsOf,
  type BreachRegisterState,
  type ConsentTimeline,
  type DisclosureRegisterState,
  type DsrTrackerState,
  type FindingsState,
  type ProcessingEntry,
  type ProcessingSummaryState,
  type ProjectionError,
  type RegisterState,
  type ResponseCounts,
  type RetentionState,
} from '@gdpr-ledger/projections'
import * as E from 'fp-ts/lib/Either.js'
import { cell, list, type ReportOutput } from './report-format'

/** The reports `gdpr-ledger report <name>` makes. */
export const REPORT_NAMES = [
  'processing-log',
  'processing-summary',
  'art30',
  'art30-processor',
  'sub-processors',
  'access-report',
  'consent-timeline',
  'dsr',
  'breaches',
  'disclosures',
  'disclosure-statistics',
  'retention',
  'findings',
] as const
export type ReportName = (typeof REPORT_NAMES)[number]

/** The options of `gdpr-ledger report`, as commander hands them over. */
export interface ReportOptions {
  readonly subject?: string
  readonly controller?: string
  readonly asOf?: string
  readonly format?: string
  readonly now?: string
  readonly jurisdiction?: string
  readonly actor?: string
  readonly purpose?: string
  readonly activity?: string
  readonly from?: string
  readonly to?: string
  readonly limit?: string
}

/** The resident projections every report reads, in one pass over the log. */
export interface LedgerStates {
  readonly register: RegisterState
  readonly summary: ProcessingSummaryState
  readonly dsrs: DsrTrackerState
  readonly breaches: BreachRegisterState
  readonly disclosures: DisclosureRegisterState
  readonly retention: RetentionState
  readonly findings: FindingsState
}

/** What a report is made from. */
export interface ReportContext {
  readonly store: EventStore
  readonly states: LedgerStates
  readonly asOf: AsOf | undefined
  readonly now: string
  readonly jurisdiction: Jurisdiction
  readonly policy: RulePolicy
  readonly controllerId: string | undefined
  readonly subjectId: string | undefined
  readonly options: ReportOptions
  readonly limit: number
}

type Built = E.Either<ProjectionError, ReportOutput>

const scope = (ctx: ReportContext) =>
  ctx.controllerId === undefined ? {} : { controllerId: ctx.controllerId }

const header = (ctx: ReportContext, what: string) =>
  `${what}${ctx.controllerId === undefined ? '' : ` — controller ${ctx.controllerId}`}${ctx.subjectId === undefined ? '' : `, subject ${ctx.subjectId}`} (as of ${describeAsOf(ctx.asOf)}; judged at ${ctx.now}, ${ctx.jurisdiction.country})`

const mechanisms = (m: readonly TransferMechanism[]) => list(m.map((x) => x.kind))

const processingLog = async (ctx: ReportContext): Promise<Built> => {
  const controllerId = ctx.controllerId as string
  const { actor, purpose, activity, from, to } = ctx.options
  const collected = await collectProcessing(
    ctx.store,
    {
      controllerId,
      ...(ctx.subjectId === undefined ? {} : { subjectId: ctx.subjectId }),
      ...(actor === undefined ? {} : { actorId: actor }),
      ...(purpose === undefined ? {} : { purpose }),
      ...(activity === undefined ? {} : { activityId: activity }),
      ...(from === undefined ? {} : { occurredFrom: from }),
      ...(to === undefined ? {} : { occurredTo: to }),
      ...(ctx.asOf === undefined
        ? {}
        : 'position' in ctx.asOf
          ? { asOfPosition: ctx.asOf.position }
          : { asOfRecordedAt: ctx.asOf.time }),
    },
    { limit: ctx.limit },
  )
  return E.map(
    ({ entries, truncated }: { entries: readonly ProcessingEntry[]; truncated: boolean }) => ({
      title: `${header(ctx, 'Who processed what, when and why')}${truncated ? ` — first ${ctx.limit} entries (raise --limit)` : ''}`,
      json: { entries, truncated },
      tables: [
        {
          header: [
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
          ],
          rows: entries.map((e) => [
            e.occurredAt,
            e.subjectId,
            e.actorRole === undefined ? e.actorId : `${e.actorId} (${e.actorRole})`,
            e.system ?? e.recipient?.name ?? '',
            e.action,
            list(e.dataCategories),
            e.purpose,
            e.legalBasis,
            e.activityId,
            cell(e.imported),
          ]),
        },
      ],
    }),
  )(collected)
}

export const reportBuilders: Record<ReportName, (ctx: ReportContext) => Built | Promise<Built>> = {
  'processing-log': processingLog,

  'processing-summary': (ctx) => {
    const rows = processingSummary(ctx.states.summary, ctx.controllerId)
    return E.right({
      title: header(ctx, 'Processing per activity'),
      json: rows,
      tables: [
        {
          header: [
            'controller',
            'activity',
            'events',
            'records',
            'purposes',
            'legal bases',
            'systems',
            'imported',
            'first',
            'last',
          ],
          rows: rows.map((r) => [
            r.controllerId,
            r.activityId,
            cell(r.events),
            cell(r.records),
            list(r.purposes.map(([p]) => p)),
            list(r.legalBases.map(([b]) => b)),
            list(r.systems.map(([s]) => s)),
            cell(r.imported),
            r.firstOccurredAt,
            r.lastOccurredAt,
          ]),
        },
      ],
    })
  },

  art30: (ctx) => {
    const controllers =
      ctx.controllerId === undefined ? registerControllers(ctx.states.register) : [ctx.controllerId]
    const records = controllers.map((c) => art30ControllerRecord(ctx.states.register, c))
    return E.right({
      title: header(ctx, 'Record of processing activities, GDPR Art. 30(1)'),
      json: records,
      tables: [
        {
          header: [
            'controller',
            'activity',
            'name',
            'role',
            '(b) purposes',
            'legal bases',
            '(c) subjects',
            '(c) data',
            '(d) recipients',
            '(e) transfers',
            '(f) retention',
            '(g) security',
          ],
          rows: records.flatMap((record) =>
            record.activities.map((a) => [
              record.controllerId,
              a.activityId,
              a.name,
              a.role,
              list(a.purposes),
              list(
                a.legalBases.map((b) =>
                  [b.basis, b.ePrivacyBasis, b.specialCategoryCondition]
                    .filter((x) => x !== undefined)
                    .join('/'),
                ),
              ),
              list(a.subjectCategories),
              list(a.dataCategories),
              list(a.recipients.map((r) => `${r.name} (${r.country})`)),
              list(a.transfers.map((t) => `${t.country}: ${mechanisms(t.mechanisms)}`)),
              list(
                a.retention.map(
                  (r) =>
                    `${r.dataCategory}: ${r.kind === 'period' ? `${r.period} from ${r.from}` : r.kind === 'rule' ? `${r.rule}${r.maxPeriod === undefined ? '' : ` (max ${r.maxPeriod})`}` : 'not possible'}`,
                ),
              ),
              a.securityMeasures.kind === 'described'
                ? list(a.securityMeasures.measures)
                : `not possible: ${a.securityMeasures.reason}`,
            ]),
          ),
        },
        {
          title: 'Processors engaged (Art. 28; recipients under Art. 30(1)(d))',
          header: [
            'controller',
            'processor',
            'country',
            'purposes',
            'data',
            'agreement',
            'sub-processors',
          ],
          rows: records.flatMap((record) =>
            record.processors.map((p) => [
              record.controllerId,
              p.name,
              p.country,
              list(p.purposes),
              list(p.dataCategories),
              p.agreement,
              list(p.subProcessors.map((s) => `${s.name} (${s.country}, ${s.status})`)),
            ]),
          ),
        },
      ],
    })
  },

  'art30-processor': (ctx) => {
    const controllers =
      ctx.controllerId === undefined ? registerControllers(ctx.states.register) : [ctx.controllerId]
    const records = controllers.map((c) => art30ProcessorRecord(ctx.states.register, c))
    return E.right({
      title: header(ctx, 'Record of processing as a processor, GDPR Art. 30(2)'),
      json: records,
      tables: [
        {
          header: [
            'processor',
            'activity',
            'name',
            '(a) controllers',
            '(b) purposes',
            '(b) data',
            '(c) transfers',
            '(d) security',
          ],
          rows: records.flatMap((record) =>
            record.activities.map((a) => [
              record.controllerId,
              a.activityId,
              a.name,
              list(a.controllers.map((c) => c.name)),
              list(a.purposes),
              list(a.dataCategories),
              list(a.transfers.map((t) => `${t.country}: ${mechanisms(t.mechanisms)}`)),
              a.securityMeasures.kind === 'described'
                ? list(a.securityMeasures.measures)
                : `not possible: ${a.securityMeasures.reason}`,
            ]),
          ),
        },
      ],
    })
  },

  'sub-processors': (ctx) => {
    const rows = transferRegister(ctx.states.register, { at: ctx.now, ...scope(ctx) })
    return E.right({
      title: header(ctx, 'Sub-processors and transfers'),
      json: rows,
      findings: rows.filter((r) => r.flag !== undefined).length,
      tables: [
        {
          header: [
            'controller',
            'kind',
            'name',
            'country',
            'EEA',
            'purposes',
            'data',
            'mechanisms',
            'status',
            'since',
            'flag',
          ],
          rows: rows.map((r) => [
            r.controllerId,
            r.kind,
            r.name,
            r.country,
            cell(r.inEea),
            list(r.purposes),
            list(r.dataCategories),
            mechanisms(r.mechanisms),
            r.status,
            r.since,
            r.flag === undefined ? '' : `${r.flag.rule} (${r.flag.article})`,
          ]),
        },
      ],
    })
  },

  'access-report': async (ctx) => {
    const report = await accessReport(
      ctx.store,
      { register: ctx.states.register, disclosures: ctx.states.disclosures, dsrs: ctx.states.dsrs },
      {
        controllerId: ctx.controllerId as string,
        subjectId: ctx.subjectId as string,
        now: ctx.now,
        ...(ctx.asOf === undefined ? {} : { asOf: ctx.asOf }),
      },
    )
    return E.map((r: AccessReport): ReportOutput => ({
      title: header(ctx, 'Access report, GDPR Art. 15'),
      json: r,
      tables: [
        {
          title: 'Processing history',
          header: ['when', 'who', 'system', 'did', 'what', 'why', 'legal basis'],
          rows: r.processing.map((e) => [
            e.occurredAt,
            e.actorRole === undefined ? e.actorId : `${e.actorId} (${e.actorRole})`,
            e.system ?? e.recipient?.name ?? '',
            e.action,
            list(e.dataCategories),
            e.purpose,
            e.legalBasis,
          ]),
        },
        {
          title: '(a) Purposes',
          header: ['purpose', 'activities', 'legal bases'],
          rows: r.purposes.map((p) => [
            p.purpose,
            list(p.activities.map((a) => a.name ?? a.activityId)),
            list(p.legalBases),
          ]),
        },
        {
          title: '(b) Categories of personal data',
          header: ['category'],
          rows: r.dataCategories.map((c) => [c]),
        },
        {
          title: '(c) Recipients',
          header: ['recipient', 'kind', 'country', 'data', 'first', 'last'],
          rows: [
            ...r.recipients.map((x) => [
              x.name,
              x.kind,
              x.country,
              list(x.dataCategories),
              x.firstSharedAt,
              x.lastSharedAt,
            ]),
            ...r.authorities.map((a) => [
              a.authority.name,
              'authority',
              a.authority.country,
              list(a.dataCategories),
              a.disclosedAt,
              a.disclosedAt,
            ]),
          ],
        },
        {
          title: '(d) Retention',
          header: ['category', 'activity', 'period'],
          rows: r.retention.flatMap((x) =>
            x.rules.map((rule) => [
              x.dataCategory,
              rule.activityId,
              rule.kind === 'period'
                ? `${rule.period} from ${rule.from}`
                : rule.kind === 'rule'
                  ? rule.description
                  : `not possible: ${rule.reason}`,
            ]),
          ),
        },
        {
          title: '(g) Sources',
          header: ['system', 'data', 'first collected'],
          rows: r.sources.map((s) => [s.system, list(s.dataCategories), s.firstCollectedAt]),
        },
        {
          title: 'Art. 15(2) Transfers',
          header: ['activity', 'recipient', 'country', 'mechanisms'],
          rows: r.transfers.map((t) => [
            t.activityId,
            t.recipientId,
            t.country,
            mechanisms(t.mechanisms),
          ]),
        },
        {
          title:
            'Manifest: which systems hold which data (for the Art. 15(3) copy and the Art. 20 export)',
          header: ['system', 'category', 'legal bases', 'purposes'],
          rows: r.manifest.flatMap((m) =>
            m.held.map((h) => [m.system, h.dataCategory, list(h.legalBases), list(h.purposes)]),
          ),
        },
        {
          title: 'Requests',
          header: ['request', 'kind', 'received', 'status', 'closed'],
          rows: r.requests.map((q) => [
            q.requestId,
            q.kind,
            q.receivedAt,
            q.status,
            cell(q.closedAt),
          ]),
        },
      ],
    }))(report)
  },

  'consent-timeline': async (ctx) => {
    const timeline = await consentTimeline(ctx.store, {
      controllerId: ctx.controllerId as string,
      subjectId: ctx.subjectId as string,
      ...(ctx.options.purpose === undefined ? {} : { purpose: ctx.options.purpose }),
      ...(ctx.asOf === undefined ? {} : { asOf: ctx.asOf }),
    })
    return E.map((t: ConsentTimeline): ReportOutput => ({
      title: header(ctx, 'Consent timeline'),
      json: t,
      tables: [
        {
          header: ['purpose', 'given', 'notice version', 'channel', 'withdrawn', 'withdrawn via'],
          rows: t.purposes.flatMap((p) =>
            p.periods.map((x) => [
              p.purpose,
              x.givenAt,
              x.noticeVersion,
              x.channel,
              cell(x.withdrawnAt),
              cell(x.withdrawnVia),
            ]),
          ),
        },
      ],
    }))(timeline)
  },

  dsr: (ctx) => {
    const rows = dsrTracker(ctx.states.dsrs, {
      now: ctx.now,
      jurisdiction: ctx.jurisdiction,
      ...scope(ctx),
      ...(ctx.subjectId === undefined ? {} : { subjectId: ctx.subjectId }),
    })
    return E.right({
      title: header(ctx, 'Data-subject requests, GDPR Arts. 12-22'),
      json: rows,
      tables: [
        {
          header: [
            'request',
            'subject',
            'kind',
            'received',
            'due',
            'extended',
            'status',
            'timeliness',
            'overdue',
            'closed',
            'deletion confirmation',
          ],
          rows: rows.map((r) => [
            r.requestId,
            r.subjectId,
            r.kind,
            r.receivedAt,
            r.dueDate,
            r.extendedByMonths === 0 ? '' : `+${r.extendedByMonths} month(s)`,
            r.status,
            r.timeliness,
            cell(r.overdue),
            cell(r.closedAt),
            r.deletionConfirmation === undefined
              ? ''
              : `${r.deletionConfirmation.reference}: ${list(r.deletionConfirmation.systems)}`,
          ]),
        },
      ],
    })
  },

  breaches: (ctx) => {
    const rows = breachRegister(ctx.states.breaches, {
      now: ctx.now,
      jurisdiction: ctx.jurisdiction,
      ...scope(ctx),
    })
    return E.right({
      title: header(ctx, 'Breach register, GDPR Art. 33(5)'),
      json: rows,
      tables: [
        {
          header: [
            'breach',
            'detected',
            'regimes',
            'risk',
            'obligation',
            'due',
            'done',
            'status',
            'subjects',
          ],
          rows: rows.flatMap((b) =>
            b.clocks.map((c) => [
              b.breachId,
              b.detectedAt,
              list(b.regimes),
              cell(b.risk),
              c.obligation,
              cell(c.dueAt),
              cell(c.doneAt),
              c.status,
              b.subjectNotification,
            ]),
          ),
        },
      ],
    })
  },

  disclosures: (ctx) => {
    const rows = disclosureRegister(ctx.states.disclosures, {
      ...scope(ctx),
      ...(ctx.options.from === undefined ? {} : { from: ctx.options.from }),
      ...(ctx.options.to === undefined ? {} : { to: ctx.options.to }),
    })
    return E.right({
      title: header(ctx, 'Disclosures to authorities'),
      json: rows,
      tables: [
        {
          header: [
            'request',
            'authority',
            'country',
            'EEA',
            'statute',
            'received',
            'response',
            'records',
            'gag until',
          ],
          rows: rows.map((r) => [
            r.requestId,
            r.authority.name,
            r.authority.country,
            cell(r.authorityInEea),
            r.statute,
            r.receivedAt,
            r.response,
            cell(r.recordsDisclosed),
            cell(r.gagUntil),
          ]),
        },
      ],
    })
  },

  'disclosure-statistics': (ctx) => {
    const stats = disclosureStatistics(ctx.states.disclosures, {
      ...scope(ctx),
      ...(ctx.options.from === undefined ? {} : { from: ctx.options.from }),
      ...(ctx.options.to === undefined ? {} : { to: ctx.options.to }),
    })
    const counts = (c: ResponseCounts) => [
      cell(c.total),
      cell(c.complied),
      cell(c['partially-complied']),
      cell(c.refused),
      cell(c.pending),
    ]
    const period = `${ctx.options.from ?? 'the beginning'} to ${ctx.options.to ?? 'now'}`
    return E.right({
      title: header(ctx, `ePrivacy art. 15(1b) statistics, ${period}`),
      json: stats,
      tables: [
        {
          title: 'By authority',
          header: [
            'authority',
            'country',
            'EEA',
            'requests',
            'complied',
            'partially',
            'refused',
            'pending',
          ],
          rows: [
            ...stats.byAuthority.map((a) => [
              a.authority.name,
              a.authority.country,
              cell(a.inEea),
              ...counts(a),
            ]),
            ['all', '', '', ...counts(stats.requests)],
          ],
        },
        {
          title: 'By legal basis (statute)',
          header: ['statute', 'requests', 'complied', 'partially', 'refused', 'pending'],
          rows: stats.byStatute.map((s) => [s.statute, ...counts(s)]),
        },
      ],
    })
  },

  retention: (ctx) => {
    const items = retentionDueList(ctx.states.retention, {
      now: ctx.now,
      jurisdiction: ctx.jurisdiction,
      policy: ctx.policy,
      ...scope(ctx),
      ...(ctx.subjectId === undefined ? {} : { subjectId: ctx.subjectId }),
    })
    return E.right({
      title: header(ctx, 'Retention due-list'),
      json: items,
      tables: [
        {
          header: ['due', 'status', 'subject', 'category', 'kind', 'held since', 'why'],
          rows: items.map((i) => [
            cell(i.dueAt),
            i.status,
            i.subjectId,
            i.dataCategory,
            i.kind,
            i.heldSince,
            i.reason,
          ]),
        },
      ],
    })
  },

  findings: (ctx) => {
    const list_ = findings(
      {
        findings: ctx.states.findings,
        dsrs: ctx.states.dsrs,
        breaches: ctx.states.breaches,
        retention: ctx.states.retention,
        register: ctx.states.register,
      },
      { now: ctx.now, jurisdiction: ctx.jurisdiction, policy: ctx.policy, ...scope(ctx) },
    )
    return E.right({
      title: header(ctx, 'Findings'),
      json: list_,
      findings: list_.length,
      tables: [
        {
          header: ['at', 'source', 'rule', 'article', 'reference', 'count', 'explanation'],
          rows: list_.map((f) => [
            f.at,
            f.source,
            f.rule,
            f.article,
            f.reference,
            cell(f.count),
            f.explanation,
          ]),
        },
      ],
    })
  },
}

import {
  createInMemoryStore,
  createLedger,
  type CommandName,
  type ComplianceRule,
  type Decision,
  type EventStore,
  type LedgerError,
  type LedgerOptions,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'

/**
 * Random but meaningful command sequences for the invariant properties: a Nordic operator's
 * day-to-day over a few subscribers, activities, authority requests, breaches and requests,
 * so rules meet both lawful and unlawful acts (consent given and withdrawn around processing
 * and sharing, objections, restrictions, disclosures before and after assessment, late
 * notices).
 */

/** One command of a scenario, and the ledger clock's time when it runs. */
export interface ScenarioStep {
  readonly name: CommandName
  readonly command: Readonly<Record<string, unknown>>
  /** The clock when the step runs; gates happen at it, facts may carry an earlier `occurredAt`. */
  readonly at: string
}

const CONTROLLER = 'telco_se'
const SUBJECTS = ['sub-a1f3', 'sub-b7c2'] as const
const REQUESTS = ['req-1'] as const
const BREACHES = ['br-1', 'br-2'] as const
const DSRS = ['dsr-1'] as const
const CONSENT_PURPOSES = ['marketing', 'location-offers'] as const

const party = { name: 'Nordtele AB', contact: 'dataskydd@nordtele.example' }
const security = { kind: 'described', measures: ['encryption at rest', 'role-based access'] }
const PARTNER = {
  recipientId: 'rcp-partner',
  name: 'Partner Offers AB',
  kind: 'business-partner',
  country: 'SE',
} as const
const activity = (
  activityId: string,
  purposes: string[],
  legalBases: Record<string, string>[],
  dataCategories: string[],
  recipients: (typeof PARTNER)[] = [],
) => ({
  controllerId: CONTROLLER,
  actor: 'dpo-office',
  activityId,
  name: activityId,
  role: 'controller',
  controller: party,
  purposes,
  legalBases,
  subjectCategories: ['subscribers'],
  dataCategories,
  recipients,
  transfers: [],
  retention: dataCategories.map((dataCategory) => ({
    kind: 'period',
    dataCategory,
    period: 'P24M',
    from: 'relationship-ended',
  })),
  securityMeasures: security,
})

/** The Art. 30 records every scenario starts from. */
export const scenarioSetup = (at: string): ScenarioStep[] =>
  [
    activity(
      'act-billing',
      ['billing'],
      [{ basis: 'contract', ePrivacyBasis: 'billing' }],
      ['call-records', 'billing-information'],
    ),
    activity(
      'act-marketing',
      ['marketing', 'location-offers'],
      [{ basis: 'consent', ePrivacyBasis: 'consent' }, { basis: 'legitimate-interests' }],
      ['contact-details', 'usage-volumes', 'location'],
      [PARTNER],
    ),
    activity(
      'act-fraud',
      ['fraud-prevention'],
      [{ basis: 'legitimate-interests', ePrivacyBasis: 'fraud-and-security' }],
      ['call-records'],
    ),
  ].map((command) => ({ name: 'declareProcessingActivity', command, at }))

/** What processing the scenarios attempt: lawful on some histories, unlawful on others. */
const processingTemplates = [
  {
    activityId: 'act-marketing',
    purpose: 'marketing',
    legalBasis: 'consent',
    ePrivacyBasis: 'consent',
    dataCategories: ['usage-volumes'],
  },
  {
    activityId: 'act-marketing',
    purpose: 'location-offers',
    legalBasis: 'consent',
    ePrivacyBasis: 'consent',
    dataCategories: ['location'],
  },
  {
    activityId: 'act-marketing',
    purpose: 'marketing',
    legalBasis: 'legitimate-interests',
    dataCategories: ['contact-details'],
  },
  {
    activityId: 'act-billing',
    purpose: 'billing',
    legalBasis: 'contract',
    ePrivacyBasis: 'billing',
    dataCategories: ['call-records'],
  },
  {
    activityId: 'act-fraud',
    purpose: 'fraud-prevention',
    legalBasis: 'legitimate-interests',
    ePrivacyBasis: 'fraud-and-security',
    dataCategories: ['call-records'],
  },
] as const

/**
 * What the scenarios hand to a partner: traffic and location data for its offers (lawful on
 * consent with the ePrivacy consent ground only), and contact details (no ePrivacy ground).
 */
const sharingTemplates = [
  {
    purpose: 'marketing',
    legalBasis: 'consent',
    ePrivacyBasis: 'consent',
    dataCategories: ['usage-volumes'],
  },
  { purpose: 'marketing', legalBasis: 'consent', dataCategories: ['usage-volumes'] },
  {
    purpose: 'location-offers',
    legalBasis: 'consent',
    ePrivacyBasis: 'consent',
    dataCategories: ['location'],
  },
  { purpose: 'location-offers', legalBasis: 'legitimate-interests', dataCategories: ['location'] },
  { purpose: 'marketing', legalBasis: 'legitimate-interests', dataCategories: ['contact-details'] },
] as const

const HOUR = 3_600_000
const subject = fc.constantFrom(...SUBJECTS)
/** How long before the clock a fact happened: often now, sometimes hours or days earlier. */
const lag = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 6 * HOUR }),
  fc.integer({ min: 1, max: 40 * 24 * HOUR }),
)

type Draft = (at: number) => { name: CommandName; command: Record<string, unknown> }
const iso = (millis: number) => new Date(millis).toISOString()
const base = { controllerId: CONTROLLER }

/** Each kind of command with its weight: processing and consent often, the rest now and then. */
const drafts: { weight: number; arbitrary: fc.Arbitrary<Draft> }[] = [
  {
    weight: 4,
    arbitrary: fc
      .record({
        subjectId: subject,
        purpose: fc.constantFrom(...CONSENT_PURPOSES),
        lag,
        age: fc.option(fc.constantFrom(11, 15, 40), { nil: undefined }),
        parental: fc.boolean(),
      })
      .map((r) => (at) => ({
        name: 'giveConsent',
        command: {
          ...base,
          actor: 'web-shop',
          subjectId: r.subjectId,
          purpose: r.purpose,
          noticeVersion: 'notice-2026-10',
          channel: 'web',
          occurredAt: iso(at - r.lag),
          ...(r.age === undefined ? {} : { subjectAge: r.age, parentalAuthorisation: r.parental }),
        },
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ subjectId: subject, purpose: fc.constantFrom(...CONSENT_PURPOSES), lag })
      .map((r) => (at) => ({
        name: 'withdrawConsent',
        command: {
          ...base,
          actor: 'self-service-app',
          subjectId: r.subjectId,
          purpose: r.purpose,
          channel: 'app',
          occurredAt: iso(at - r.lag),
        },
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        subjectId: subject,
        scope: fc.constantFrom('direct-marketing', 'legitimate-interests'),
        lag,
      })
      .map((r) => (at) => ({
        name: 'raiseObjection',
        command: {
          ...base,
          actor: 'support',
          subjectId: r.subjectId,
          scope: r.scope,
          channel: 'phone',
          occurredAt: iso(at - r.lag),
        },
      })),
  },
  {
    weight: 1,
    arbitrary: subject.map((subjectId) => () => ({
      name: 'decideCompellingGrounds',
      command: {
        ...base,
        actor: 'legal',
        subjectId,
        purposes: ['fraud-prevention'],
        ground: 'legal-claims',
        decidedBy: { actorId: 'legal-7', role: 'legal-officer' },
        reasons: 'pending fraud case',
      },
    })),
  },
  {
    weight: 1,
    arbitrary: subject.map((subjectId) => () => ({
      name: 'restrictProcessing',
      command: { ...base, actor: 'support', subjectId, ground: 'accuracy-contested' },
    })),
  },
  {
    weight: 1,
    arbitrary: subject.map((subjectId) => () => ({
      name: 'liftRestriction',
      command: { ...base, actor: 'support', subjectId, reason: 'accuracy verified' },
    })),
  },
  {
    weight: 6,
    arbitrary: fc
      .record({
        subjectId: subject,
        template: fc.constantFrom(...processingTemplates),
        action: fc.constantFrom('read', 'use', 'store', 'analyse'),
      })
      .map((r) => () => ({
        name: 'recordProcessing',
        command: {
          ...base,
          actor: 'agent-42',
          subjectId: r.subjectId,
          actorId: 'agent-42',
          actorRole: 'support-agent',
          system: 'crm',
          ...r.template,
          dataCategories: [...r.template.dataCategories],
          action: r.action,
        },
      })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ subjectId: subject, template: fc.constantFrom(...sharingTemplates) })
      .map((r) => () => ({
        name: 'recordSharing',
        command: {
          ...base,
          actor: 'crm',
          subjectId: r.subjectId,
          activityId: 'act-marketing',
          recipientId: PARTNER.recipientId,
          recipientName: PARTNER.name,
          recipientKind: PARTNER.kind,
          country: PARTNER.country,
          ...r.template,
          dataCategories: [...r.template.dataCategories],
        },
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        requestId: fc.constantFrom(...REQUESTS),
        country: fc.constantFrom('SE', 'NO', 'US'),
        agreement: fc.boolean(),
        lag,
      })
      .map((r) => (at) => ({
        name: 'receiveAuthorityRequest',
        command: {
          ...base,
          actor: 'legal-desk',
          requestId: r.requestId,
          authority: {
            authorityId: `police-${r.country}`,
            name: 'Police',
            country: r.country,
            kind: 'police',
          },
          statute: 'LEK (2022:482) 9 kap. 31 §',
          scope: { subjectIds: [...SUBJECTS], dataCategories: ['call-records'] },
          occurredAt: iso(at - r.lag),
          ...(r.agreement ? { internationalAgreement: 'MLA treaty' } : {}),
        },
      })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        requestId: fc.constantFrom(...REQUESTS),
        decision: fc.constantFrom('comply', 'comply', 'partially-comply', 'refuse'),
        role: fc.constantFrom('legal-officer', 'legal-officer', 'legal-officer', 'support-agent'),
        // Sometimes recorded late: a re-assessment may then lie before an earlier-recorded one.
        lag: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 24 * HOUR })),
      })
      .map((r) => (at) => ({
        name: 'assessAuthorityRequest',
        command: {
          ...base,
          actor: 'legal-7',
          requestId: r.requestId,
          decision: r.decision,
          assessedBy: { actorId: 'legal-7', role: r.role },
          occurredAt: iso(at - r.lag),
        },
      })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ requestId: fc.constantFrom(...REQUESTS), subjectId: subject })
      .map((r) => () => ({
        name: 'discloseToAuthority',
        command: {
          ...base,
          actor: 'legal-7',
          requestId: r.requestId,
          subjectIds: [r.subjectId],
          dataCategories: ['call-records'],
          recordCount: 12,
          channel: 'secure-portal',
        },
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        breachId: fc.constantFrom(...BREACHES),
        publicEcsProvider: fc.boolean(),
        inPublicService: fc.boolean(),
        nis2Entity: fc.boolean(),
        role: fc.constantFrom('controller', 'processor'),
        lag: fc.integer({ min: 0, max: 80 * HOUR }),
      })
      .map(({ breachId, lag: back, ...flags }) => (at) => ({
        name: 'detectBreach',
        command: {
          ...base,
          actor: 'security-desk',
          breachId,
          detectedAt: iso(at - back),
          awareAt: iso(at - Math.floor(back / 2)),
          nature: ['confidentiality'],
          dataCategories: ['billing-information'],
          approxSubjects: 120,
          approxRecords: 120,
          ...flags,
          occurredAt: iso(at - Math.floor(back / 2)),
        },
      })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        breachId: fc.constantFrom(...BREACHES),
        regime: fc.constantFrom('gdpr', 'eprivacy', 'nis2'),
        stage: fc.constantFrom('initial', 'follow-up', 'early-warning', 'notification', 'final'),
        complete: fc.boolean(),
        reasons: fc.boolean(),
      })
      .map((r) => () => ({
        name: 'notifyAuthorityOfBreach',
        command: {
          ...base,
          actor: 'dpo-office',
          breachId: r.breachId,
          regime: r.regime,
          authority: 'IMY',
          stage: r.stage,
          complete: r.complete,
          ...(r.reasons ? { reasonsForDelay: 'forensic investigation' } : {}),
        },
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        breachId: fc.constantFrom(...BREACHES),
        risk: fc.constantFrom('none', 'risk', 'high'),
      })
      .map((r) => () => ({
        name: 'assessBreach',
        command: {
          ...base,
          actor: 'dpo-office',
          breachId: r.breachId,
          risk: r.risk,
          dataUnintelligible: false,
          assessedBy: { actorId: 'dpo-1', role: 'data-protection-officer' },
        },
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        requestId: fc.constantFrom(...DSRS),
        subjectId: subject,
        kind: fc.constantFrom('access', 'erasure'),
        lag,
      })
      .map((r) => (at) => ({
        name: 'receiveRequest',
        command: {
          ...base,
          actor: 'support',
          requestId: r.requestId,
          subjectId: r.subjectId,
          kind: r.kind,
          channel: 'email',
          occurredAt: iso(at - r.lag),
        },
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        requestId: fc.constantFrom(...DSRS),
        months: fc.constantFrom(1, 2),
        lag,
      })
      .map((r) => (at) => ({
        name: 'extendDeadline',
        command: {
          ...base,
          actor: 'dpo-office',
          requestId: r.requestId,
          months: r.months,
          reasons: 'the request spans five systems',
          noticeSentAt: iso(at - r.lag),
        },
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ requestId: fc.constantFrom(...DSRS), confirmed: fc.boolean() })
      .map((r) => (at) => ({
        name: 'fulfilRequest',
        command: {
          ...base,
          actor: 'support',
          requestId: r.requestId,
          channel: 'email',
          ...(r.confirmed
            ? {
                deletionConfirmation: {
                  systems: ['crm'],
                  confirmedAt: iso(at),
                  reference: 'DEL-1',
                },
              }
            : {}),
        },
      })),
  },
]

/**
 * A scenario: the Art. 30 setup, then up to `maxSteps` random commands, each a few minutes to
 * a few hours after the one before (from 2026-03-20, across the spring daylight-saving change).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check'
 * import { complianceScenarioArbitrary } from '@gdpr-ledger/testing'
 * fc.sample(complianceScenarioArbitrary({ maxSteps: 10 }), 1)
 * ```
 */
export const complianceScenarioArbitrary = (
  options: { readonly maxSteps?: number; readonly start?: string } = {},
): fc.Arbitrary<readonly ScenarioStep[]> => {
  const start = Date.parse(options.start ?? '2026-03-20T08:00:00.000Z')
  const maxSteps = options.maxSteps ?? 30
  return fc
    .array(fc.tuple(fc.oneof(...drafts), fc.integer({ min: 0, max: 8 * HOUR })), {
      minLength: Math.min(10, maxSteps),
      maxLength: maxSteps,
      size: 'max',
    })
    .map((seeds) => {
      let now = start
      const steps: ScenarioStep[] = scenarioSetup(iso(now))
      for (const [draft, gap] of seeds) {
        now += gap + 1
        steps.push({ ...draft(now), at: iso(now) })
      }
      return steps
    })
}

/** What a scenario run gives the properties to judge. */
export interface ScenarioRun {
  readonly store: EventStore
  /** Each step's result, in order. */
  readonly results: readonly E.Either<LedgerError, unknown>[]
  /** Every decision that passed the rules, as the rules saw it (the streams and their states). */
  readonly decisions: readonly Decision[]
}

/** How a property runs scenarios: the ledger's options and the store (default in-memory). */
export interface ScenarioOptions {
  readonly ledger?: Omit<LedgerOptions, 'store' | 'clock'>
  /** A fresh, empty store per run: run the invariants against your own adapter. */
  readonly store?: () => EventStore | Promise<EventStore>
}

/**
 * Runs a scenario through a ledger whose clock follows the steps, recording every decision
 * that passed the rules (a spy rule after the caller's own).
 *
 * @example
 * ```ts
 * import { complianceScenarioArbitrary, runScenario } from '@gdpr-ledger/testing'
 * const [steps] = fc.sample(complianceScenarioArbitrary(), 1)
 * const { store, results } = await runScenario(steps)
 * ```
 */
export const runScenario = async (
  steps: readonly ScenarioStep[],
  options: ScenarioOptions = {},
): Promise<ScenarioRun> => {
  const store = options.store === undefined ? createInMemoryStore() : await options.store()
  let now = new Date(steps[0]?.at ?? Date.now())
  const decisions: Decision[] = []
  const spy: ComplianceRule = (decision) => {
    decisions.push(decision)
    return E.right(undefined)
  }
  const ledger = createLedger({
    ...options.ledger,
    rules: [...(options.ledger?.rules ?? []), spy],
    store,
    clock: () => now,
  })
  const results: E.Either<LedgerError, unknown>[] = []
  for (const step of steps) {
    now = new Date(step.at)
    results.push(await ledger.execute(step.name, step.command))
  }
  return { store, results, decisions }
}

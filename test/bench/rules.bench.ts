/**
 * The compliance rule functions (issue 4) at the rate the projections call them (issue 7's
 * findings, DSR tracker, breach register and retention due-list run them per event or per
 * request during a replay), and a consent-gated processing command through the whole ledger
 * with every built-in rule. Rounds interleave the cases; figures are medians of calls/s.
 */
import {
  SE,
  breachClocks,
  breachDecider,
  coveringConsent,
  createInMemoryStore,
  createLedger,
  customerDataRetention,
  dsrTimeliness,
  settlementFor,
  subjectDecider,
  trafficDataRetention,
  type CommandInput,
  type DomainEvent,
  type LegalHoldRecord,
  type StreamEvent,
} from '@gdpr-ledger/core'
import { interleave, printResults, type BenchCase } from './harness'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const CALLS = 100_000
const GATES = 5_000
const START = Date.parse('2026-01-01T00:00:00.000Z')
// One instant per 7 minutes over a year and a half: a replay's spread of times and hours.
const instants = Array.from({ length: CALLS }, (_, i) =>
  new Date(START + i * 420_000).toISOString(),
)

const breach = [
  {
    type: 'BreachDetected',
    data: {
      breachId: 'br-1',
      detectedAt: '2026-03-28T20:00:00.000Z',
      awareAt: '2026-03-28T22:00:00.000Z',
      nature: ['confidentiality'],
      dataCategories: ['billing-information'],
      approxSubjects: 120,
      approxRecords: 120,
      role: 'controller',
      publicEcsProvider: true,
      inPublicService: false,
      nis2Entity: true,
    },
  },
  {
    type: 'AuthorityNotified',
    data: {
      breachId: 'br-1',
      regime: 'nis2',
      authority: 'CERT-SE',
      stage: 'early-warning',
      complete: false,
    },
  },
  {
    type: 'AuthorityNotified',
    data: {
      breachId: 'br-1',
      regime: 'nis2',
      authority: 'CERT-SE',
      stage: 'notification',
      complete: true,
    },
  },
  {
    type: 'AuthorityNotified',
    data: { breachId: 'br-1', regime: 'gdpr', authority: 'IMY', stage: 'initial', complete: true },
  },
].map((e, i) => ({
  ...e,
  occurredAt: new Date(Date.parse('2026-03-29T08:00:00.000Z') + i * 3_600_000).toISOString(),
  controllerId: 'telco_se',
})) as unknown as DomainEvent<StreamEvent<'breach'>>[]
const breachState = breach.reduce(breachDecider.evolve, breachDecider.initialState())

const consents = Array.from({ length: 10 }, (_, i) => ({
  type: i % 3 === 2 ? 'ConsentWithdrawn' : 'ConsentGiven',
  data: {
    subjectId: 'sub-1',
    purpose: i % 2 === 0 ? 'marketing' : 'location-offers',
    noticeVersion: 'n-1',
    channel: 'web',
  },
  occurredAt: new Date(START + i * 30 * 86_400_000).toISOString(),
  controllerId: 'telco_se',
})) as unknown as DomainEvent<StreamEvent<'subject'>>[]
const subjectState = consents.reduce(subjectDecider.evolve, subjectDecider.initialState())

const settlements = Array.from({ length: 18 }, (_, m) => ({
  periodFrom: new Date(Date.UTC(2026, m, 1)).toISOString(),
  periodTo: new Date(Date.UTC(2026, m + 1, 1)).toISOString(),
  settledAt: new Date(Date.UTC(2026, m + 1, 20)).toISOString(),
}))
const holds: LegalHoldRecord[] = [
  {
    reason: 'bookkeeping',
    dataCategories: ['billing-information'],
    placedAt: '2026-06-30T10:00:00.000Z',
  },
]

const calls = (name: string, body: (at: string) => unknown): BenchCase => ({
  name,
  setup: async () => ({
    events: CALLS,
    run: async () => {
      for (const at of instants) body(at)
    },
  }),
})

const marketing: CommandInput<'recordProcessing'> = {
  controllerId: 'telco_se',
  actor: 'campaigns',
  subjectId: 'sub-0',
  actorId: 'campaign-engine',
  actorRole: 'system',
  system: 'crm',
  activityId: 'act-marketing',
  purpose: 'marketing',
  legalBasis: 'consent',
  ePrivacyBasis: 'consent',
  dataCategories: ['usage-volumes'],
  action: 'use',
}

const cases: BenchCase[] = [
  calls('dsrTimeliness (receipt + 1 month, local)', (at) =>
    dsrTimeliness({ receivedAt: at, extensions: [] }, SE, '2027-01-01T00:00:00.000Z'),
  ),
  calls('breachClocks (GDPR + NIS2, 3 notices)', (at) => breachClocks(breachState, SE, at)),
  calls('trafficDataRetention + settlementFor', (at) =>
    trafficDataRetention({ collectedAt: at, settledAt: settlementFor(at, settlements) }, SE),
  ),
  calls('customerDataRetention (bookkeeping hold)', (at) =>
    customerDataRetention(
      { dataCategory: 'billing-information', relationshipEndedAt: at, legalHolds: holds },
      SE,
    ),
  ),
  calls('coveringConsent (10 consents and withdrawals)', (at) =>
    coveringConsent(subjectState, 'marketing', at, SE),
  ),
  {
    name: `recordProcessing on consent, every rule (${GATES} gates)`,
    setup: async () => {
      let now = new Date('2026-11-23T08:00:00.000Z')
      const ledger = createLedger({ store: createInMemoryStore(), clock: () => now })
      await ledger.declareProcessingActivity({
        controllerId: 'telco_se',
        actor: 'dpo-office',
        activityId: 'act-marketing',
        name: 'Marketing',
        role: 'controller',
        controller: { name: 'Telco AB', contact: 'dpo@telco.example' },
        purposes: ['marketing'],
        legalBases: [{ basis: 'consent', ePrivacyBasis: 'consent' }],
        subjectCategories: ['subscribers'],
        dataCategories: ['usage-volumes'],
        recipients: [],
        transfers: [],
        retention: [
          { kind: 'period', dataCategory: 'usage-volumes', period: 'P5M', from: 'collected' },
        ],
        securityMeasures: { kind: 'described', measures: ['encryption at rest'] },
      })
      for (let s = 0; s < 100; s++)
        await ledger.giveConsent({
          controllerId: 'telco_se',
          actor: 'web',
          subjectId: `sub-${s}`,
          purpose: 'marketing',
          noticeVersion: 'n-1',
          channel: 'web',
        })
      return {
        events: GATES,
        run: async () => {
          for (let i = 0; i < GATES; i++) {
            now = new Date(now.getTime() + 1000)
            const result = await ledger.recordProcessing({
              ...marketing,
              subjectId: `sub-${i % 100}`,
            })
            if (result._tag === 'Left') throw new Error(`refused: ${result.left._tag}`)
          }
        },
      }
    },
  },
]

printResults(
  `Compliance rules (${CALLS} calls per round, ${ROUNDS} rounds; the ledger case in commands/s)`,
  await interleave(cases, ROUNDS),
)

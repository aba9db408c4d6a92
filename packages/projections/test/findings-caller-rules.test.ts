import {
  createInMemoryStore,
  createLedger,
  jurisdictions,
  lawful,
  violation,
  type CommandInput,
  type ComplianceRule,
  type EventStore,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { describeProjectionError, findings, findingsProjection, replay } from '../src'

/**
 * A caller's own rule, passed to the findings projection as to the ledger: the import path
 * never refuses, so the findings are where the rule judges imported facts, with its own rule
 * id and article, exactly as the gate refuses the same act.
 */
const SE = jurisdictions.SE
const CONTROLLER = 'telco_se'
const SUBJECT = 'sub-8f3a'

const hourIn = (instant: string, timeZone: string): number =>
  Number(
    new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone }).format(
      new Date(instant),
    ),
  )

/** House rule: campaigns run between 07:00 and 21:00 in the jurisdiction's time zone. */
const noNightlyCampaigns: ComplianceRule = ({ command, jurisdiction }) => {
  const { event } = command
  if (event.type !== 'DataProcessed' || event.data.purpose !== 'marketing') return lawful
  const hour = hourIn(command.occurredAt, jurisdiction.timeZone)
  return hour < 7 || hour >= 21
    ? violation(
        'house.no-nightly-campaigns',
        'Telco marketing policy 3.1',
        'campaigns run between 07:00 and 21:00',
      )
    : lawful
}

const declaration: CommandInput<'declareProcessingActivity'> = {
  controllerId: CONTROLLER,
  actor: 'dpo-office',
  activityId: 'act-newsletter',
  name: 'Newsletter to existing customers',
  role: 'controller',
  controller: { name: 'Telco AB', contact: 'dataskydd@telco.example' },
  purposes: ['marketing'],
  legalBases: [{ basis: 'legitimate-interests' }],
  subjectCategories: ['subscribers'],
  dataCategories: ['contact-details'],
  recipients: [],
  transfers: [],
  retention: [
    { kind: 'period', dataCategory: 'contact-details', period: 'P24M', from: 'relationship-ended' },
  ],
  securityMeasures: { kind: 'described', measures: ['role-based access'] },
}

const campaign = {
  subjectId: SUBJECT,
  actorId: 'campaign-engine',
  actorRole: 'system',
  system: 'crm',
  activityId: 'act-newsletter',
  purpose: 'marketing',
  legalBasis: 'legitimate-interests',
  dataCategories: ['contact-details'],
  action: 'use',
} as const

// 23:30 UTC on 23 November is 00:30 in Stockholm; 09:00 UTC is 10:00 there.
const NIGHT = '2026-11-23T23:30:00.000Z'
const DAY = '2026-11-23T09:00:00.000Z'

/** A legacy campaign log imported as facts: by default one send at night, one by day. */
const history = async (sentAt: readonly string[] = [NIGHT, DAY]): Promise<EventStore> => {
  const store = createInMemoryStore()
  const ledger = createLedger({
    store,
    jurisdiction: SE,
    rules: [noNightlyCampaigns],
    clock: () => new Date('2026-11-25T12:00:00.000Z'),
  })
  const declared = await ledger.declareProcessingActivity({
    ...declaration,
    occurredAt: '2026-01-01T00:00:00.000Z',
  })
  if (E.isLeft(declared)) throw new Error(`declaration refused: ${declared.left._tag}`)
  const imported = await ledger.import(
    sentAt.map((occurredAt, i) => ({
      id: `0193a6f0-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
      type: 'DataProcessed',
      controllerId: CONTROLLER,
      occurredAt,
      actor: 'legacy-campaigns',
      data: campaign,
    })),
  )
  if (E.isLeft(imported)) throw new Error(`import refused: ${imported.left._tag}`)
  expect(imported.right.imported).toBe(sentAt.length)
  return store
}

const judged = async (store: EventStore, rules?: readonly ComplianceRule[], jurisdiction = SE) => {
  const projection = findingsProjection({
    jurisdiction,
    ...(rules === undefined ? {} : { rules }),
  })
  const built = await replay(store, [projection])
  if (E.isLeft(built)) throw new Error(describeProjectionError(built.left))
  return findings(
    { findings: built.right.states[0] },
    { now: '2026-11-25T12:00:00.000Z', jurisdiction },
  )
}

describe('findings with caller rules', () => {
  it('flag an imported fact that breaks a caller rule, with its rule id and article', async () => {
    const list = await judged(await history(), [noNightlyCampaigns])
    expect(list).toEqual([
      {
        source: 'imported-fact',
        rule: 'house.no-nightly-campaigns',
        article: 'Telco marketing policy 3.1',
        explanation: 'campaigns run between 07:00 and 21:00',
        controllerId: CONTROLLER,
        subjectId: SUBJECT,
        reference: `processing-${CONTROLLER}-${SUBJECT}`,
        at: NIGHT,
        count: 1,
        firstPosition: expect.any(BigInt) as unknown,
        lastPosition: expect.any(BigInt) as unknown,
      },
    ])
  })

  it('judge in the projection’s jurisdiction: 05:30 UTC is 06:30 in Stockholm, 07:30 in Helsinki', async () => {
    const store = await history(['2026-11-23T05:30:00.000Z'])
    expect((await judged(store, [noNightlyCampaigns], SE)).map((f) => f.rule)).toEqual([
      'house.no-nightly-campaigns',
    ])
    expect(await judged(store, [noNightlyCampaigns], jurisdictions.FI)).toEqual([])
  })

  it('without the caller rule the same history has no findings (the built-in rules find it lawful)', async () => {
    expect(await judged(await history())).toEqual([])
  })

  it('the gate refuses the same act with the same rule and article', async () => {
    const store = createInMemoryStore()
    const ledger = createLedger({
      store,
      jurisdiction: SE,
      rules: [noNightlyCampaigns],
      clock: () => new Date(NIGHT),
    })
    await ledger.declareProcessingActivity({
      ...declaration,
      occurredAt: '2026-01-01T00:00:00.000Z',
    })
    const refused = await ledger.recordProcessing({
      ...campaign,
      controllerId: CONTROLLER,
      actor: 'campaign-engine',
    })
    expect(E.isLeft(refused) && refused.left).toEqual({
      _tag: 'ComplianceViolation',
      rule: 'house.no-nightly-campaigns',
      article: 'Telco marketing policy 3.1',
      explanation: 'campaigns run between 07:00 and 21:00',
    })
  })
})

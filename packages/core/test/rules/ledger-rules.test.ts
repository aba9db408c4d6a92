import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  FI,
  SE,
  complianceViolation,
  createInMemoryStore,
  createLedger,
  defaultPolicy,
  jurisdictions,
  type ComplianceRule,
  type Decision,
  type LedgerOptions,
} from '../../src'
import {
  CONTROLLER,
  declareBilling,
  giveConsent,
  manualClock,
  recordBilling,
  countAll,
} from '../fixtures'

const setup = (options: Omit<LedgerOptions, 'store' | 'clock'> = {}) => {
  const time = manualClock()
  const store = createInMemoryStore()
  const ledger = createLedger({ store, clock: time.clock, ...options })
  return { time, store, ledger }
}

const marketing = recordBilling({
  activityId: 'act-marketing',
  purpose: 'marketing',
  legalBasis: 'consent',
  ePrivacyBasis: 'consent',
  dataCategories: ['usage-volumes'],
  action: 'use',
})
const declareMarketing = declareBilling({
  activityId: 'act-marketing',
  name: 'Marketing of own services',
  purposes: ['marketing'],
  legalBases: [{ basis: 'consent', ePrivacyBasis: 'consent' }],
  dataCategories: ['usage-volumes', 'contact-details'],
  retention: [
    { kind: 'period', dataCategory: 'usage-volumes', period: 'P12M', from: 'collected' },
    { kind: 'period', dataCategory: 'contact-details', period: 'P24M', from: 'relationship-ended' },
  ],
})

describe('built-in rules in the ledger', () => {
  it('refuse a gate with rule and article, and append nothing', async () => {
    const { ledger, store } = setup()
    await ledger.declareProcessingActivity(declareMarketing)
    const before = await countAll(store)
    const result = await ledger.recordProcessing(marketing)
    expect(E.isLeft(result) && result.left).toMatchObject({
      _tag: 'ComplianceViolation',
      rule: 'consent.covering-consent',
      article: 'GDPR Art. 6(1)(a), 7(1); ePrivacy Directive art. 6(3), 9(1)',
    })
    expect(await countAll(store)).toBe(before)
  })

  it('accept the same gate once consent is recorded, and refuse it again after withdrawal', async () => {
    const { ledger, time } = setup()
    await ledger.declareProcessingActivity(declareMarketing)
    await ledger.giveConsent(giveConsent())
    expect(E.isRight(await ledger.recordProcessing(marketing))).toBe(true)
    time.advance(60_000)
    await ledger.withdrawConsent({
      controllerId: CONTROLLER,
      actor: 'app',
      subjectId: 'sub-8f3a',
      purpose: 'marketing',
      channel: 'app',
    })
    const after = await ledger.recordProcessing(marketing)
    expect(E.isLeft(after) && after.left._tag === 'ComplianceViolation' && after.left.rule).toBe(
      'consent.covering-consent',
    )
  })

  it("judge facts too: a child's consent without parental authorisation is refused", async () => {
    const { ledger, store } = setup()
    const child = await ledger.giveConsent(giveConsent({ subjectAge: 12 }))
    expect(E.isLeft(child) && child.left._tag === 'ComplianceViolation' && child.left.rule).toBe(
      'consent.child-consent-age',
    )
    expect(await countAll(store)).toBe(0)
    expect(
      E.isRight(
        await ledger.giveConsent(giveConsent({ subjectAge: 12, parentalAuthorisation: true })),
      ),
    ).toBe(true)
  })

  it('never run on the import path: a fact a gate would refuse is recorded', async () => {
    const { ledger, store } = setup()
    const imported = await ledger.import([
      {
        id: '0193a6f0-0000-7000-8000-000000000001',
        type: 'DataProcessed',
        controllerId: CONTROLLER,
        occurredAt: '2026-10-01T10:00:00.000Z',
        actor: 'legacy-crm',
        data: {
          subjectId: 'sub-8f3a',
          actorId: 'campaign-engine',
          actorRole: 'system',
          system: 'crm',
          activityId: 'act-never-declared',
          purpose: 'marketing',
          legalBasis: 'consent',
          dataCategories: ['usage-volumes'],
          action: 'use',
        },
      },
    ])
    expect(E.isRight(imported) && imported.right.imported).toBe(1)
    expect(await countAll(store)).toBe(1)
  })

  it("run before the caller's own rules, which see the jurisdiction and policy and refuse the same way", async () => {
    const seen: Decision[] = []
    const noFinnishMarketing: ComplianceRule = (decision) => {
      seen.push(decision)
      return decision.jurisdiction.country === 'FI' &&
        decision.command.event.type === 'ConsentGiven'
        ? E.left(
            complianceViolation(
              'house.no-fi-marketing',
              'house policy 4',
              'no marketing consents in Finland',
            ),
          )
        : E.right(undefined)
    }
    const fi = setup({ jurisdiction: FI, rules: [noFinnishMarketing] })
    const refused = await fi.ledger.giveConsent(giveConsent())
    expect(refused).toEqual(
      E.left(
        complianceViolation(
          'house.no-fi-marketing',
          'house policy 4',
          'no marketing consents in Finland',
        ),
      ),
    )
    expect(await countAll(fi.store)).toBe(0)
    expect(seen[0]?.policy).toBe(defaultPolicy)
    // A built-in refusal comes first: the caller's rule never sees a command a built-in refused.
    seen.length = 0
    await fi.ledger.giveConsent(giveConsent({ subjectAge: 10 }))
    expect(seen).toEqual([])
    const se = setup({ jurisdiction: SE, rules: [noFinnishMarketing] })
    expect(E.isRight(await se.ledger.giveConsent(giveConsent()))).toBe(true)
  })

  it("count DSR deadlines in the ledger's jurisdiction", async () => {
    // Received 23:30 on 31 January in Stockholm, 00:30 on 1 February in Helsinki.
    const receive = {
      controllerId: CONTROLLER,
      actor: 'support',
      requestId: 'dsr-1',
      subjectId: 'sub-8f3a',
      kind: 'access' as const,
      channel: 'email' as const,
      occurredAt: '2026-01-31T22:30:00.000Z',
    }
    const extend = {
      controllerId: CONTROLLER,
      actor: 'dpo',
      requestId: 'dsr-1',
      months: 2 as const,
      reasons: 'complex request spanning five systems',
      noticeSentAt: '2026-02-28T23:30:00.000Z',
      occurredAt: '2026-02-28T23:30:00.000Z',
    }
    for (const [jurisdiction, lawful] of [
      [jurisdictions.SE, false],
      [jurisdictions.FI, true],
    ] as const) {
      const { ledger, time } = setup({ jurisdiction })
      time.set('2026-03-02T08:00:00.000Z')
      expect(E.isRight(await ledger.receiveRequest(receive))).toBe(true)
      const result = await ledger.extendDeadline(extend)
      expect(E.isRight(result)).toBe(lawful)
      if (E.isLeft(result))
        expect(result.left).toMatchObject({
          rule: 'dsr.extension-notice',
          article: 'GDPR Art. 12(3)',
        })
    }
  })

  it('read the adequacy register for a transfer outside the EEA, and stop when the decision is revoked', async () => {
    const { ledger, time } = setup()
    const shield = 'Commission Implementing Decision (EU) 2016/1250'
    await ledger.declareProcessingActivity(
      declareBilling({
        recipients: [
          { recipientId: 'print-1', name: 'PrintCo Inc', kind: 'processor', country: 'US' },
        ],
        transfers: [
          {
            recipientId: 'print-1',
            country: 'US',
            mechanisms: [{ kind: 'adequacy', decision: shield, validFrom: '2016-08-01T00:00:00Z' }],
          },
        ],
      }),
    )
    await ledger.recordAdequacyDecision({
      controllerId: CONTROLLER,
      actor: 'dpo',
      country: 'US',
      decision: shield,
      validFrom: '2016-08-01T00:00:00Z',
      occurredAt: '2016-07-12T00:00:00Z',
    })
    const share = {
      controllerId: CONTROLLER,
      actor: 'billing',
      subjectId: 'sub-8f3a',
      activityId: 'act-billing',
      recipientId: 'print-1',
      recipientName: 'PrintCo Inc',
      recipientKind: 'processor' as const,
      country: 'US',
      purpose: 'billing',
      legalBasis: 'contract' as const,
      dataCategories: ['billing-information'] as [string],
    }
    const shared = await ledger.recordSharing(share)
    expect(E.isRight(shared) && shared.right.events[0]?.metadata.decidedOn).toEqual({
      'subject-telco_se-sub-8f3a': 0,
      'activity-act-billing': 1,
      'adequacy-US': 1,
    })
    await ledger.revokeAdequacyDecision({
      controllerId: CONTROLLER,
      actor: 'dpo',
      country: 'US',
      decision: shield,
      reason: 'CJEU C-311/18',
      occurredAt: '2020-07-16T00:00:00Z',
    })
    time.advance(1000)
    const refused = await ledger.recordSharing(share)
    expect(
      E.isLeft(refused) && refused.left._tag === 'ComplianceViolation' && refused.left.rule,
    ).toBe('transfer.valid-mechanism')
  })

  it('throw on a bad jurisdiction or policy (a configuration error)', () => {
    expect(() =>
      createLedger({
        store: createInMemoryStore(),
        jurisdiction: { ...SE, timeZone: 'Mars/Olympus' },
      }),
    ).toThrow(TypeError)
    expect(() =>
      createLedger({
        store: createInMemoryStore(),
        policy: { ...defaultPolicy, trafficDataCategories: ['Not A Slug'] },
      }),
    ).toThrow(TypeError)
  })
})

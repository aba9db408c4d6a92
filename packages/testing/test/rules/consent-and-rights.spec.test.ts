import { describe, it } from 'vitest'
import { ledgerSpecification } from '../../src'
import {
  CONTROLLER,
  SUBJECT,
  consent,
  declare,
  declareSupport,
  marketing,
  step,
  supportRead,
  withdrawal,
} from './specs'

const T = '2026-11-23T09:00:00.000Z'
const spec = ledgerSpecification()

describe('rule 1 given/when/then: purpose and activity', () => {
  it('processing under an activity never declared is refused', async () => {
    await spec
      .given([step('giveConsent', consent(T), T)])
      .when(step('recordProcessing', marketing(), T))
      .thenRefused({ _tag: 'ComplianceViolation', rule: 'activity.declared' })
  })

  it('processing for a purpose the activity does not declare is refused', async () => {
    await spec
      .given([step('declareProcessingActivity', declareSupport, T)])
      .when(step('recordProcessing', supportRead({ purpose: 'marketing' }), T))
      .thenRefused({
        _tag: 'ComplianceViolation',
        rule: 'activity.purpose',
        article: 'GDPR Art. 5(1)(b)',
      })
  })

  it('a processor record without the controllers it processes for is refused', async () => {
    await spec
      .given([])
      .when(step('declareProcessingActivity', declare({ role: 'processor' }), T))
      .thenRefused({
        _tag: 'ComplianceViolation',
        rule: 'activity.record-complete',
        article: 'GDPR Art. 30(2)(a)',
      })
  })

  it('a controller record leaving a data category without retention is refused', async () => {
    await spec
      .given([])
      .when(
        step(
          'declareProcessingActivity',
          declare({
            retention: [
              {
                kind: 'period',
                dataCategory: 'contact-details',
                period: 'P24M',
                from: 'relationship-ended',
              },
            ],
          }),
          T,
        ),
      )
      .thenRefused({
        _tag: 'ComplianceViolation',
        rule: 'activity.record-complete',
        article: 'GDPR Art. 30(1)(f)',
        explanation:
          'data category usage-volumes has no retention entry (a period, a rule, or "not possible" with the reason)',
      })
  })
})

describe('rule 2 given/when/then: consent', () => {
  it('consent given at the same instant as the processing covers it', async () => {
    await spec
      .given([step('declareProcessingActivity', declare(), T), step('giveConsent', consent(T), T)])
      .when(step('recordProcessing', marketing(), T))
      .thenRecorded(['DataProcessed'])
  })

  it('consent given a millisecond after the processing does not', async () => {
    await spec
      .given([
        step('declareProcessingActivity', declare(), T),
        step('giveConsent', consent('2026-11-23T09:00:00.001Z'), '2026-11-23T09:00:00.001Z'),
      ])
      .when(step('recordProcessing', marketing({ occurredAt: T }), '2026-11-23T09:00:00.001Z'))
      .thenRefused({ _tag: 'ComplianceViolation', rule: 'consent.covering-consent' })
  })

  it('a withdrawal before the processing stops it', async () => {
    await spec
      .given([
        step('declareProcessingActivity', declare(), T),
        step('giveConsent', consent('2026-11-01T10:00:00.000Z'), T),
        step('withdrawConsent', withdrawal('2026-11-23T08:59:59.999Z'), T),
      ])
      .when(step('recordProcessing', marketing(), T))
      .thenRefused({
        _tag: 'ComplianceViolation',
        rule: 'consent.covering-consent',
        article: 'GDPR Art. 6(1)(a), 7(1); ePrivacy Directive art. 6(3), 9(1)',
      })
  })

  it('a withdrawal after the processing leaves it lawful: the later one is refused, the earlier one stands', async () => {
    const earlier = step('recordProcessing', marketing(), T)
    await spec
      .given([
        step('declareProcessingActivity', declare(), T),
        step('giveConsent', consent('2026-11-01T10:00:00.000Z'), T),
        earlier,
      ])
      .when(
        step('withdrawConsent', withdrawal('2026-11-23T09:30:00.000Z'), '2026-11-23T09:30:00.000Z'),
      )
      .thenRecorded(['ConsentWithdrawn'])
    await spec
      .given([
        step('declareProcessingActivity', declare(), T),
        step('giveConsent', consent('2026-11-01T10:00:00.000Z'), T),
        earlier,
        step('withdrawConsent', withdrawal('2026-11-23T09:30:00.000Z'), '2026-11-23T09:30:00.000Z'),
      ])
      .when(step('recordProcessing', marketing(), '2026-11-23T09:30:00.000Z'))
      .thenRefused({ _tag: 'ComplianceViolation', rule: 'consent.covering-consent' })
  })

  it("a child below the profile's consent age consents only with parental authorisation", async () => {
    await spec
      .given([])
      .when(step('giveConsent', consent(T, { subjectAge: 12 }), T))
      .thenRefused({ rule: 'consent.child-consent-age' })
    await spec
      .given([])
      .when(step('giveConsent', consent(T, { subjectAge: 12, parentalAuthorisation: true }), T))
      .thenRecorded(['ConsentGiven'])
  })
})

describe('rule 3 given/when/then: objection and restriction', () => {
  const objection = {
    controllerId: CONTROLLER,
    actor: 'support',
    subjectId: SUBJECT,
    scope: 'direct-marketing' as const,
    channel: 'phone' as const,
    occurredAt: '2026-11-20T10:00:00.000Z',
  }

  it('a marketing objection refuses marketing even with consent in force', async () => {
    await spec
      .given([
        step('declareProcessingActivity', declare(), T),
        step('giveConsent', consent('2026-11-01T10:00:00.000Z'), T),
        step('raiseObjection', objection, T),
      ])
      .when(step('recordProcessing', marketing(), T))
      .thenRefused({
        _tag: 'ComplianceViolation',
        rule: 'objection.direct-marketing',
        article: 'GDPR Art. 21(3)',
      })
  })

  it('while restricted, only storage; an Art. 18(2) ground decided for the purpose allows more', async () => {
    const restrict = {
      controllerId: CONTROLLER,
      actor: 'support',
      subjectId: SUBJECT,
      ground: 'accuracy-contested' as const,
      occurredAt: '2026-11-20T10:00:00.000Z',
    }
    const given = [
      step('declareProcessingActivity', declareSupport, T),
      step('restrictProcessing', restrict, T),
    ]
    await spec
      .given(given)
      .when(step('recordProcessing', supportRead(), T))
      .thenRefused({ rule: 'restriction.storage-only', article: 'GDPR Art. 18(2)' })
    await spec
      .given(given)
      .when(step('recordProcessing', supportRead({ action: 'store' }), T))
      .thenRecorded(['DataProcessed'])
    await spec
      .given([
        ...given,
        step(
          'allowRestrictedProcessing',
          {
            controllerId: CONTROLLER,
            actor: 'legal',
            subjectId: SUBJECT,
            ground: 'legal-claims',
            purposes: ['customer-support'],
            decidedBy: { actorId: 'legal-7', role: 'legal-officer' },
            reasons: 'invoice dispute before the district court',
          },
          T,
        ),
      ])
      .when(step('recordProcessing', supportRead(), T))
      .thenRecorded(['DataProcessed'])
  })
})

describe('rule 9 given/when/then: traffic data', () => {
  it('a support agent reading the call list needs the billing-enquiry ground of ePD art. 6(2)', async () => {
    const callList = { dataCategories: ['call-records'] as [string] }
    await spec
      .given([step('declareProcessingActivity', declareSupport, T)])
      .when(step('recordProcessing', supportRead(callList), T))
      .thenRefused({ _tag: 'ComplianceViolation', rule: 'traffic.eprivacy-basis' })
    await spec
      .given([step('declareProcessingActivity', declareSupport, T)])
      .when(step('recordProcessing', supportRead({ ...callList, ePrivacyBasis: 'billing' }), T))
      .thenRecorded(['DataProcessed'])
  })
})

describe('rule 8 given/when/then: retention of customer data', () => {
  const ended = {
    controllerId: CONTROLLER,
    actor: 'crm',
    subjectId: SUBJECT,
    reason: 'contract-terminated' as const,
    occurredAt: '2024-11-01T10:00:00.000Z',
  }

  it('customer data 24 months after the relationship ended may only be erased', async () => {
    const given = [
      step('declareProcessingActivity', declareSupport, T),
      step('endRelationship', ended, T),
    ]
    await spec
      .given(given)
      .when(step('recordProcessing', supportRead(), T))
      .thenRefused({ rule: 'retention.customer-data-expired', article: 'GDPR Art. 5(1)(e)' })
    await spec
      .given(given)
      .when(step('recordProcessing', supportRead({ action: 'delete' }), T))
      .thenRecorded(['DataProcessed'])
  })

  it('unless a legal hold on the category holds it', async () => {
    const hold = {
      controllerId: CONTROLLER,
      actor: 'legal',
      subjectId: SUBJECT,
      holdId: 'hold-1',
      reason: 'legal-claims' as const,
      dataCategories: ['contact-details'] as [string],
      occurredAt: '2026-06-01T00:00:00.000Z',
    }
    await spec
      .given([
        step('declareProcessingActivity', declareSupport, T),
        step('endRelationship', ended, T),
        step('placeLegalHold', hold, T),
      ])
      .when(step('recordProcessing', supportRead(), T))
      .thenRecorded(['DataProcessed'])
  })
})

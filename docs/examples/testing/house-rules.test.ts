// #region spec
import { defaultPolicy, jurisdictions } from '@gdpr-ledger/core'
import { ledgerSpecification, propertyRuns } from '@gdpr-ledger/testing'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { noNightlyCampaigns } from '../house-rules'
import { activities } from '../telecom-activities'

const marketing = activities.find((a) => a.activityId === 'act-marketing')
const subscriber = { controllerId: 'nordtele_se', subjectId: 'sub-8f3a' }
const consent = {
  ...subscriber,
  actor: 'web-signup',
  purpose: 'marketing',
  noticeVersion: 'privacy-notice-2026-10',
  channel: 'web',
}
const campaign = {
  ...subscriber,
  actor: 'campaigns',
  actorId: 'campaign-engine',
  actorRole: 'system',
  system: 'crm',
  activityId: 'act-marketing',
  purpose: 'marketing',
  legalBasis: 'consent',
  ePrivacyBasis: 'consent',
  dataCategories: ['contact-details'],
  action: 'use',
} as const
const given = ledgerSpecification({
  jurisdiction: jurisdictions.SE,
  rules: [noNightlyCampaigns],
}).given([
  { name: 'declareProcessingActivity', command: marketing, at: '2026-11-20T08:00:00.000Z' },
  { name: 'giveConsent', command: consent, at: '2026-11-20T08:00:00.000Z' },
])

describe('house rule: no campaigns at night', () => {
  it('refuses a campaign at 00:30 in Stockholm, and writes nothing', async () => {
    await given
      .when({ name: 'recordProcessing', command: campaign, at: '2026-11-23T23:30:00.000Z' })
      .thenRefused({ _tag: 'ComplianceViolation', rule: 'house.no-nightly-campaigns' })
  })

  it('records one at 10:00', async () => {
    await given
      .when({ name: 'recordProcessing', command: campaign, at: '2026-11-23T09:00:00.000Z' })
      .thenRecorded(['DataProcessed'])
  })

  it('refuses exactly the instants outside 07:00-21:00 local time', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2027-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (at) => {
          const occurredAt = at.toISOString()
          const verdict = noNightlyCampaigns({
            command: {
              streamId: 'processing-nordtele_se-sub-8f3a',
              controllerId: 'nordtele_se',
              occurredAt,
              event: { type: 'DataProcessed', data: campaign },
            },
            kind: 'gate',
            streams: {},
            now: occurredAt,
            jurisdiction: jurisdictions.SE,
            policy: defaultPolicy,
          })
          const hour = Number(
            at.toLocaleString('en-GB', {
              hour: '2-digit',
              hourCycle: 'h23',
              timeZone: 'Europe/Stockholm',
            }),
          )
          expect(verdict._tag === 'Left').toBe(hour < 7 || hour >= 21)
        },
      ),
      { numRuns: propertyRuns(200) },
    )
  })
})
// #endregion spec

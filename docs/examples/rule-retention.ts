import {
  createInMemoryStore,
  createLedger,
  customerDataRetention,
  jurisdictions,
  trafficDataRetention,
} from '@gdpr-ledger/core'
import { recorded, refusedBy, same } from './support/assert'
import { declareActivities } from './telecom-activities'

const ledger = createLedger({ store: createInMemoryStore() })
await declareActivities(ledger)

// #region customer-data
// A former subscriber: the contract ended in January 2024 (a fact, recorded with its date).
const former = { controllerId: 'nordtele_se', subjectId: 'sub-1a07' }
await ledger.endRelationship({
  ...former,
  actor: 'crm',
  reason: 'contract-terminated',
  occurredAt: '2024-01-15T10:00:00.000Z',
})

const lookup = {
  ...former,
  actor: 'agent-42',
  actorId: 'agent-42',
  actorRole: 'support-agent',
  system: 'support-desk',
  activityId: 'act-support',
  purpose: 'customer-support',
  legalBasis: 'contract',
  dataCategories: ['contact-details'],
  action: 'read',
} as const

const read = await ledger.recordProcessing(lookup)
// Left: retention.customer-data-expired (GDPR Art. 5(1)(e)): contact details fell due at
//       2026-01-15T10:00:00.000Z, 24 months after the relationship ended
const erased = await ledger.recordProcessing({ ...lookup, action: 'delete' })
// Right: erasing overdue data is always allowed
// #endregion customer-data

refusedBy(read, 'retention.customer-data-expired')
recorded(erased)

// #region due-dates
// The same arithmetic, as functions, for a retention due-list.
customerDataRetention(
  {
    dataCategory: 'billing-information',
    relationshipEndedAt: '2024-01-15T10:00:00.000Z',
    legalHolds: [
      {
        reason: 'bookkeeping',
        dataCategories: ['billing-information'],
        placedAt: '2024-01-15T10:00:00.000Z',
      },
    ],
  },
  jurisdictions.SE,
)
// { kind: 'due', dueAt: '2031-12-31T23:00:00.000Z', … }: held by the Bokföringslag, 7 years
// after 2024, then due on 1 January 2032 in Stockholm

trafficDataRetention({ collectedAt: '2026-01-10T12:00:00.000Z' }, jurisdictions.SE)
// { kind: 'retained', … }: the invoice is not settled, and the profile reads "at most five
// months or until the invoice claim is fully settled" as the later of the two
trafficDataRetention(
  { collectedAt: '2026-01-10T12:00:00.000Z', settledAt: '2026-02-20T09:00:00.000Z' },
  jurisdictions.SE,
)
// { kind: 'due', dueAt: '2026-06-10T11:00:00.000Z', … }: five months after collection
// #endregion due-dates

const held = customerDataRetention(
  {
    dataCategory: 'billing-information',
    relationshipEndedAt: '2024-01-15T10:00:00.000Z',
    legalHolds: [
      {
        reason: 'bookkeeping',
        dataCategories: ['billing-information'],
        placedAt: '2024-01-15T10:00:00.000Z',
      },
    ],
  },
  jurisdictions.SE,
)
same(held.kind === 'due' ? held.dueAt : held.kind, '2031-12-31T23:00:00.000Z')
same(
  trafficDataRetention({ collectedAt: '2026-01-10T12:00:00.000Z' }, jurisdictions.SE).kind,
  'retained',
)
const settled = trafficDataRetention(
  { collectedAt: '2026-01-10T12:00:00.000Z', settledAt: '2026-02-20T09:00:00.000Z' },
  jurisdictions.SE,
)
same(settled.kind === 'due' ? settled.dueAt : settled.kind, '2026-06-10T11:00:00.000Z')

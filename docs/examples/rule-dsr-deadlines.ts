import { createInMemoryStore, createLedger, dsrDeadline, jurisdictions } from '@gdpr-ledger/core'
import { recorded, refusedBy, same } from './support/assert'

const ledger = createLedger({ store: createInMemoryStore(), jurisdiction: jurisdictions.SE })
const privacyDesk = { controllerId: 'nordtele_se', actor: 'privacy-desk' }

// #region extension
// Received on 31 January: due 28 February (no 31 February), at the end of that day in Stockholm.
await ledger.receiveRequest({
  ...privacyDesk,
  requestId: 'dsr-2026-0007',
  subjectId: 'sub-8f3a',
  kind: 'access',
  channel: 'email',
  occurredAt: '2026-01-31T09:00:00.000Z',
})
const late = await ledger.extendDeadline({
  ...privacyDesk,
  requestId: 'dsr-2026-0007',
  months: 2,
  reasons: 'call records of six years across three systems',
  noticeSentAt: '2026-03-01T08:00:00.000Z',
})
// Left: dsr.extension-notice (GDPR Art. 12(3)): the notice came after the original due date
const extended = await ledger.extendDeadline({
  ...privacyDesk,
  requestId: 'dsr-2026-0007',
  months: 2,
  reasons: 'call records of six years across three systems',
  noticeSentAt: '2026-02-10T08:00:00.000Z',
})
// Right: now due 28 April (two months from 28 February, the stricter reading)
const third = await ledger.extendDeadline({
  ...privacyDesk,
  requestId: 'dsr-2026-0007',
  months: 1,
  reasons: 'more systems found',
  noticeSentAt: '2026-02-12T08:00:00.000Z',
})
// Left: dsr.extension-limit (GDPR Art. 12(3)): two months in all

const { deadline } = dsrDeadline(
  {
    receivedAt: '2026-01-31T09:00:00.000Z',
    extensions: [{ months: 2, noticeSentAt: '2026-02-10T08:00:00.000Z' }],
  },
  jurisdictions.SE,
)
console.log(deadline) // { dueDate: '2026-04-28', endsAt: '2026-04-28T22:00:00.000Z' }
// #endregion extension

refusedBy(late, 'dsr.extension-notice')
recorded(extended)
refusedBy(third, 'dsr.extension-limit')
same(
  dsrDeadline(
    {
      receivedAt: '2026-01-31T09:00:00.000Z',
      extensions: [{ months: 2, noticeSentAt: '2026-02-10T08:00:00.000Z' }],
    },
    jurisdictions.SE,
  ).deadline,
  { dueDate: '2026-04-28', endsAt: '2026-04-28T22:00:00.000Z' },
)

// #region erasure
// "Delete everything about me": fulfilled only with a deletion confirmation, system by system.
await ledger.receiveRequest({
  ...privacyDesk,
  requestId: 'dsr-2026-0011',
  subjectId: 'sub-1a07',
  kind: 'erasure',
  channel: 'web',
})
const unconfirmed = await ledger.fulfilRequest({
  ...privacyDesk,
  requestId: 'dsr-2026-0011',
  channel: 'email',
})
// Left: dsr.deletion-confirmation (GDPR Art. 17(1), Art. 5(2))
const confirmed = await ledger.fulfilRequest({
  ...privacyDesk,
  requestId: 'dsr-2026-0011',
  channel: 'email',
  deletionConfirmation: {
    systems: ['crm', 'support-desk', 'web-shop'],
    confirmedAt: new Date().toISOString(),
    reference: 'DEL-2026-0011',
  },
})
// Right
// #endregion erasure

refusedBy(unconfirmed, 'dsr.deletion-confirmation')
recorded(confirmed)

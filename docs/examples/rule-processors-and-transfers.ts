import { createInMemoryStore, createLedger } from '@gdpr-ledger/core'
import { recorded, refusedBy } from './support/assert'

const ledger = createLedger({ store: createInMemoryStore() })
const dpo = { controllerId: 'nordtele_se', actor: 'dpo-office' }

// #region sub-processors
await ledger.signDataProcessingAgreement({
  ...dpo,
  processorId: 'cloudcall',
  processorName: 'CloudCall AB',
  country: 'SE',
  subjectMatter: 'hosted switchboard and call routing for business subscribers',
  duration: 'the term of the service agreement',
  purposes: ['service-delivery'],
  dataCategories: ['call-records', 'contact-details'],
  subjectCategories: ['subscribers', 'callers'],
  subProcessorAuthorisation: 'specific', // each sub-processor needs our prior written consent
  documentRef: 'DPA-2026-014',
})
const engagement = {
  ...dpo,
  processorId: 'cloudcall',
  subProcessorId: 'zisson',
  name: 'Zisson AS',
  country: 'NO', // Norway is in the EEA: no transfer mechanism needed
  services: ['telephony platform'],
  dataCategories: ['contact-details'],
  purposes: ['service-delivery'],
  transferMechanisms: [],
} as const

const onNotice = await ledger.engageSubProcessor({
  ...engagement,
  authorisation: {
    kind: 'general',
    changeNoticeSentAt: '2026-09-01T08:00:00.000Z',
    objectionWindow: 'P30D',
  },
})
// Left: processor.sub-processor-authorisation (GDPR Art. 28(2)): the agreement requires
//       specific prior authorisation
const authorised = await ledger.engageSubProcessor({
  ...engagement,
  authorisation: {
    kind: 'specific',
    reference: 'AUTH-2026-003',
    grantedAt: '2026-09-01T08:00:00.000Z',
  },
})
// Right
// #endregion sub-processors

refusedBy(onNotice, 'processor.sub-processor-authorisation')
recorded(authorised)

// #region transfers
const outlook = {
  ...engagement,
  subProcessorId: 'microsoft-us',
  name: 'Microsoft Corporation',
  country: 'US',
  services: ['e-mail'],
  authorisation: {
    kind: 'specific',
    reference: 'AUTH-2026-004',
    grantedAt: '2026-09-01T08:00:00.000Z',
  },
} as const

const bare = await ledger.engageSubProcessor(outlook)
// Left: transfer.valid-mechanism (GDPR Arts. 44-49)
const withSccs = await ledger.engageSubProcessor({
  ...outlook,
  transferMechanisms: [
    {
      kind: 'sccs',
      module: 'processor-to-processor',
      version: '2021/914',
      transferImpactAssessment: {
        reference: 'TIA-2026-002',
        assessedAt: '2026-08-20T08:00:00.000Z',
      },
    },
  ],
})
// Right: standard contractual clauses with a transfer impact assessment made before
// #endregion transfers

refusedBy(bare, 'transfer.valid-mechanism')
recorded(withSccs)

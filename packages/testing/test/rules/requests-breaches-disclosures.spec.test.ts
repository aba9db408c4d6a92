import { jurisdictions } from '@gdpr-ledger/core'
import { describe, it } from 'vitest'
import { ledgerSpecification } from '../../src'
import { CONTROLLER, SUBJECT, step } from './specs'

const spec = ledgerSpecification()

describe('rule 6 given/when/then: data-subject requests', () => {
  const received = (occurredAt: string, kind: 'access' | 'erasure' = 'access') =>
    step(
      'receiveRequest',
      {
        controllerId: CONTROLLER,
        actor: 'support',
        requestId: 'dsr-1',
        subjectId: SUBJECT,
        kind,
        channel: 'email',
        occurredAt,
      },
      occurredAt,
    )
  const extension = (noticeSentAt: string, months: 1 | 2 = 2) =>
    step(
      'extendDeadline',
      {
        controllerId: CONTROLLER,
        actor: 'dpo',
        requestId: 'dsr-1',
        months,
        reasons: 'the request spans five systems',
        noticeSentAt,
        occurredAt: noticeSentAt,
      },
      '2026-03-10T12:00:00.000Z',
    )

  it('received 31 January: a notice on 28 February (local) extends it, one on 1 March is after the due date', async () => {
    await spec
      .given([received('2026-01-31T09:00:00.000Z')])
      .when(extension('2026-02-28T22:59:59.999Z'))
      .thenRecorded(['DeadlineExtended'])
    await spec
      .given([received('2026-01-31T09:00:00.000Z')])
      .when(extension('2026-02-28T23:00:00.000Z'))
      .thenRefused({
        _tag: 'ComplianceViolation',
        rule: 'dsr.extension-notice',
        article: 'GDPR Art. 12(3)',
      })
  })

  it('the due date is local: the same notice is in time in Helsinki, where receipt fell on 1 February', async () => {
    await ledgerSpecification({ jurisdiction: jurisdictions.FI })
      .given([received('2026-01-31T22:30:00.000Z')])
      .when(extension('2026-02-28T23:30:00.000Z'))
      .thenRecorded(['DeadlineExtended'])
    await ledgerSpecification({ jurisdiction: jurisdictions.SE })
      .given([received('2026-01-31T22:30:00.000Z')])
      .when(extension('2026-02-28T23:30:00.000Z'))
      .thenRefused({ rule: 'dsr.extension-notice' })
  })

  it('extensions stop at two months in all', async () => {
    await spec
      .given([received('2026-01-31T09:00:00.000Z'), extension('2026-02-10T09:00:00.000Z', 1)])
      .when(extension('2026-02-11T09:00:00.000Z', 2))
      .thenRefused({ rule: 'dsr.extension-limit' })
  })

  it('an erasure is fulfilled only with a deletion confirmation', async () => {
    const fulfil = (withConfirmation: boolean) =>
      step(
        'fulfilRequest',
        {
          controllerId: CONTROLLER,
          actor: 'support',
          requestId: 'dsr-1',
          channel: 'email',
          ...(withConfirmation
            ? {
                deletionConfirmation: {
                  systems: ['crm', 'billing'] as [string, string],
                  confirmedAt: '2026-02-10T09:00:00.000Z',
                  reference: 'DEL-2026-88',
                },
              }
            : {}),
        },
        '2026-02-10T09:00:00.000Z',
      )
    await spec
      .given([received('2026-01-31T09:00:00.000Z', 'erasure')])
      .when(fulfil(false))
      .thenRefused({ rule: 'dsr.deletion-confirmation' })
    await spec
      .given([received('2026-01-31T09:00:00.000Z', 'erasure')])
      .when(fulfil(true))
      .thenRecorded(['RequestFulfilled'])
  })
})

describe('rule 7 given/when/then: breach notices', () => {
  const AWARE = '2026-11-23T07:30:00.000Z'
  const detected = (inPublicService = false) =>
    step(
      'detectBreach',
      {
        controllerId: CONTROLLER,
        actor: 'security-desk',
        breachId: 'br-1',
        detectedAt: '2026-11-23T07:00:00.000Z',
        awareAt: AWARE,
        nature: ['confidentiality'],
        dataCategories: ['billing-information'],
        approxSubjects: 120,
        approxRecords: 120,
        role: 'controller',
        publicEcsProvider: true,
        inPublicService,
        nis2Entity: false,
        occurredAt: AWARE,
      },
      AWARE,
    )
  const notify = (
    at: string,
    extra: { reasonsForDelay?: string; regime?: 'gdpr' | 'eprivacy' } = {},
  ) =>
    step(
      'notifyAuthorityOfBreach',
      {
        controllerId: CONTROLLER,
        actor: 'dpo',
        breachId: 'br-1',
        regime: 'gdpr',
        authority: 'IMY',
        stage: 'initial',
        complete: true,
        ...extra,
      },
      at,
    )

  it('notifying IMY exactly 72 h after awareness needs no reasons; 72 h + 1 ms does', async () => {
    await spec
      .given([detected()])
      .when(notify('2026-11-26T07:30:00.000Z'))
      .thenRecorded(['AuthorityNotified'])
    await spec.given([detected()]).when(notify('2026-11-26T07:30:00.001Z')).thenRefused({
      _tag: 'ComplianceViolation',
      rule: 'breach.reasons-for-delay',
      article: 'GDPR Art. 33(1)',
    })
    await spec
      .given([detected()])
      .when(notify('2026-11-26T07:30:00.001Z', { reasonsForDelay: 'forensic investigation' }))
      .thenRecorded(['AuthorityNotified'])
  })

  it('a breach in providing the public service is notified under ePrivacy, not GDPR (Art. 95)', async () => {
    await spec
      .given([detected(true)])
      .when(notify(AWARE))
      .thenRefused({ rule: 'breach.regime', article: 'GDPR Art. 95; ePrivacy Directive art. 4(3)' })
    await spec
      .given([detected(true)])
      .when(notify(AWARE, { regime: 'eprivacy' }))
      .thenRecorded(['AuthorityNotified'])
  })
})

describe('rule 4 given/when/then: disclosures to authorities', () => {
  const T = '2026-11-23T10:00:00.000Z'
  const received = (country: string, internationalAgreement?: string) =>
    step(
      'receiveAuthorityRequest',
      {
        controllerId: CONTROLLER,
        actor: 'legal-desk',
        requestId: 'req-1',
        authority: { authorityId: `police-${country}`, name: 'Police', country, kind: 'police' },
        statute: 'LEK (2022:482) 9 kap. 31 §',
        scope: { subjectIds: [SUBJECT], dataCategories: ['call-records'] },
        ...(internationalAgreement === undefined ? {} : { internationalAgreement }),
      },
      T,
    )
  const assessed = (role = 'legal-officer') =>
    step(
      'assessAuthorityRequest',
      {
        controllerId: CONTROLLER,
        actor: 'legal-7',
        requestId: 'req-1',
        decision: 'comply',
        assessedBy: { actorId: 'legal-7', role },
      },
      T,
    )
  const disclose = step(
    'discloseToAuthority',
    {
      controllerId: CONTROLLER,
      actor: 'legal-7',
      requestId: 'req-1',
      subjectIds: [SUBJECT],
      dataCategories: ['call-records'],
      recordCount: 37,
      channel: 'secure-portal',
    },
    T,
  )

  it('needs an assessment by an authorised role', async () => {
    await spec
      .given([received('SE')])
      .when(disclose)
      .thenRefused({ rule: 'disclosure.assessed-request' })
    await spec
      .given([received('SE'), assessed('support-agent')])
      .when(disclose)
      .thenRefused({ rule: 'disclosure.authorised-assessor' })
    await spec
      .given([received('SE'), assessed()])
      .when(disclose)
      .thenRecorded(['DataDisclosedToAuthority'])
  })

  it('Norwegian police are in the EEA; a US authority needs an international agreement', async () => {
    await spec
      .given([received('NO'), assessed()])
      .when(disclose)
      .thenRecorded(['DataDisclosedToAuthority'])
    await spec
      .given([received('US'), assessed()])
      .when(disclose)
      .thenRefused({ rule: 'disclosure.third-country-agreement', article: 'GDPR Art. 48' })
    await spec
      .given([received('US', 'EU-US MLA Agreement'), assessed()])
      .when(disclose)
      .thenRecorded(['DataDisclosedToAuthority'])
  })
})

describe('rule 5 given/when/then: sub-processors', () => {
  const signed = step(
    'signDataProcessingAgreement',
    {
      controllerId: CONTROLLER,
      actor: 'dpo',
      processorId: 'we4you',
      processorName: 'We4you AS',
      country: 'NO',
      subjectMatter: 'switchboard answering for business customers',
      duration: 'the term of the service agreement',
      purposes: ['switchboard-answering'],
      dataCategories: ['contact-details'],
      subjectCategories: ['callers'],
      subProcessorAuthorisation: 'general',
      documentRef: 'DPA-2026-021',
      objectionWindow: 'P30D',
    },
    '2026-01-10T10:00:00.000Z',
  )
  const engage = (at: string, country = 'NO', transferMechanisms: object[] = []) =>
    step(
      'engageSubProcessor',
      {
        controllerId: CONTROLLER,
        actor: 'dpo',
        processorId: 'we4you',
        subProcessorId: 'zisson',
        name: 'Zisson AS',
        country,
        services: ['telephone system'],
        dataCategories: ['contact-details'],
        purposes: ['switchboard-answering'],
        authorisation: {
          kind: 'general',
          changeNoticeSentAt: '2026-02-01T10:00:00.000Z',
          objectionWindow: 'P30D',
        },
        transferMechanisms: transferMechanisms as never,
      },
      at,
    )

  it('under general authorisation, only once the objection window after the change notice has passed', async () => {
    await spec
      .given([signed])
      .when(engage('2026-03-03T09:59:59.999Z'))
      .thenRefused({ rule: 'processor.sub-processor-authorisation', article: 'GDPR Art. 28(2)' })
    await spec
      .given([signed])
      .when(engage('2026-03-03T10:00:00.000Z'))
      .thenRecorded(['SubProcessorEngaged'])
  })

  it('not after the controller objected to the change notice', async () => {
    await spec
      .given([
        signed,
        step(
          'objectToSubProcessor',
          {
            controllerId: CONTROLLER,
            actor: 'customer-dpo',
            processorId: 'we4you',
            subProcessorId: 'zisson',
            reason: 'no audit rights',
          },
          '2026-02-10T10:00:00.000Z',
        ),
      ])
      .when(engage('2026-03-10T10:00:00.000Z'))
      .thenRefused({ rule: 'processor.sub-processor-authorisation' })
  })

  it('outside the EEA, only with a valid transfer mechanism', async () => {
    await spec
      .given([signed])
      .when(engage('2026-03-10T10:00:00.000Z', 'IN'))
      .thenRefused({ rule: 'transfer.valid-mechanism', article: 'GDPR Arts. 44-49' })
    await spec
      .given([signed])
      .when(
        engage('2026-03-10T10:00:00.000Z', 'IN', [
          {
            kind: 'sccs',
            module: 'processor-to-processor',
            version: '2021/914',
            transferImpactAssessment: {
              reference: 'TIA-2026-04',
              assessedAt: '2026-02-20T00:00:00.000Z',
            },
          },
        ]),
      )
      .thenRecorded(['SubProcessorEngaged'])
  })
})

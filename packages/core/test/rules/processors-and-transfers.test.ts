import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  NO,
  SE,
  adequacyInForce,
  checkSubProcessorAuthorisation,
  checkTransfer,
  isMechanismValid,
  type TransferMechanism,
} from '../../src'
import {
  PROPERTY_TIMEOUT,
  at,
  expectLawful,
  expectViolation,
  fold,
  iso,
  ms,
  numRuns,
} from './facts'

const agreement = (authorisation: 'specific' | 'general', objectionWindow?: string) =>
  at('processor', 'DataProcessingAgreementSigned', '2026-01-01T00:00:00.000Z', {
    processorId: 'cloudcall',
    processorName: 'CloudCall AB',
    country: 'SE',
    subjectMatter: 'hosted switchboard',
    duration: 'the term of the service agreement',
    purposes: ['service-delivery'],
    dataCategories: ['call-records'],
    subjectCategories: ['subscribers'],
    subProcessorAuthorisation: authorisation,
    documentRef: 'DPA-2026-014',
    ...(objectionWindow === undefined ? {} : { objectionWindow }),
  })
const objected = (when: string) =>
  at('processor', 'SubProcessorObjected', when, {
    processorId: 'cloudcall',
    subProcessorId: 'zisson',
    reason: 'no audit rights',
  })
const NOTICE = '2026-03-01T10:00:00.000Z'
const general = (objectionWindow = 'P30D') => ({
  subProcessorId: 'zisson',
  authorisation: { kind: 'general' as const, changeNoticeSentAt: NOTICE, objectionWindow },
})

describe('rule 5: sub-processor authorisation (Art. 28(2))', () => {
  it('a specific authorisation counts from when it was granted', () => {
    const state = fold('processor', [agreement('specific')])
    const specific = {
      subProcessorId: 'zisson',
      authorisation: { kind: 'specific' as const, reference: 'AUTH-3', grantedAt: NOTICE },
    }
    expectLawful(checkSubProcessorAuthorisation(state, specific, NOTICE, NO))
    expectViolation(
      checkSubProcessorAuthorisation(state, specific, '2026-03-01T09:59:59.999Z', NO),
      'processor.sub-processor-authorisation',
      'Art. 28(2)',
    )
  })

  it('general authorisation needs an agreement that gives it', () => {
    expectViolation(
      checkSubProcessorAuthorisation(
        fold('processor', [agreement('specific')]),
        general(),
        '2026-06-01T00:00:00.000Z',
        SE,
      ),
      'processor.sub-processor-authorisation',
    )
  })

  it('under general authorisation the objection window must have passed, in local calendar days', () => {
    const state = fold('processor', [agreement('general')])
    // 30 days from 11:00 local on 1 March is 11:00 local on 31 March, in summer time: 09:00 UTC.
    expectViolation(
      checkSubProcessorAuthorisation(state, general(), '2026-03-31T08:59:59.999Z', SE),
      'processor.sub-processor-authorisation',
    )
    expectLawful(checkSubProcessorAuthorisation(state, general(), '2026-03-31T09:00:00.000Z', SE))
  })

  it("the longer of the agreement's and the notice's windows applies", () => {
    const state = fold('processor', [agreement('general', 'P2M')])
    expectViolation(
      checkSubProcessorAuthorisation(state, general('P30D'), '2026-04-15T00:00:00.000Z', SE),
      'processor.sub-processor-authorisation',
    )
    expectLawful(
      checkSubProcessorAuthorisation(state, general('P30D'), '2026-05-01T09:00:00.000Z', SE),
    )
  })

  it('an objection after the change notice blocks the engagement; one before it does not', () => {
    const after = fold('processor', [agreement('general'), objected('2026-03-10T00:00:00.000Z')])
    expectViolation(
      checkSubProcessorAuthorisation(after, general(), '2026-04-15T00:00:00.000Z', SE),
      'processor.sub-processor-authorisation',
    )
    const before = fold('processor', [agreement('general'), objected('2026-02-10T00:00:00.000Z')])
    expectLawful(checkSubProcessorAuthorisation(before, general(), '2026-04-15T00:00:00.000Z', SE))
  })
})

const usRegister = fold('adequacy', [
  at('adequacy', 'AdequacyDecisionRecorded', '2016-07-12T00:00:00.000Z', {
    country: 'US',
    decision: 'Commission Implementing Decision (EU) 2016/1250',
    validFrom: '2016-08-01T00:00:00.000Z',
  }),
  at('adequacy', 'AdequacyDecisionRevoked', '2020-07-16T00:00:00.000Z', {
    country: 'US',
    decision: 'Commission Implementing Decision (EU) 2016/1250',
    reason: 'annulled by the CJEU in C-311/18 (Schrems II)',
  }),
  at('adequacy', 'AdequacyDecisionRecorded', '2023-07-10T00:00:00.000Z', {
    country: 'US',
    decision: 'Commission Implementing Decision (EU) 2023/1795',
    validFrom: '2023-07-10T00:00:00.000Z',
  }),
])
const privacyShield: TransferMechanism = {
  kind: 'adequacy',
  decision: 'Commission Implementing Decision (EU) 2016/1250',
  validFrom: '2016-08-01T00:00:00.000Z',
}
const dpf: TransferMechanism = {
  kind: 'adequacy',
  decision: 'Commission Implementing Decision (EU) 2023/1795',
  validFrom: '2023-07-10T00:00:00.000Z',
}
const sccs: TransferMechanism = {
  kind: 'sccs',
  module: 'controller-to-processor',
  version: '2021/914',
  transferImpactAssessment: { reference: 'TIA-2026-02', assessedAt: '2026-02-01T00:00:00.000Z' },
}

describe('rule 5: transfers outside the EEA (Arts. 44-49)', () => {
  it('need no mechanism inside the EEA, Norway, Iceland and Liechtenstein included', () => {
    for (const country of ['IE', 'NO', 'IS', 'LI'])
      expectLawful(
        checkTransfer({ country, mechanisms: [] }, '2026-03-01T00:00:00.000Z', undefined),
      )
  })

  it('need at least one mechanism valid at the time', () => {
    expectViolation(
      checkTransfer({ country: 'US', mechanisms: [] }, '2026-03-01T00:00:00.000Z', undefined),
      'transfer.valid-mechanism',
      'GDPR Arts. 44-49',
    )
    expectLawful(
      checkTransfer(
        { country: 'US', mechanisms: [privacyShield, dpf] },
        '2026-03-01T00:00:00.000Z',
        usRegister,
      ),
    )
  })

  it('an adequacy decision counts while the register has it in force: the Privacy Shield until Schrems II', () => {
    expect(adequacyInForce(usRegister, privacyShield.decision, '2020-07-15T23:59:59.999Z')).toBe(
      true,
    )
    expect(adequacyInForce(usRegister, privacyShield.decision, '2020-07-16T00:00:00.000Z')).toBe(
      false,
    )
    expect(
      adequacyInForce(usRegister, 'unknown decision', '2020-07-16T00:00:00.000Z'),
    ).toBeUndefined()
    expectViolation(
      checkTransfer(
        { country: 'US', mechanisms: [privacyShield] },
        '2021-01-01T00:00:00.000Z',
        usRegister,
      ),
      'transfer.valid-mechanism',
    )
    // Without the register, the mechanism's own dates decide.
    expectLawful(
      checkTransfer(
        { country: 'US', mechanisms: [privacyShield] },
        '2021-01-01T00:00:00.000Z',
        undefined,
      ),
    )
    expect(
      isMechanismValid(
        { ...privacyShield, validUntil: '2020-07-16T00:00:00.000Z' },
        '2021-01-01T00:00:00.000Z',
        undefined,
      ),
    ).toBe(false)
  })

  it('SCCs count once the transfer impact assessment is made; BCRs and documented derogations count', () => {
    expect(isMechanismValid(sccs, '2026-01-31T23:59:59.999Z', undefined)).toBe(false)
    expect(isMechanismValid(sccs, '2026-02-01T00:00:00.000Z', undefined)).toBe(true)
    expect(
      isMechanismValid(
        { kind: 'bcr', reference: 'BCR-P-12', approvedBy: 'Datatilsynet (DK)' },
        '2026-02-01T00:00:00.000Z',
        undefined,
      ),
    ).toBe(true)
    expect(
      isMechanismValid(
        {
          kind: 'derogation',
          ground: 'contract-with-subject',
          documentation: 'roaming support case',
        },
        '2026-02-01T00:00:00.000Z',
        undefined,
      ),
    ).toBe(true)
  })
})

describe('rule 5 properties', { timeout: PROPERTY_TIMEOUT }, () => {
  const base = ms('2016-01-01T00:00:00.000Z')
  const time = fc.integer({ min: 0, max: 4000 }).map((d) => iso(base + d * 86_400_000))

  it('an adequacy-only transfer is lawful exactly while the cited decision is in force by its dates and the register', () => {
    fc.assert(
      fc.property(
        time,
        fc.option(time, { nil: undefined }),
        fc.option(time, { nil: undefined }),
        time,
        (validFrom, revokedAt, validUntil, when) => {
          const decision = 'decision-x'
          const register = fold('adequacy', [
            at('adequacy', 'AdequacyDecisionRecorded', validFrom, {
              country: 'JP',
              decision,
              validFrom,
            }),
            ...(revokedAt === undefined
              ? []
              : [
                  at('adequacy', 'AdequacyDecisionRevoked', revokedAt, {
                    country: 'JP',
                    decision,
                    reason: 'repealed',
                  }),
                ]),
          ])
          const mechanism: TransferMechanism = {
            kind: 'adequacy',
            decision,
            validFrom,
            ...(validUntil === undefined ? {} : { validUntil }),
          }
          const lawful =
            checkTransfer({ country: 'JP', mechanisms: [mechanism] }, when, register)._tag ===
            'Right'
          const expected =
            validFrom <= when &&
            (validUntil === undefined || when < validUntil) &&
            (revokedAt === undefined || when < revokedAt)
          expect(lawful).toBe(expected)
        },
      ),
      { numRuns },
    )
  })
})

import type { SubProcessorEngaged, TransferMechanism } from '../catalogue'
import type { AdequacyState } from '../deciders/adequacy'
import type { ProcessorState } from '../deciders/processor'
import { addIsoDuration } from '../jurisdiction/calendar'
import { isEea } from '../jurisdiction/eea'
import type { Jurisdiction } from '../jurisdiction/jurisdiction'
import type { ComplianceRule } from '../ledger/decision'
import { firstViolation, lawful, violation, type Verdict } from './verdict'

/**
 * Rule 5, processors and transfers (GDPR Arts. 28, 44-49). A sub-processor needs the
 * controller's specific authorisation, granted before the engagement, or (where the agreement
 * gives general authorisation) a change notice whose objection window has passed without an
 * objection (Art. 28(2)). Personal data leaves the EEA only with at least one mechanism valid
 * at the time: an adequacy decision in force (Art. 45), standard contractual clauses with a
 * transfer impact assessment made before (Art. 46(2)(c), CJEU C-311/18), binding corporate
 * rules (Art. 47), or a documented Art. 49 derogation.
 */

/**
 * Is the named adequacy decision in force at `at` by the ledger's adequacy register? When the
 * register does not know the decision, `undefined`: the mechanism's own dates then decide.
 *
 * @example
 * ```ts
 * import { adequacyInForce } from '@gdpr-ledger/core'
 * adequacyInForce(usRegister, 'EU-US Privacy Shield (2016/1250)', '2020-08-01T00:00:00.000Z') // false
 * ```
 */
export const adequacyInForce = (
  register: AdequacyState | undefined,
  decision: string,
  at: string,
): boolean | undefined => {
  const record = register?.decisions[decision]
  if (record === undefined) return undefined
  return (
    record.validFrom <= at &&
    (record.validUntil === undefined || at < record.validUntil) &&
    (record.revokedAt === undefined || at < record.revokedAt)
  )
}

/**
 * Is one transfer mechanism valid at `at`?
 *
 * @example
 * ```ts
 * import { isMechanismValid } from '@gdpr-ledger/core'
 * isMechanismValid({ kind: 'derogation', ground: 'explicit-consent', documentation: 'consent record ref' }, at, undefined) // true
 * ```
 */
export const isMechanismValid = (
  mechanism: TransferMechanism,
  at: string,
  register: AdequacyState | undefined,
): boolean => {
  switch (mechanism.kind) {
    case 'adequacy':
      return (
        mechanism.validFrom <= at &&
        (mechanism.validUntil === undefined || at < mechanism.validUntil) &&
        adequacyInForce(register, mechanism.decision, at) !== false
      )
    case 'sccs':
      return mechanism.transferImpactAssessment.assessedAt <= at
    case 'bcr':
    case 'derogation':
      // The codec requires the approval reference or the documentation: recorded is valid.
      return true
  }
}

/**
 * A transfer to `country` at `at` is lawful inside the EEA, or with at least one valid mechanism.
 *
 * @example
 * ```ts
 * import { checkTransfer } from '@gdpr-ledger/core'
 * checkTransfer({ country: 'US', mechanisms: [] }, '2026-11-23T09:00:00.000Z', undefined) // Left(transfer.valid-mechanism)
 * checkTransfer({ country: 'NO', mechanisms: [] }, '2026-11-23T09:00:00.000Z', undefined) // Right
 * ```
 */
export const checkTransfer = (
  transfer: { readonly country: string; readonly mechanisms: readonly TransferMechanism[] },
  at: string,
  register: AdequacyState | undefined,
): Verdict =>
  isEea(transfer.country) || transfer.mechanisms.some((m) => isMechanismValid(m, at, register))
    ? lawful
    : violation(
        'transfer.valid-mechanism',
        'GDPR Arts. 44-49',
        `${transfer.country} is outside the EEA and no transfer mechanism is valid at the time (an adequacy decision in force, SCCs with a transfer impact assessment, binding corporate rules, or a documented Art. 49 derogation)`,
      )

/**
 * A sub-processor's authorisation at `at`: specific and granted by then, or general (if the
 * agreement allows it) with the objection window after the change notice passed and no
 * objection to the sub-processor since the notice. The window is the longer of the
 * agreement's and the engagement's, counted in the jurisdiction's calendar.
 *
 * @example
 * ```ts
 * import { checkSubProcessorAuthorisation, jurisdictions } from '@gdpr-ledger/core'
 * checkSubProcessorAuthorisation(processorState, engagement, occurredAt, jurisdictions.NO)
 * ```
 */
export const checkSubProcessorAuthorisation = (
  processor: Pick<ProcessorState, 'agreement' | 'objections'>,
  engagement: Pick<SubProcessorEngaged, 'subProcessorId' | 'authorisation'>,
  at: string,
  jurisdiction: Jurisdiction,
): Verdict => {
  const authorisation = engagement.authorisation
  if (authorisation.kind === 'specific') {
    return authorisation.grantedAt <= at
      ? lawful
      : violation(
          'processor.sub-processor-authorisation',
          'GDPR Art. 28(2)',
          'the specific authorisation is granted after the engagement',
        )
  }
  const agreement = processor.agreement
  if (agreement?.subProcessorAuthorisation !== 'general')
    return violation(
      'processor.sub-processor-authorisation',
      'GDPR Art. 28(2)',
      'the data processing agreement requires specific prior authorisation of each sub-processor',
    )
  const windows = [authorisation.objectionWindow, agreement.objectionWindow].filter(
    (w): w is string => w !== undefined,
  )
  const windowEnds = windows
    .map((w) => addIsoDuration(authorisation.changeNoticeSentAt, w, jurisdiction.timeZone))
    .reduce((a, b) => (a > b ? a : b))
  const objected = (processor.objections[engagement.subProcessorId] ?? []).some(
    (objectedAt) => objectedAt >= authorisation.changeNoticeSentAt && objectedAt <= at,
  )
  return firstViolation(
    () =>
      windowEnds <= at
        ? lawful
        : violation(
            'processor.sub-processor-authorisation',
            'GDPR Art. 28(2)',
            `the controller's objection window after the change notice runs until ${windowEnds}`,
          ),
    () =>
      objected
        ? violation(
            'processor.sub-processor-authorisation',
            'GDPR Art. 28(2)',
            'the controller objected to this sub-processor after the change notice',
          )
        : lawful,
  )
}

/**
 * Runs rule 5 on sub-processor engagements. As a `ComplianceRule` over a ledger `Decision`: the ledger runs it on every command
 * (it is in `builtInRules`); a findings projection can run it over a decision rebuilt from
 * imported facts.
 *
 * @example
 * ```ts
 * import { processorsAndTransfersRule } from '@gdpr-ledger/core'
 * const verdict = processorsAndTransfersRule(decision) // Right(undefined), or Left(ComplianceViolation)
 * ```
 */
export const processorsAndTransfersRule: ComplianceRule = (decision) => {
  const { command } = decision
  const processor = decision.streams.processor?.state
  if (command.event.type !== 'SubProcessorEngaged' || processor === undefined) return lawful
  const engagement = command.event.data
  return firstViolation(
    () =>
      checkSubProcessorAuthorisation(
        processor,
        engagement,
        command.occurredAt,
        decision.jurisdiction,
      ),
    () =>
      checkTransfer(
        { country: engagement.country, mechanisms: engagement.transferMechanisms },
        command.occurredAt,
        decision.streams.adequacy?.state,
      ),
  )
}

import {
  checkTransfer,
  isEea,
  type ComplianceViolation,
  type TransferMechanism,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { byString, lookup, sortedEntries } from './dict'
import type { RegisterState } from './register'

/**
 * The sub-processor and transfer register: who processes or receives the data, where, for
 * what, under which transfer mechanism (GDPR Arts. 28, 30(1)(e), 44-49). An entry outside the
 * EEA without a mechanism valid at the time is flagged by core's `checkTransfer`, the rule the
 * gate runs. A query over the register projection's state.
 */
export interface TransferRow {
  readonly kind: 'processor' | 'sub-processor' | 'transfer'
  readonly controllerId: string
  readonly processorId?: string
  readonly subProcessorId?: string
  readonly activityId?: string
  readonly recipientId?: string
  readonly name: string
  readonly country: string
  readonly inEea: boolean
  readonly purposes: readonly string[]
  readonly dataCategories: readonly string[]
  readonly services: readonly string[]
  readonly mechanisms: readonly TransferMechanism[]
  /** Art. 28(2): how a sub-processor was authorised. */
  readonly authorisation?: 'specific' | 'general'
  readonly status: 'signed' | 'engaged' | 'objected' | 'removed' | 'declared'
  readonly since: string
  /** Outside the EEA with no mechanism valid at the register's time. */
  readonly flag?: ComplianceViolation
}

export interface TransferQuery {
  /** Judge mechanisms at this instant (adequacy in force, TIA done). */
  readonly at: string
  readonly controllerId?: string
  /** List removed sub-processors and retired activities' transfers too (default false). */
  readonly includeEnded?: boolean
}

/**
 * Every processor, sub-processor and declared third-country transfer, by controller and name.
 *
 * @example
 * ```ts
 * const flagged = transferRegister(runner.state(registerProjection), { at: new Date().toISOString() })
 *   .filter((row) => row.flag !== undefined)
 * ```
 */
export const transferRegister = (state: RegisterState, query: TransferQuery): TransferRow[] => {
  const rows: TransferRow[] = []
  const wanted = (controllerId: string | undefined): controllerId is string =>
    controllerId !== undefined &&
    (query.controllerId === undefined || controllerId === query.controllerId)
  const judged = (row: Omit<TransferRow, 'inEea' | 'flag'>, ended: boolean): TransferRow => {
    const verdict = checkTransfer(row, query.at, lookup(state.adequacy, row.country))
    return {
      ...row,
      inEea: isEea(row.country),
      ...(E.isLeft(verdict) && !ended ? { flag: verdict.left } : {}),
    }
  }
  for (const [processorId, processor] of sortedEntries(state.processors)) {
    const agreement = processor.agreement
    if (!wanted(processor.controllerId) || agreement === undefined) continue
    rows.push(
      judged(
        {
          kind: 'processor',
          controllerId: processor.controllerId,
          processorId,
          name: agreement.processorName,
          country: agreement.country,
          purposes: agreement.purposes,
          dataCategories: agreement.dataCategories,
          services: [agreement.subjectMatter],
          mechanisms: agreement.transferMechanisms ?? [],
          status: 'signed',
          since: processor.signedAt ?? '',
        },
        false,
      ),
    )
    for (const [subProcessorId, sub] of sortedEntries(processor.subProcessors)) {
      if (sub.status === 'removed' && query.includeEnded !== true) continue
      const e = sub.engagement
      rows.push(
        judged(
          {
            kind: 'sub-processor',
            controllerId: processor.controllerId,
            processorId,
            subProcessorId,
            name: e.name,
            country: e.country,
            purposes: e.purposes,
            dataCategories: e.dataCategories,
            services: e.services,
            mechanisms: e.transferMechanisms,
            authorisation: e.authorisation.kind,
            status: sub.status,
            since: sub.engagedAt,
          },
          sub.status === 'removed',
        ),
      )
    }
  }
  for (const [activityId, activity] of sortedEntries(state.activities)) {
    const d = activity.declaration
    if (!wanted(activity.controllerId) || d === undefined) continue
    const ended = activity.status === 'retired'
    if (ended && query.includeEnded !== true) continue
    for (const transfer of d.transfers) {
      const recipient = d.recipients.find((r) => r.recipientId === transfer.recipientId)
      rows.push(
        judged(
          {
            kind: 'transfer',
            controllerId: activity.controllerId,
            activityId,
            recipientId: transfer.recipientId,
            name: recipient?.name ?? transfer.recipientId,
            country: transfer.country,
            purposes: d.purposes,
            dataCategories: d.dataCategories,
            services: [],
            mechanisms: transfer.mechanisms,
            status: 'declared',
            since: activity.declaredAt ?? '',
          },
          ended,
        ),
      )
    }
  }
  return rows.sort(byString((row) => `${row.controllerId}\u0000${row.kind}\u0000${row.name}`))
}

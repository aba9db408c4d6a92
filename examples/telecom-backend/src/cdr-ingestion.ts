import { describeError, type Ledger, type LedgerError } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import type pg from 'pg'
import { insertCallRecords, knownSubscribers, type CallRecord } from './tables'

/**
 * The CDR pipeline's billing run: call records arrive from the switch in batches, are stored,
 * and rated for billing. Each batch records one billing processing per subscriber (with the
 * number of records), not one per call: the ledger needs who, what, when and why, and the
 * records themselves stay in the billing tables. The per-subscriber commands of a batch are
 * sent together, so the PostgreSQL store commits them in a few grouped transactions.
 */

export interface IngestionOptions {
  readonly ledger: Ledger
  readonly db: pg.Pool
  readonly controllerId: string
  /** Call records per batch (default 1,000). */
  readonly batchSize?: number
  /** Ledger commands in flight at once within a batch (default 64). */
  readonly concurrency?: number
  /** Called after each batch: records done so far, of `total`. */
  readonly onProgress?: (done: number, total: number) => void
  /** Identifies the run in the batch references (default the time). */
  readonly runId?: string
}

export interface IngestionResult {
  readonly records: number
  readonly batches: number
  /** Subscribers × batches whose billing was recorded. */
  readonly recorded: number
  /** Records of subscribers the backend does not know: not stored, not billed. */
  readonly unknownSubscriberRecords: number
  /** Billing the ledger refused, by subscriber: those records are stored but not rated. */
  readonly refused: readonly { readonly subjectId: string; readonly rule: string }[]
}

/** A failure that stops the run (the store or the database is down); batches before it stand. */
export type IngestionError = LedgerError | { readonly _tag: 'DatabaseUnavailable' }

const groupBySubscriber = (records: readonly CallRecord[]) => {
  const groups = new Map<string, number>()
  for (const r of records) groups.set(r.subjectId, (groups.get(r.subjectId) ?? 0) + 1)
  return groups
}

export const ingestCallRecords = async (
  records: readonly CallRecord[],
  options: IngestionOptions,
): Promise<E.Either<IngestionError, IngestionResult>> => {
  const batchSize = options.batchSize ?? 1000
  const concurrency = options.concurrency ?? 64
  const runId = options.runId ?? new Date().toISOString().replace(/[^0-9]/g, '')
  let recorded = 0
  let unknown = 0
  let batches = 0
  const refused: { subjectId: string; rule: string }[] = []
  options.onProgress?.(0, records.length)
  for (let start = 0; start < records.length; start += batchSize) {
    const batch = records.slice(start, start + batchSize)
    const batchId = `cdr-${runId}-${batches + 1}`
    let known: Set<string>
    try {
      known = await knownSubscribers(options.db, [...new Set(batch.map((r) => r.subjectId))])
      const kept = batch.filter((r) => known.has(r.subjectId))
      unknown += batch.length - kept.length
      if (kept.length > 0) await insertCallRecords(options.db, batchId, kept)
    } catch {
      return E.left({ _tag: 'DatabaseUnavailable' })
    }
    // #region batch
    const groups = [...groupBySubscriber(batch.filter((r) => known.has(r.subjectId)))]
    for (let i = 0; i < groups.length; i += concurrency) {
      const results = await Promise.all(
        groups.slice(i, i + concurrency).map(([subjectId, count]) =>
          options.ledger.recordProcessing({
            controllerId: options.controllerId,
            actor: 'cdr-pipeline',
            subjectId,
            actorId: 'cdr-rating',
            actorRole: 'system',
            system: 'billing',
            activityId: 'act-billing',
            purpose: 'billing',
            legalBasis: 'contract',
            ePrivacyBasis: 'billing',
            dataCategories: ['call-records'],
            action: 'analyse',
            recordCount: count,
            reference: batchId,
            // A re-run of the same batch records nothing twice.
            commandId: `${batchId}-${subjectId}`,
          }),
        ),
      )
      for (const [index, result] of results.entries()) {
        if (E.isRight(result)) recorded += 1
        else if (result.left._tag === 'ComplianceViolation')
          refused.push({ subjectId: groups[i + index]?.[0] ?? '', rule: result.left.rule })
        else return E.left(result.left)
      }
    }
    // #endregion batch
    batches += 1
    options.onProgress?.(Math.min(start + batch.length, records.length), records.length)
  }
  return E.right({
    records: records.length,
    batches,
    recorded,
    unknownSubscriberRecords: unknown,
    refused,
  })
}

/** One line about a failed run, safe to log. */
export const describeIngestionError = (error: IngestionError): string =>
  error._tag === 'DatabaseUnavailable'
    ? 'the billing database is unavailable'
    : describeError(error)

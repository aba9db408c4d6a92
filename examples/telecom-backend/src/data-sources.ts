import type { DataSource, DataSources, SubjectRecords } from '@gdpr-ledger/projections'
import * as E from 'fp-ts/lib/Either.js'
import type pg from 'pg'
import { findSubscriber } from './tables'

/**
 * The backend's `DataSource`s: one per system the processing records name (`crm` collects the
 * subscriber at sign-up, `billing` rates the call records). The access report's manifest says
 * which system holds which categories; each source answers for exactly those.
 */

// #region crm
const crm = (db: pg.Pool): DataSource => ({
  fetch: async ({ subjectId, dataCategories }) => {
    try {
      const subscriber = await findSubscriber(db, subjectId)
      if (subscriber === undefined)
        return E.left({ _tag: 'DataSourceFailed', system: 'crm', reason: 'unknown subscriber' })
      const parts: SubjectRecords[] = dataCategories.map((dataCategory) => ({
        dataCategory,
        records:
          dataCategory === 'contact-details'
            ? [{ name: subscriber.name, email: subscriber.email }]
            : dataCategory === 'subscriber-identity'
              ? [{ msisdn: subscriber.msisdn }]
              : [],
      }))
      return E.right(parts)
    } catch {
      return E.left({ _tag: 'DataSourceFailed', system: 'crm', reason: 'the CRM database failed' })
    }
  },
})

// #endregion crm

const billing = (db: pg.Pool): DataSource => ({
  fetch: async ({ subjectId, dataCategories }) => {
    try {
      const rows = dataCategories.includes('call-records')
        ? (
            await db.query<{
              started_at: Date
              callee: string
              duration_s: number
              cell_id: string
            }>(
              `SELECT started_at, callee, duration_s, cell_id FROM telecom.call_records
               WHERE subject_id = $1 ORDER BY started_at`,
              [subjectId],
            )
          ).rows
        : []
      return E.right(
        dataCategories.map((dataCategory) => ({
          dataCategory,
          records:
            dataCategory === 'call-records'
              ? rows.map((r) => ({
                  startedAt: r.started_at.toISOString(),
                  callee: r.callee,
                  durationSeconds: r.duration_s,
                  cellId: r.cell_id,
                }))
              : [],
        })),
      )
    } catch {
      return E.left({
        _tag: 'DataSourceFailed',
        system: 'billing',
        reason: 'the billing database failed',
      })
    }
  },
})

export const dataSources = (db: pg.Pool): DataSources => ({ crm: crm(db), billing: billing(db) })

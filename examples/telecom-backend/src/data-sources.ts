import type { DataSource, DataSources, SubjectRecords } from '@gdpr-ledger/projections'
import * as E from 'fp-ts/lib/Either.js'
import type pg from 'pg'
import { findSubscriber, offersTo } from './tables'

/**
 * The backend's `DataSource`s: one per system the processing records name (`crm` collects the
 * subscriber at sign-up, `billing` rates the call records, `campaigns` sends offers on
 * consent). The access report's manifest says which system holds which categories; each
 * source answers for exactly those. A system that records processing without a source here
 * makes every export that names it fail (`MissingDataSource`), so each new `system` a route
 * records needs its source beside these.
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

/**
 * The campaign engine holds what it used to send each offer: the address it went to
 * (`contact-details`) and, for a location-based offer, the cell the subscriber was in
 * (`cell-location`), from its own `offers` table.
 */
const campaigns = (db: pg.Pool): DataSource => ({
  fetch: async ({ subjectId, dataCategories }) => {
    try {
      const offers = await offersTo(db, subjectId)
      return E.right(
        dataCategories.map((dataCategory) => ({
          dataCategory,
          records:
            dataCategory === 'contact-details'
              ? offers.map((o) => ({ sentAt: o.sentAt, purpose: o.purpose, sentTo: o.sentTo }))
              : dataCategory === 'cell-location'
                ? offers.flatMap((o) =>
                    o.cellId === undefined ? [] : [{ sentAt: o.sentAt, cellId: o.cellId }],
                  )
                : [],
        })),
      )
    } catch {
      return E.left({
        _tag: 'DataSourceFailed',
        system: 'campaigns',
        reason: 'the campaigns database failed',
      })
    }
  },
})

export const dataSources = (db: pg.Pool): DataSources => ({
  crm: crm(db),
  billing: billing(db),
  campaigns: campaigns(db),
})

import { stringify } from 'csv-stringify/sync'
import { formatTable } from '../io'

/** One table of a report: what `table` and `csv` print. */
export interface ReportTable {
  readonly title?: string
  readonly header: readonly string[]
  readonly rows: readonly (readonly string[])[]
}

/** A report ready to print: the full answer for `json`, its tables for `table` and `csv`. */
export interface ReportOutput {
  readonly title: string
  readonly json: unknown
  /** The first table is the one `csv` prints; the others are parts of the same report. */
  readonly tables: readonly ReportTable[]
  /** How many findings the report holds (the exit code is 1 when any). */
  readonly findings?: number
}

export type ReportFormat = 'table' | 'json' | 'csv'

/** Positions are bigints: JSON carries them as decimal strings. */
const replacer = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value

/** The lines to print for `output` in `format`. */
export const renderReport = (output: ReportOutput, format: ReportFormat): string[] => {
  switch (format) {
    case 'json':
      return [JSON.stringify(output.json, replacer, 2)]
    case 'csv': {
      const main = output.tables[0]
      if (main === undefined) return []
      return [stringify([main.header, ...main.rows], { record_delimiter: 'unix' }).trimEnd()]
    }
    case 'table':
      return [
        output.title,
        ...output.tables.flatMap((table) => [
          '',
          ...(table.title === undefined ? [] : [table.title]),
          ...(table.rows.length === 0 ? ['(none)'] : formatTable(table.header, table.rows)),
        ]),
      ]
  }
}

/** A list for one table cell. */
export const list = (values: readonly string[] | undefined): string => (values ?? []).join(', ')

/** An optional value for one table cell. */
export const cell = (value: string | number | bigint | boolean | undefined): string =>
  value === undefined ? '' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)

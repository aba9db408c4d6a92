import type { LegalBasis } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import type { AccessReport, ManifestEntry } from './access-report'
import { lookup } from './dict'

/**
 * The `DataSource` port: the ledger holds no personal data, so the copy of the data (GDPR
 * Art. 15(3)) and the portability export (Art. 20) are assembled from the access report's
 * manifest by asking each system that holds the subject's data for it. The backend implements
 * one `DataSource` per system (CRM, billing, the CDR store) and hands them over by system id,
 * the same slug its processing records name in `system`.
 *
 * A source is asked only for the categories the manifest says the system holds, and must
 * answer with those categories only: anything else is refused as `DataSourceMisbehaved`, so a
 * source that answers too much never leaks it into a copy.
 */

/** A JSON value: what a copy or export is made of. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue }

/** What the assembly asks one system for. */
export interface DataSourceRequest {
  readonly controllerId: string
  readonly subjectId: string
  readonly system: string
  /** The categories the manifest says this system holds (for an export: those on consent or contract). */
  readonly dataCategories: readonly string[]
  /** `copy`: Art. 15(3); `export`: Art. 20 (structured, machine-readable, as provided). */
  readonly purpose: 'copy' | 'export'
}

/** One category of the subject's data in one system. */
export interface SubjectRecords {
  readonly dataCategory: string
  readonly records: readonly JsonValue[]
}

/** A source could not answer (its system is down, the subject is unknown there). */
export interface DataSourceFailed {
  readonly _tag: 'DataSourceFailed'
  readonly system: string
  /** Why, without personal data. */
  readonly reason: string
}

/** The manifest names systems no source was given for: a copy without them would be incomplete. */
export interface MissingDataSource {
  readonly _tag: 'MissingDataSource'
  readonly systems: readonly string[]
}

/** A source answered with a category it was not asked for, or with something that is not JSON. */
export interface DataSourceMisbehaved {
  readonly _tag: 'DataSourceMisbehaved'
  readonly system: string
  readonly reason: string
}

export type AssemblyError = DataSourceFailed | MissingDataSource | DataSourceMisbehaved

/**
 * One system's data about a subject, as the backend reads it.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import type { DataSource } from '@gdpr-ledger/projections'
 *
 * const crm: DataSource = {
 *   fetch: async ({ subjectId, dataCategories }) => {
 *     const customer = await db.customers.findByPseudonym(subjectId)
 *     if (customer === undefined) return E.left({ _tag: 'DataSourceFailed', system: 'crm', reason: 'subject not found' })
 *     return E.right(
 *       dataCategories.map((dataCategory) => ({
 *         dataCategory,
 *         records: dataCategory === 'contact-details' ? [{ name: customer.name, email: customer.email }] : [],
 *       })),
 *     )
 *   },
 * }
 * ```
 */
export interface DataSource {
  fetch(request: DataSourceRequest): Promise<E.Either<DataSourceFailed, readonly SubjectRecords[]>>
}

/** The backend's sources, by system id. */
export type DataSources = Readonly<Record<string, DataSource>>

/** One category of a system's part of a copy or export. */
export interface CategoryData extends SubjectRecords {
  /** The legal bases it was processed on in this system. */
  readonly legalBases: readonly LegalBasis[]
}

/** One system's part of a copy or export. */
export interface SystemData {
  readonly system: string
  /** By data category, in the manifest's order. */
  readonly data: readonly CategoryData[]
}

/** The data assembled for a subject: Art. 15(3) copy or Art. 20 export. */
export interface SubjectData {
  readonly format: 'gdpr-ledger/art15-copy' | 'gdpr-ledger/art20-export'
  readonly formatVersion: 1
  readonly controllerId: string
  readonly subjectId: string
  readonly generatedAt: string
  readonly systems: readonly SystemData[]
}

const isJson = (value: unknown, depth = 0): value is JsonValue => {
  if (depth > 100) return false
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1))
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown
    return (
      (proto === Object.prototype || proto === null) &&
      Object.values(value).every((item) => isJson(item, depth + 1))
    )
  }
  return false
}

/** The legal bases an Art. 20 export covers: consent (6(1)(a)) and contract (6(1)(b)). */
export const PORTABLE_BASES: readonly LegalBasis[] = ['consent', 'contract']

const assemble = async (
  report: AccessReport,
  manifest: readonly ManifestEntry[],
  sources: DataSources,
  purpose: 'copy' | 'export',
): Promise<E.Either<AssemblyError, SubjectData>> => {
  const missing = manifest.filter((entry) => lookup(sources, entry.system) === undefined)
  if (missing.length > 0)
    return E.left({ _tag: 'MissingDataSource', systems: missing.map((entry) => entry.system) })
  const systems: SystemData[] = []
  for (const entry of manifest) {
    const source = lookup(sources, entry.system) as DataSource
    const answer = await source.fetch({
      controllerId: report.controllerId,
      subjectId: report.subjectId,
      system: entry.system,
      dataCategories: entry.held.map((held) => held.dataCategory),
      purpose,
    })
    if (E.isLeft(answer)) return answer
    const asked = new Map(entry.held.map((held) => [held.dataCategory, held]))
    for (const part of answer.right) {
      if (!asked.has(part.dataCategory))
        return E.left({
          _tag: 'DataSourceMisbehaved',
          system: entry.system,
          reason: `answered with category ${JSON.stringify(part.dataCategory)}, which was not asked for`,
        })
      if (!Array.isArray(part.records) || !part.records.every((record) => isJson(record)))
        return E.left({
          _tag: 'DataSourceMisbehaved',
          system: entry.system,
          reason: `the records of category ${part.dataCategory} are not JSON values`,
        })
    }
    const answered = new Map(answer.right.map((part) => [part.dataCategory, part.records]))
    systems.push({
      system: entry.system,
      data: entry.held.map((held) => ({
        dataCategory: held.dataCategory,
        legalBases: held.legalBases,
        records: answered.get(held.dataCategory) ?? [],
      })),
    })
  }
  return E.right({
    format: purpose === 'copy' ? 'gdpr-ledger/art15-copy' : 'gdpr-ledger/art20-export',
    formatVersion: 1,
    controllerId: report.controllerId,
    subjectId: report.subjectId,
    generatedAt: report.generatedAt,
    systems,
  })
}

/**
 * The copy of the personal data undergoing processing (Art. 15(3)): every system in the
 * report's manifest asked for the categories it holds.
 *
 * @example
 * ```ts
 * const copy = await assembleCopy(report, { crm, billing, 'cdr-pipeline': cdrStore })
 * ```
 */
export const assembleCopy = (
  report: AccessReport,
  sources: DataSources,
): Promise<E.Either<AssemblyError, SubjectData>> =>
  assemble(report, report.manifest, sources, 'copy')

/**
 * The manifest of an Art. 20 export: per system, only the categories processed there on
 * consent or contract (a category also processed on another basis stays portable: the
 * subject provided it under the contract or consent).
 */
export const portableManifest = (manifest: readonly ManifestEntry[]): ManifestEntry[] =>
  manifest.flatMap((entry) => {
    const held = entry.held.flatMap((category) => {
      const legalBases = category.legalBases.filter((basis) => PORTABLE_BASES.includes(basis))
      return legalBases.length === 0 ? [] : [{ ...category, legalBases }]
    })
    return held.length === 0 ? [] : [{ system: entry.system, held }]
  })

/**
 * The Art. 20 export: structured, machine-readable JSON of the data processed on consent or
 * contract, from the systems that hold it.
 *
 * @example
 * ```ts
 * const exported = await assembleExport(report, { crm, billing })
 * if (E.isRight(exported)) await writeFile('export.json', JSON.stringify(exported.right, null, 2))
 * ```
 */
export const assembleExport = (
  report: AccessReport,
  sources: DataSources,
): Promise<E.Either<AssemblyError, SubjectData>> =>
  assemble(report, portableManifest(report.manifest), sources, 'export')

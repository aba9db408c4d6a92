import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createLedger, describeError, jurisdictions, type Channel } from '@gdpr-ledger/core'
import {
  accessReport,
  assembleExport,
  describeProjectionError,
  fulfilSubjectRequest,
  parseAsOf,
  portableManifest,
  registerControllers,
  type AsOf,
  type DataSources,
  type FulfilmentError,
} from '@gdpr-ledger/projections'
import * as E from 'fp-ts/lib/Either.js'
import type { CliIO } from '../io'
import type { OpenedStore } from '../store-spec'
import { loadLedgerStates } from './report'

/** The options of `gdpr-ledger export`, as commander hands them over. */
export interface ExportOptions {
  readonly controller?: string
  /** A module exporting the backend's `DataSources` (as `dataSources` or its default export). */
  readonly sources?: string
  /** Record the fulfilment of this portability request. */
  readonly request?: string
  readonly actor?: string
  readonly channel?: string
  readonly asOf?: string
  readonly now?: string
}

/** Loads the backend's data sources from a module, or says why not. */
export type SourcesLoader = (
  specifier: string,
  cwd: string,
) => Promise<E.Either<string, DataSources>>

const isSources = (value: unknown): value is DataSources =>
  typeof value === 'object' &&
  value !== null &&
  Object.values(value).every(
    (source) =>
      typeof source === 'object' &&
      source !== null &&
      typeof (source as { fetch?: unknown }).fetch === 'function',
  )

/** Imports `dataSources` (or the default export) of the module at `specifier`, relative to `cwd`. */
export const importSources: SourcesLoader = async (specifier, cwd) => {
  let module: Record<string, unknown>
  try {
    module = (await import(pathToFileURL(resolve(cwd, specifier)).href)) as Record<string, unknown>
  } catch {
    return E.left('--sources: the module could not be loaded')
  }
  const sources = module.dataSources ?? module.default
  return isSources(sources)
    ? E.right(sources)
    : E.left('--sources: the module exports no `dataSources` (an object of { fetch } by system)')
}

const CHANNELS: readonly Channel[] = ['web', 'app', 'shop', 'phone', 'sms', 'email', 'paper', 'api']

const describeFailure = (error: FulfilmentError): { message: string; code: number } => {
  switch (error._tag) {
    case 'MissingDataSource':
      return { message: `no data source for system(s): ${error.systems.join(', ')}`, code: 2 }
    case 'DataSourceFailed':
      return { message: `data source ${error.system} failed: ${error.reason}`, code: 3 }
    case 'DataSourceMisbehaved':
      return { message: `data source ${error.system} refused: ${error.reason}`, code: 1 }
    case 'RequestNotFulfillable':
      return { message: `request ${error.requestId}: ${error.reason}`, code: 1 }
    case 'CheckpointUnreadable':
      return { message: describeProjectionError(error), code: 3 }
    case 'StoreUnavailable':
      return { message: describeError(error), code: 3 }
    default:
      return { message: describeError(error), code: 1 }
  }
}

/**
 * `gdpr-ledger export <subject>`: the Art. 20 export, machine-readable JSON of the data
 * processed on consent or contract, assembled from the access report's manifest through the
 * backend's data sources (`--sources`). With `--request` the fulfilment of that portability
 * request is recorded. Without `--sources` it prints what the export would hold and from
 * which systems (the ledger holds no personal data itself).
 */
export const runExport = async (
  io: CliIO,
  opened: OpenedStore,
  subjectId: string,
  options: ExportOptions,
  loadSources: SourcesLoader = importSources,
  clock: () => Date = () => new Date(),
): Promise<number> => {
  let asOf: AsOf | undefined
  if (options.asOf !== undefined) {
    const parsed = parseAsOf(options.asOf)
    if (E.isLeft(parsed)) {
      io.err('--as-of takes a global position (digits) or an RFC 3339 instant')
      return 2
    }
    asOf = parsed.right
  }
  if (options.request !== undefined && (options.sources === undefined || asOf !== undefined)) {
    io.err('--request records a fulfilment now: it needs --sources and takes no --as-of')
    return 2
  }
  const channel = (options.channel ?? 'email') as Channel
  if (!CHANNELS.includes(channel)) {
    io.err(`--channel is one of ${CHANNELS.join(', ')}`)
    return 2
  }
  let sources: DataSources | undefined
  if (options.sources !== undefined) {
    const loaded = await loadSources(options.sources, io.cwd)
    if (E.isLeft(loaded)) {
      io.err(loaded.left)
      return 2
    }
    sources = loaded.right
  }
  const now = options.now ?? clock().toISOString()

  const states = await loadLedgerStates(io, opened.store, jurisdictions.SE, asOf)
  if (E.isLeft(states)) {
    io.err(describeProjectionError(states.left))
    return 3
  }
  const context = {
    register: states.right.register,
    disclosures: states.right.disclosures,
    dsrs: states.right.dsrs,
  }
  const known = registerControllers(context.register)
  const controllerId = options.controller ?? (known.length === 1 ? known[0] : undefined)
  if (controllerId === undefined) {
    io.err('give --controller: the export is of one controller’s data')
    return 2
  }

  if (options.request !== undefined && sources !== undefined) {
    const request = Object.hasOwn(context.dsrs.requests, options.request)
      ? context.dsrs.requests[options.request]
      : undefined
    if (
      request !== undefined &&
      (request.request?.subjectId !== subjectId || request.controllerId !== controllerId)
    ) {
      io.err(`request ${options.request} is not this subject's request to this controller`)
      return 2
    }
    if (request?.request !== undefined && request.request.kind !== 'portability') {
      io.err(`request ${options.request} is of kind ${request.request.kind}, not portability`)
      return 1
    }
    const done = await fulfilSubjectRequest({
      ledger: createLedger({ store: opened.store }),
      context,
      sources,
      requestId: options.request,
      actor: options.actor ?? 'gdpr-ledger-cli',
      channel,
      now,
    })
    if (E.isLeft(done)) {
      const failure = describeFailure(done.left)
      io.err(failure.message)
      return failure.code
    }
    io.out(JSON.stringify(done.right.data, null, 2))
    io.err(
      `fulfilment of ${options.request} recorded: delivery reference ${done.right.deliveryRef}`,
    )
    return 0
  }

  const report = await accessReport(opened.store, context, {
    controllerId,
    subjectId,
    now,
    ...(asOf === undefined ? {} : { asOf }),
  })
  if (E.isLeft(report)) {
    io.err(describeProjectionError(report.left))
    return 3
  }
  if (sources === undefined) {
    io.out(
      JSON.stringify(
        {
          format: 'gdpr-ledger/art20-manifest',
          formatVersion: 1,
          controllerId,
          subjectId,
          generatedAt: now,
          systems: portableManifest(report.right.manifest),
        },
        null,
        2,
      ),
    )
    io.err(
      'no --sources: printed what the export holds and where; the data comes from your systems',
    )
    return 0
  }
  const exported = await assembleExport(report.right, sources)
  if (E.isLeft(exported)) {
    const failure = describeFailure(exported.left)
    io.err(failure.message)
    return failure.code
  }
  io.out(JSON.stringify(exported.right, null, 2))
  return 0
}

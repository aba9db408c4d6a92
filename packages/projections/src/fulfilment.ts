import { randomUUID } from 'node:crypto'
import {
  loadStream,
  streamIds,
  type Channel,
  type CommandResult,
  type Ledger,
  type LedgerError,
  type Upcasters,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { accessReport, type AccessReport, type AccessReportContext } from './access-report'
import {
  assembleCopy,
  assembleExport,
  type AssemblyError,
  type DataSources,
  type SubjectData,
} from './data-source'
import type { ProjectionError } from './errors'

/** The request cannot be answered with a copy or an export (unknown, closed, another kind). */
export interface RequestNotFulfillable {
  readonly _tag: 'RequestNotFulfillable'
  readonly requestId: string
  readonly reason: string
}

export type FulfilmentError = RequestNotFulfillable | AssemblyError | ProjectionError | LedgerError

export interface FulfilmentOptions {
  readonly ledger: Pick<Ledger, 'store' | 'fulfilRequest'>
  /** The registers now (a runner's states, or `loadReportContext`). */
  readonly context: AccessReportContext
  readonly sources: DataSources
  readonly requestId: string
  /** Who records the fulfilment. */
  readonly actor: string
  /** How the copy or export is handed over. */
  readonly channel: Channel
  readonly now: string
  /** The reference recorded on the request (default a fresh `art15-copy-<uuid>` / `art20-export-<uuid>`). */
  readonly deliveryRef?: string
  readonly upcasters?: Upcasters
}

export interface Fulfilment {
  readonly report: AccessReport
  readonly data: SubjectData
  /** The reference recorded on the request: keep it with what was handed over. */
  readonly deliveryRef: string
  readonly recorded: CommandResult<'RequestFulfilled'>
}

const notFulfillable = (
  requestId: string,
  reason: string,
): E.Either<RequestNotFulfillable, never> =>
  E.left({ _tag: 'RequestNotFulfillable', requestId, reason })

/**
 * Answers an open access request with the Art. 15(3) copy, or a portability request with the
 * Art. 20 export: builds the subject's access report, assembles the data from the backend's
 * sources, and records the fulfilment on the request with a delivery reference. Nothing is
 * recorded when any step fails.
 *
 * @example
 * ```ts
 * import { fulfilSubjectRequest, loadReportContext } from '@gdpr-ledger/projections'
 *
 * const context = await loadReportContext(ledger.store)
 * if (E.isRight(context)) {
 *   const done = await fulfilSubjectRequest({
 *     ledger, context: context.right, sources: { crm, billing },
 *     requestId: 'dsr-2026-118', actor: 'privacy-desk', channel: 'email', now: new Date().toISOString(),
 *   })
 *   if (E.isRight(done)) await sendToSubject(done.right.data, done.right.deliveryRef)
 * }
 * ```
 */
export const fulfilSubjectRequest = async (
  options: FulfilmentOptions,
): Promise<E.Either<FulfilmentError, Fulfilment>> => {
  const { requestId } = options
  const loaded = await loadStream(
    options.ledger.store,
    'dsr',
    streamIds.dsr(requestId),
    options.upcasters ?? {},
  )
  if (E.isLeft(loaded)) return loaded
  const request = loaded.right.state
  if (
    request.status === 'none' ||
    request.request === undefined ||
    request.controllerId === undefined
  )
    return notFulfillable(requestId, 'no request with this id is received')
  if (request.status !== 'open')
    return notFulfillable(requestId, `the request is ${request.status}`)
  const kind = request.request.kind
  if (kind !== 'access' && kind !== 'portability')
    return notFulfillable(requestId, `a ${kind} request is not answered with a copy or an export`)

  const report = await accessReport(options.ledger.store, options.context, {
    controllerId: request.controllerId,
    subjectId: request.request.subjectId,
    now: options.now,
    ...(options.upcasters === undefined ? {} : { upcasters: options.upcasters }),
  })
  if (E.isLeft(report)) return report
  const data =
    kind === 'access'
      ? await assembleCopy(report.right, options.sources)
      : await assembleExport(report.right, options.sources)
  if (E.isLeft(data)) return data
  const deliveryRef =
    options.deliveryRef ?? `${kind === 'access' ? 'art15-copy' : 'art20-export'}-${randomUUID()}`
  const recorded = await options.ledger.fulfilRequest({
    controllerId: request.controllerId,
    actor: options.actor,
    requestId,
    channel: options.channel,
    deliveryRef,
  })
  if (E.isLeft(recorded)) return recorded
  return E.right({ report: report.right, data: data.right, deliveryRef, recorded: recorded.right })
}

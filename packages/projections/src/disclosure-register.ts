import {
  assessmentInForce,
  isEea,
  isGagged,
  type Authority,
  type DisclosureState,
} from '@gdpr-ledger/core'
import { byString, lookup, sortedEntries, type Dict } from './dict'
import type { Projection } from './projection'
import { evolveStream } from './stream-state'

/**
 * The register of requests from authorities (police, prosecutors, courts) and the ePrivacy
 * art. 15(1b) statistics: how many requests, from whom, under which statute, and how the
 * operator answered. Each entry is the disclosure stream's decider state, with the refusal.
 */
export type DisclosureEntry = DisclosureState & {
  readonly refusedAt?: string
  readonly refusalReasons?: string
}

export interface DisclosureRegisterState {
  /** By request id. */
  readonly requests: Dict<DisclosureEntry>
}

/**
 * @example
 * ```ts
 * const built = await replay(store, [disclosureRegisterProjection])
 * // disclosureStatistics(built.right.states[0], { controllerId: 'telco_se', from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' })
 * ```
 */
export const disclosureRegisterProjection: Projection<DisclosureRegisterState> = {
  name: 'disclosure-register',
  // 2: each entry keeps every assessment (`assessments`), not only the last recorded.
  version: 2,
  eventTypes: [
    'AuthorityRequestReceived',
    'AuthorityRequestAssessed',
    'DataDisclosedToAuthority',
    'AuthorityRequestRefused',
    'GagLifted',
  ],
  init: () => ({ requests: {} }),
  apply: (state, event) => {
    switch (event.type) {
      case 'AuthorityRequestReceived':
      case 'AuthorityRequestAssessed':
      case 'DataDisclosedToAuthority':
      case 'AuthorityRequestRefused':
      case 'GagLifted': {
        const id = event.data.requestId
        const previous = lookup(state.requests, id)
        const next: DisclosureEntry = evolveStream('disclosure', previous, event)
        state.requests[id] =
          event.type === 'AuthorityRequestRefused'
            ? { ...next, refusedAt: event.occurredAt, refusalReasons: event.data.reasons }
            : {
                ...next,
                ...(previous?.refusedAt === undefined ? {} : { refusedAt: previous.refusedAt }),
                ...(previous?.refusalReasons === undefined
                  ? {}
                  : { refusalReasons: previous.refusalReasons }),
              }
        return state
      }
      default:
        return state
    }
  },
}

/** How the operator answered a request (ePrivacy art. 15(1b): "their response"). */
export type DisclosureResponse = 'complied' | 'partially-complied' | 'refused' | 'pending'

/** The response to one request, from its assessment, disclosures and refusal. */
export const responseOf = (entry: DisclosureEntry): DisclosureResponse => {
  // The assessment in force last (by its time, not by when it was recorded).
  const assessment = assessmentInForce(entry)
  if (entry.status === 'refused' || assessment?.decision === 'refuse') return 'refused'
  if (entry.disclosures.length > 0)
    return assessment?.decision === 'partially-comply' ? 'partially-complied' : 'complied'
  return 'pending'
}

/** One row of the authority-disclosure register. */
export interface DisclosureRow {
  readonly requestId: string
  readonly controllerId: string
  readonly authority: Authority
  /** Inside the EEA (Norway, Iceland and Liechtenstein are): no Art. 48 agreement needed. */
  readonly authorityInEea: boolean
  readonly statute: string
  readonly internationalAgreement?: string
  readonly receivedAt: string
  readonly subjects: number
  readonly dataCategories: readonly string[]
  readonly assessment?: {
    readonly decision: string
    readonly assessedAt: string
    readonly role: string
  }
  readonly disclosedAt?: string
  readonly recordsDisclosed: number
  readonly response: DisclosureResponse
  readonly refusedAt?: string
  readonly gagUntil?: string
  readonly gagLiftedAt?: string
}

const rowOf = (requestId: string, entry: DisclosureEntry): DisclosureRow | undefined => {
  const request = entry.request
  if (request === undefined || entry.controllerId === undefined) return undefined
  const first = entry.disclosures[0]
  const assessment = assessmentInForce(entry)
  return {
    requestId,
    controllerId: entry.controllerId,
    authority: request.authority,
    authorityInEea: isEea(request.authority.country),
    statute: request.statute,
    ...(request.internationalAgreement === undefined
      ? {}
      : { internationalAgreement: request.internationalAgreement }),
    receivedAt: entry.receivedAt ?? '',
    subjects: request.scope.subjectIds.length,
    dataCategories: request.scope.dataCategories,
    ...(assessment === undefined
      ? {}
      : {
          assessment: {
            decision: assessment.decision,
            assessedAt: assessment.assessedAt,
            role: assessment.assessedBy.role,
          },
        }),
    ...(first === undefined ? {} : { disclosedAt: first.disclosedAt }),
    recordsDisclosed: entry.disclosures.reduce((sum, d) => sum + d.recordCount, 0),
    response: responseOf(entry),
    ...(entry.refusedAt === undefined ? {} : { refusedAt: entry.refusedAt }),
    ...(request.gagUntil === undefined ? {} : { gagUntil: request.gagUntil }),
    ...(entry.gagLiftedAt === undefined ? {} : { gagLiftedAt: entry.gagLiftedAt }),
  }
}

/** A period of receipt: requests received at or after `from` and before `to`. */
export interface DisclosurePeriod {
  readonly controllerId?: string
  readonly from?: string
  readonly to?: string
}

const inPeriod = (period: DisclosurePeriod, row: DisclosureRow): boolean =>
  (period.controllerId === undefined || row.controllerId === period.controllerId) &&
  (period.from === undefined || row.receivedAt >= period.from) &&
  (period.to === undefined || row.receivedAt < period.to)

/**
 * The authority-disclosure register: every request received in the period, by receipt time.
 *
 * @example
 * ```ts
 * disclosureRegister(state, { controllerId: 'telco_se', from: '2026-01-01T00:00:00Z' })
 * ```
 */
export const disclosureRegister = (
  state: DisclosureRegisterState,
  period: DisclosurePeriod = {},
): DisclosureRow[] =>
  sortedEntries(state.requests)
    .flatMap(([id, entry]) => {
      const row = rowOf(id, entry)
      return row !== undefined && inPeriod(period, row) ? [row] : []
    })
    .sort(byString((row) => `${row.receivedAt}\u0000${row.requestId}`))

/** Counts of responses. */
export type ResponseCounts = { readonly total: number } & Readonly<
  Record<DisclosureResponse, number>
>

/** ePrivacy art. 15(1b) statistics for one period. */
export interface DisclosureStatistics {
  readonly period: DisclosurePeriod
  readonly requests: ResponseCounts
  readonly byAuthority: readonly (ResponseCounts & {
    readonly authority: Authority
    readonly inEea: boolean
  })[]
  readonly byStatute: readonly (ResponseCounts & { readonly statute: string })[]
}

const emptyCounts = () => ({
  total: 0,
  complied: 0,
  'partially-complied': 0,
  refused: 0,
  pending: 0,
})

const tally = (
  counts: Record<DisclosureResponse | 'total', number>,
  response: DisclosureResponse,
) => {
  counts.total += 1
  counts[response] += 1
}

/**
 * The ePrivacy art. 15(1b) statistics for a period: the number of requests received, by
 * authority and by the statute invoked, and the responses (complied, partially complied,
 * refused, still pending).
 *
 * @example
 * ```ts
 * const stats = disclosureStatistics(state, { controllerId: 'telco_se', from: '2026-01-01T00:00:00+01:00', to: '2027-01-01T00:00:00+01:00' })
 * stats.requests // { total: 41, complied: 36, 'partially-complied': 2, refused: 3, pending: 0 }
 * ```
 */
export const disclosureStatistics = (
  state: DisclosureRegisterState,
  period: DisclosurePeriod,
): DisclosureStatistics => {
  const requests = emptyCounts()
  const byAuthority = new Map<
    string,
    ReturnType<typeof emptyCounts> & { authority: Authority; inEea: boolean }
  >()
  const byStatute = new Map<string, ReturnType<typeof emptyCounts> & { statute: string }>()
  for (const row of disclosureRegister(state, period)) {
    tally(requests, row.response)
    const authority = byAuthority.get(row.authority.authorityId) ?? {
      ...emptyCounts(),
      authority: row.authority,
      inEea: row.authorityInEea,
    }
    byAuthority.set(row.authority.authorityId, authority)
    tally(authority, row.response)
    const statute = byStatute.get(row.statute) ?? { ...emptyCounts(), statute: row.statute }
    byStatute.set(row.statute, statute)
    tally(statute, row.response)
  }
  return {
    period,
    requests,
    byAuthority: [...byAuthority.values()].sort(byString((a) => a.authority.authorityId)),
    byStatute: [...byStatute.values()].sort(byString((s) => s.statute)),
  }
}

/** A disclosure of one subject's data to an authority, as an access report names it. */
export interface SubjectDisclosure {
  readonly requestId: string
  readonly authority: Authority
  readonly statute: string
  readonly disclosedAt: string
  readonly dataCategories: readonly string[]
}

/**
 * The disclosures of `subjectId`'s data made for `controllerId`, leaving out every request
 * under a gag in force at `at` (core's `isGagged`: the subject may not be told until the gag
 * ends or is lifted).
 */
export const disclosuresConcerning = (
  state: DisclosureRegisterState,
  controllerId: string,
  subjectId: string,
  at: string,
): SubjectDisclosure[] =>
  sortedEntries(state.requests)
    .flatMap(([requestId, entry]) => {
      if (entry.controllerId !== controllerId || entry.request === undefined) return []
      if (isGagged(entry, at)) return []
      const authority = entry.request.authority
      return entry.disclosures
        .filter((d) => d.subjectIds.includes(subjectId))
        .map((d) => ({
          requestId,
          authority,
          statute: entry.request?.statute ?? '',
          disclosedAt: d.disclosedAt,
          dataCategories: d.dataCategories,
        }))
    })
    .sort(byString((d) => `${d.disclosedAt}\u0000${d.requestId}`))

import type { Jurisdiction, Ledger, LedgerError, StoreUnavailable } from '@gdpr-ledger/core'
import type { PostgresEventStore } from '@gdpr-ledger/postgres'
import type {
  breachRegisterProjection,
  disclosureRegisterProjection,
  dsrTrackerProjection,
  ProjectionRunner,
  registerProjection,
  DataSources,
} from '@gdpr-ledger/projections'
import type { FastifyReply } from 'fastify'
import * as E from 'fp-ts/lib/Either.js'
import type pg from 'pg'
import { httpError, type HttpError } from './http-errors'

export type Registers = readonly [
  typeof registerProjection,
  typeof disclosureRegisterProjection,
  typeof dsrTrackerProjection,
  typeof breachRegisterProjection,
]

/** What every route works with. */
export interface ServiceContext {
  readonly controllerId: string
  readonly jurisdiction: Jurisdiction
  readonly ledger: Ledger
  readonly store: PostgresEventStore
  readonly db: pg.Pool
  readonly sources: DataSources
  readonly registers: ProjectionRunner<Registers>
  /**
   * Waits until the registers include everything this process recorded so far; `Left` when
   * the runner stopped (its store failed) or did not get there within the wait.
   */
  readonly caughtUp: () => Promise<E.Either<StoreUnavailable, void>>
  /** Remembers the highest position a command of this process reached. */
  readonly track: (
    result: E.Either<unknown, { readonly events: readonly { position: bigint }[] }>,
  ) => void
}

/** Sends an error as its status and body. */
export const fail = (reply: FastifyReply, error: HttpError) =>
  reply.code(error.status).send(error.body)

/** Sends a ledger error, or runs `onRight` with the result. */
export const answer = async <T>(
  reply: FastifyReply,
  result: E.Either<LedgerError, T>,
  onRight: (value: T) => unknown,
): Promise<unknown> =>
  E.isLeft(result) ? fail(reply, httpError(result.left)) : onRight(result.right)

/** The caller's identity, from a header the gateway sets after authentication. */
export const header = (value: string | string[] | undefined): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined

import * as t from 'io-ts'
import { ControllerId, Instant, PseudonymousId } from '../codec/primitives'

/** The fields every command carries beside its event's data. */
export const commandEnvelope = {
  required: {
    /** The controller the processing is done for (DESIGN.md, "Controller on every event"). */
    controllerId: ControllerId,
    /** Who records it: a pseudonymous user or system id. */
    actor: PseudonymousId,
  },
  optional: {
    /** When it happened. Gates: now, or at most `maxSkew` earlier (default the clock). Facts: any past time. */
    occurredAt: Instant,
    /** The caller's id for this command: a retry with the same id appends nothing new. */
    commandId: PseudonymousId,
    correlationId: PseudonymousId,
    causationId: PseudonymousId,
  },
} as const

type Envelope = typeof commandEnvelope
/** The decoded envelope of a command. */
export type CommandEnvelope = {
  [K in keyof Envelope['required']]: t.TypeOf<Envelope['required'][K]>
} & {
  [K in keyof Envelope['optional']]?: t.TypeOf<Envelope['optional'][K]>
}

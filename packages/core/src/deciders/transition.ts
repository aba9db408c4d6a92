import * as E from 'fp-ts/lib/Either.js'
import type { LedgerEvent } from '../catalogue'
import { invalidTransition, type InvalidTransition } from '../errors'
import type { DomainEvent, RecordCommand } from './decider'

/**
 * The common shape of a v1 decider: one command records one event, if the stream's state
 * allows it. `check` returns the reason it does not, or `undefined`.
 */
export const decideByTransition =
  <S, E extends LedgerEvent>(check: (command: RecordCommand<E>, state: S) => string | undefined) =>
  (command: RecordCommand<E>, state: S): E.Either<InvalidTransition, readonly DomainEvent<E>[]> => {
    const reason = check(command, state)
    if (reason !== undefined)
      return E.left(invalidTransition(command.streamId, command.event.type, reason))
    const event = {
      ...command.event,
      occurredAt: command.occurredAt,
      controllerId: command.controllerId,
    }
    return E.right([event])
  }

/** A stream that belongs to one controller refuses events for another. */
export const ownedBy = (owner: string | undefined, controllerId: string): string | undefined =>
  owner !== undefined && owner !== controllerId
    ? 'the stream belongs to another controller'
    : undefined

import { v5 as uuidv5, v7 as uuidv7 } from 'uuid'

/** The namespace of gdpr-ledger's name-based event ids (a fixed random UUID). */
export const EVENT_ID_NAMESPACE = '4b0e6f57-2a8e-4d3b-9a51-0c6f3d8e2b71'

/**
 * The id of the `index`-th event of a command: UUID v5 of controller, stream, command id and
 * index when the caller gave a command id (a retry derives the same ids), else UUID v7
 * (time-ordered, good for index locality).
 */
export const eventIdFor = (
  controllerId: string,
  streamId: string,
  commandId: string | undefined,
  index: number,
): string =>
  commandId === undefined
    ? uuidv7()
    : uuidv5(JSON.stringify([controllerId, streamId, commandId, index]), EVENT_ID_NAMESPACE)

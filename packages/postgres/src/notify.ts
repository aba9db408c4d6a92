import type { SqlClient } from './sql-client'

/**
 * A NOTIFY on `channel`, each in a transaction of its own, coalesced: while one is on its way,
 * further calls only mark that another is due, so a burst of commits sends at most two.
 * A lost NOTIFY costs a subscriber one poll interval, never an event, so failures are ignored.
 */
export const coalescedNotify = (client: SqlClient, channel: string): (() => void) => {
  let sending = false
  let due = false
  const send = (): void => {
    sending = true
    due = false
    void client
      .query('SELECT pg_notify($1, $2)', [channel, ''])
      .catch(() => undefined)
      .finally(() => {
        sending = false
        if (due) send()
      })
  }
  return () => {
    if (sending) due = true
    else send()
  }
}

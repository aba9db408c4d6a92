import type { SqlClient } from './sql-client'

/** The longest a NOTIFY waits to carry the commits of a burst together. */
export const NOTIFY_INTERVAL_MS = 10

/**
 * A NOTIFY on `channel` after commits, in a transaction of its own, at most one per
 * `NOTIFY_INTERVAL_MS`: a serial writer's every commit would otherwise cost a second round
 * trip, and subscribers in other processes only need to know that something arrived. A lost
 * NOTIFY costs a subscriber one poll interval, never an event, so failures are ignored.
 */
export const throttledNotify = (
  client: SqlClient,
  channel: string,
): { readonly notify: () => void; readonly stop: () => void } => {
  let timer: ReturnType<typeof setTimeout> | undefined
  let sending = false
  let due = false
  let stopped = false
  const send = (): void => {
    timer = undefined
    sending = true
    due = false
    void client
      .query('SELECT pg_notify($1, $2)', [channel, ''])
      .catch(() => undefined)
      .finally(() => {
        sending = false
        if (due) schedule()
      })
  }
  const schedule = (): void => {
    if (stopped) return
    if (timer !== undefined || sending) {
      due = true
      return
    }
    timer = setTimeout(send, NOTIFY_INTERVAL_MS)
    timer.unref()
  }
  return {
    notify: schedule,
    stop: () => {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
    },
  }
}

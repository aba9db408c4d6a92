import { describeError, verify } from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { formatTable, type CliIO } from '../io'
import { progressBar } from '../progress'
import type { OpenedStore } from '../store-spec'

/** `gdpr-ledger verify`: re-checks every hash chain; exit code 1 when a chain is broken. */
export const runVerify = async (io: CliIO, opened: OpenedStore): Promise<number> => {
  const bar = progressBar(io, 'verifying')
  const report = await verify(opened.store, {
    onProgress: (checked) => {
      bar.update(checked)
    },
  })
  bar.stop()
  if (E.isLeft(report)) {
    io.err(describeError(report.left))
    return 3
  }
  const { ok, eventsChecked, streamsChecked, checkpointsChecked, breaks } = report.right
  const summary = `${eventsChecked} events in ${streamsChecked} streams, ${checkpointsChecked} checkpoint(s)`
  if (ok) {
    io.out(`chain verified: ${summary}`)
    return 0
  }
  io.out(`chain BROKEN: ${breaks.length} stream(s) with a break (${summary})`)
  for (const line of formatTable(
    ['stream', 'version', 'break', 'position'],
    breaks.map((b) => [b.streamId, String(b.version), b.kind, b.position?.toString() ?? '']),
  )) {
    io.out(line)
  }
  return 1
}

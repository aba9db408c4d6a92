import { Writable } from 'node:stream'
import { createInMemoryStore, createLedger, createInMemoryProjectionStore } from '@gdpr-ledger/core'
import { createProjectionRunner, registerProjection } from '@gdpr-ledger/projections'
import { describe, expect, it } from 'vitest'
import { recordTelecomDay, simulatedDay, type CliIO } from '../src'
import { formatProgress, progressBar } from '../src/progress'

/** A terminal that keeps what was drawn: each redraw starts at column 0 and clears the rest. */
const fakeTerminal = () => {
  let written = ''
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        written += chunk.toString()
        done()
      },
    }),
    { isTTY: true, columns: 160 },
  )
  const lines = () =>
    written
      // eslint-disable-next-line no-control-regex -- the cursor and erase sequences a TTY gets
      .split(/\x1B\[[?0-9;]*[A-Za-z]|\x1B[78]|\r|\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0)
  return { stream, lines, written: () => written }
}

const io = (interactive: boolean): CliIO => ({
  out: () => undefined,
  err: () => undefined,
  interactive,
  cwd: process.cwd(),
})

describe('progress while reading the log', () => {
  it('counts events with the rate when the total is unknown, never claiming a percentage or a full bar', () => {
    const terminal = fakeTerminal()
    const bar = progressBar(io(true), 'catching up', { stream: terminal.stream })
    for (const done of [1000, 2000, 3000]) bar.update(done)
    bar.stop()
    const last = terminal.lines().at(-1)
    expect(last).toMatch(/^catching up 3,000 events {2}(\d[\d,]* events\/s {2})?\d+:\d{2}$/)
    // The old bar grew its total with the count: always full, always 100%.
    for (const drawn of terminal.lines()) expect(drawn).not.toMatch(/%|█|\[/)
  })

  it('draws nothing when stderr is not a terminal', () => {
    const terminal = fakeTerminal()
    const bar = progressBar(io(false), 'catching up', { stream: terminal.stream })
    bar.update(10)
    bar.stop()
    expect(terminal.written()).toBe('')
  })

  it('follows the runner’s onProgress page by page, ending at every event of the store', async () => {
    const store = createInMemoryStore()
    const day = simulatedDay(new Date('2026-11-24T12:00:00.000Z'))
    await recordTelecomDay(createLedger({ store, clock: day.clock }), day, 'c0ffee02')
    const terminal = fakeTerminal()
    const bar = progressBar(io(true), 'catching up', { stream: terminal.stream })
    const seen: number[] = []
    const runner = createProjectionRunner({
      store,
      checkpoints: createInMemoryProjectionStore(),
      projections: [registerProjection],
      pageSize: 7,
      onProgress: (events) => {
        seen.push(events)
        bar.update(events)
      },
    })
    const caughtUp = await runner.catchUp()
    bar.stop()
    if (caughtUp._tag === 'Left') throw new Error(caughtUp.left._tag)
    const total = caughtUp.right.events
    expect(seen.length).toBeGreaterThan(1)
    expect(seen.at(-1)).toBe(total)
    expect(terminal.lines().at(-1)).toMatch(new RegExp(`^catching up ${total} events `))
  })
})

describe('formatProgress', () => {
  it('shows the rate once it means something, and the time spent', () => {
    expect(formatProgress({ label: 'replaying', done: 5000, elapsedMs: 2000 })).toBe(
      'replaying 5,000 events  2,500 events/s  0:02',
    )
    expect(formatProgress({ label: 'replaying', done: 40, elapsedMs: 12 })).toBe(
      'replaying 40 events  0:00',
    )
    expect(formatProgress({ label: 'verifying', done: 7450, elapsedMs: 3_725_000 })).toBe(
      'verifying 7,450 events  2 events/s  1:02:05',
    )
  })
})

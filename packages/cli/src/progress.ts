import { SingleBar, Presets } from 'cli-progress'
import type { CliIO } from './io'

/** A progress bar on stderr for long work, or nothing when not in a terminal. */
export interface Progress {
  update(done: number, total?: number): void
  stop(): void
}

export const progressBar = (io: CliIO, label: string): Progress => {
  if (!io.interactive) return { update: () => undefined, stop: () => undefined }
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {value} events {duration_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  )
  let started = false
  return {
    update: (done, total) => {
      if (!started) {
        bar.start(total ?? done, done)
        started = true
      }
      if (total !== undefined) bar.setTotal(total)
      else if (done > bar.getTotal()) bar.setTotal(done)
      bar.update(done)
    },
    stop: () => {
      if (started) bar.stop()
    },
  }
}

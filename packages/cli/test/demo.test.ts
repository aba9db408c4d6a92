import { describe, expect, it } from 'vitest'
import { EXIT, runCli, type CliIO } from '../src'

const capture = () => {
  const out: string[] = []
  const err: string[] = []
  const io: CliIO = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    interactive: false,
    cwd: process.cwd(),
  }
  return { io, out, err }
}

describe('gdpr-ledger demo', () => {
  it('records the day, prints who processed what, when and why, and verifies the chain', async () => {
    const { io, out, err } = capture()
    const code = await runCli(['demo', '--store', 'memory'], io)
    expect(err).toEqual([])
    expect(code).toBe(EXIT.ok)
    const text = out.join('\n')
    expect(text).toMatch(/Who processed what, when and why: subscriber sub-[0-9a-f]{8}/)
    const history = out.slice(out.findIndex((l) => l.startsWith('Who processed')) + 1)
    expect(history[0]).toMatch(
      /when \(Stockholm\)\s+who\s+system\s+did\s+what\s+why\s+legal basis\s+activity/,
    )
    expect(text).toMatch(
      /agent-42 \(support-agent\)\s+support-desk\s+read\s+call-records\s+customer-support\s+contract/,
    )
    expect(text).toMatch(
      /cdr-rating \(system\)\s+cdr-pipeline\s+analyse\s+call-records\s+billing\s+contract/,
    )
    expect(text).toMatch(
      /campaign system tries the offer again after the withdrawal\s+refused \(as it should be\): consent\./,
    )
    expect(out[out.length - 1]).toMatch(
      /^chain verified: \d+ events in \d+ streams, 1 checkpoint\(s\)$/,
    )
  })

  it('refuses an unknown store with a usage error', async () => {
    const { io, err } = capture()
    expect(await runCli(['demo', '--store', 'mysql://user:secret@db/ledger'], io)).toBe(EXIT.usage)
    expect(err.join('\n')).toContain('unknown store')
    expect(err.join('\n')).not.toContain('secret')
  })

  it('answers --help and unknown commands without throwing', async () => {
    expect(await runCli(['--help'], capture().io)).toBe(EXIT.ok)
    expect(await runCli(['no-such-command'], capture().io)).toBe(EXIT.usage)
  })
})

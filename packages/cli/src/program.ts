import { describeError } from '@gdpr-ledger/core'
import { Command, CommanderError, Option } from 'commander'
import * as E from 'fp-ts/lib/Either.js'
import { runDemo } from './commands/demo'
import { runExport, type ExportOptions } from './commands/export'
import { REPORT_NAMES, runReport, type ReportOptions } from './commands/report'
import { runVerify } from './commands/verify'
import type { CliIO } from './io'
import { DEFAULT_STORE_SPEC, InvalidStoreSpec, openStore, type OpenedStore } from './store-spec'

/** Exit codes: 0 fine, 1 findings (a broken chain, a refused step), 2 usage, 3 store unavailable. */
export const EXIT = { ok: 0, findings: 1, usage: 2, storeUnavailable: 3 } as const

type StoreAction = (io: CliIO, opened: OpenedStore, ...args: string[]) => Promise<number>

/**
 * The `gdpr-ledger` program. Each command opens the store named by `--store`, runs, and
 * closes it; the exit code is returned, never `process.exit`ed here, so tests can run it.
 */
export const createProgram = (io: CliIO, setExitCode: (code: number) => void): Command => {
  const program = new Command('gdpr-ledger')
    .description('Event-sourced, hash-chained GDPR/ePrivacy audit ledger for telecom operators')
    .addOption(
      new Option(
        '--store <spec>',
        'where the ledger lives: pglite:<dir> (embedded, kept on disk), postgres://user@host/database, or memory',
      ).default(DEFAULT_STORE_SPEC),
    )
    .configureOutput({
      writeOut: (s) => {
        io.out(s.trimEnd())
      },
      writeErr: (s) => {
        io.err(s.trimEnd())
      },
    })
    .exitOverride()

  const withStore =
    (action: StoreAction) =>
    async (...args: unknown[]): Promise<void> => {
      const spec = program.opts<{ store: string }>().store
      let opened: OpenedStore
      try {
        const result = await openStore(spec, io.cwd)
        if (E.isLeft(result)) {
          io.err(describeError(result.left))
          setExitCode(EXIT.storeUnavailable)
          return
        }
        opened = result.right
      } catch (error) {
        if (error instanceof InvalidStoreSpec) {
          io.err(error.message)
          setExitCode(EXIT.usage)
          return
        }
        throw error
      }
      try {
        setExitCode(
          await action(io, opened, ...args.filter((a): a is string => typeof a === 'string')),
        )
      } finally {
        await opened.close()
      }
    }

  program
    .command('demo')
    .description(
      "record a realistic day at a Nordic operator, print one subscriber's processing history, verify the chain",
    )
    .action(withStore((cliIO, opened) => runDemo(cliIO, opened)))
  program
    .command('verify')
    .description('re-check every hash chain and checkpoint; exit code 1 on a break')
    .action(withStore((cliIO, opened) => runVerify(cliIO, opened)))
  const report = program
    .command('report')
    .argument('<name>', `the report: ${REPORT_NAMES.join(', ')}`)
    .description(
      'catch the projections up (events read and the rate on stderr in a terminal) and print a report; exit code 1 when findings are found',
    )
    .option('--subject <id>', 'the subject (pseudonym) of a per-subject report')
    .option('--controller <id>', 'the controller (default: the only one registered)')
    .option('--as-of <time|position>', 'the ledger as it stood at a global position or an instant')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'csv'])
        .default('table'),
    )
    .option(
      '--now <time>',
      'judge overdue and late at this instant (default: the --as-of time, else now)',
    )
    .option(
      '--jurisdiction <country>',
      'the profile deadlines are counted in: SE, NO, DK, FI',
      'SE',
    )
    .option('--actor <id>', 'processing-log: only this actor')
    .option('--purpose <purpose>', 'processing-log, consent-timeline: only this purpose')
    .option('--activity <id>', 'processing-log: only this activity')
    .option(
      '--from <time>',
      'processing-log: occurred at or after; disclosures: received at or after',
    )
    .option('--to <time>', 'processing-log: occurred before; disclosures: received before')
    .option('--limit <n>', 'processing-log: at most this many entries', '1000')
  report.action(
    withStore((cliIO, opened, name) =>
      runReport(cliIO, opened, name, report.opts<ReportOptions>()),
    ),
  )
  const exporter = program
    .command('export')
    .argument('<subject>', 'the subject (pseudonym) whose data is exported')
    .description(
      'the Art. 20 export as JSON, assembled from your systems through --sources; --request records the fulfilment',
    )
    .option('--controller <id>', 'the controller (default: the only one registered)')
    .option('--sources <module>', 'a module exporting `dataSources`: your DataSource per system')
    .option('--request <id>', 'the portability request this export fulfils (recorded on it)')
    .option('--actor <id>', 'who records the fulfilment', 'gdpr-ledger-cli')
    .option('--channel <channel>', 'how the export is handed over', 'email')
    .option('--as-of <time|position>', 'the manifest as the ledger stood then')
    .option('--now <time>', 'the time of the export (default now)')
  exporter.action(
    withStore((cliIO, opened, subject) =>
      runExport(cliIO, opened, subject, exporter.opts<ExportOptions>()),
    ),
  )
  return program
}

/** Runs the program on `argv` (without the node and script entries) and resolves to the exit code. */
export const runCli = async (argv: readonly string[], io: CliIO): Promise<number> => {
  let code: number = EXIT.ok
  const program = createProgram(io, (c) => {
    code = c
  })
  try {
    await program.parseAsync([...argv], { from: 'user' })
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    throw error
  }
  return code
}

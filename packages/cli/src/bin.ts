import { processIO } from './io'
import { runCli } from './program'

runCli(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    // A bug, not a finding: print the stack for the report, never input values.
    console.error(error)
    process.exitCode = 70
  },
)

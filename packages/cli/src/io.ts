/** Where the CLI writes: injected so tests can read what a user would see. */
export interface CliIO {
  readonly out: (line: string) => void
  readonly err: (line: string) => void
  /** Draw progress on stderr (an interactive terminal). */
  readonly interactive: boolean
  /** The process's working directory (where embedded stores keep their data). */
  readonly cwd: string
}

export const processIO = (): CliIO => ({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  interactive: process.stderr.isTTY,
  cwd: process.cwd(),
})

/** Lays rows out in aligned columns under a header. */
export const formatTable = (
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string[] => {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  )
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)]
}

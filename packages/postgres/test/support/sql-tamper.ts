import type { TamperOperation } from '@gdpr-ledger/testing'

/** Runs one statement with parameters: a `pg` pool, a PGlite instance, or a transaction. */
export type RunSql = (text: string, params?: unknown[]) => Promise<readonly object[]>

/**
 * Applies a `TamperOperation` to the stored rows with plain SQL, below the store: what an
 * attacker with write access to the database could do. Keys are unique, so shifts go through
 * negative values first.
 */
export const tamperSql = async (
  run: RunSql,
  schema: string,
  op: TamperOperation,
): Promise<void> => {
  const events = `"${schema}".events`
  switch (op.kind) {
    case 'change-data': {
      const [row] = (await run(`SELECT data FROM ${events} WHERE stream_id = $1 AND version = $2`, [
        op.streamId,
        op.version,
      ])) as { data: string }[]
      if (row === undefined) throw new Error(`tamper: ${op.streamId}@${op.version} is not stored`)
      const data = row.data.slice(0, op.index) + op.replacement + row.data.slice(op.index + 1)
      await run(`UPDATE ${events} SET data = $3 WHERE stream_id = $1 AND version = $2`, [
        op.streamId,
        op.version,
        data,
      ])
      return
    }
    case 'delete':
      await run(`DELETE FROM ${events} WHERE stream_id = $1 AND version = $2`, [
        op.streamId,
        op.version,
      ])
      return
    case 'insert': {
      const [row] = (await run(
        `SELECT position::text AS position FROM ${events} WHERE stream_id = $1 AND version = $2`,
        [op.streamId, op.version],
      )) as { position: string }[]
      if (row === undefined) throw new Error(`tamper: ${op.streamId}@${op.version} is not stored`)
      await run(`UPDATE ${events} SET position = -(position + 1) WHERE position >= $1::bigint`, [
        row.position,
      ])
      await run(`UPDATE ${events} SET position = -position WHERE position < 0`)
      await run(
        `UPDATE ${events} SET version = -(version + 1) WHERE stream_id = $1 AND version >= $2`,
        [op.streamId, op.version],
      )
      await run(`UPDATE ${events} SET version = -version WHERE stream_id = $1 AND version < 0`, [
        op.streamId,
      ])
      const f = op.forged
      await run(
        `INSERT INTO ${events} (position, id, stream_id, version, type, controller_id,
           occurred_at, recorded_at, data, metadata, prev_hash, hash)
         VALUES ($1::bigint, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          row.position,
          f.id,
          f.streamId,
          f.streamVersion,
          f.type,
          f.controllerId,
          f.occurredAt,
          f.recordedAt,
          f.data,
          f.metadata,
          f.prevHash,
          f.hash,
        ],
      )
      return
    }
    case 'swap': {
      const rows = (await run(
        `SELECT version, position::text AS position FROM ${events}
          WHERE stream_id = $1 AND version IN ($2, $2 + 1) ORDER BY version`,
        [op.streamId, op.version],
      )) as { version: number; position: string }[]
      const [a, b] = rows
      if (a === undefined || b === undefined) throw new Error('tamper: nothing to swap')
      await run(`UPDATE ${events} SET position = -1 WHERE position = $1::bigint`, [a.position])
      await run(`UPDATE ${events} SET position = $1::bigint WHERE position = $2::bigint`, [
        a.position,
        b.position,
      ])
      await run(`UPDATE ${events} SET position = $1::bigint WHERE position = -1`, [b.position])
      return
    }
    case 'truncate':
      await run(`DELETE FROM ${events} WHERE stream_id = $1 AND version >= $2`, [
        op.streamId,
        op.fromVersion,
      ])
      return
    case 'delete-stream':
      await run(`DELETE FROM ${events} WHERE stream_id = $1`, [op.streamId])
      return
  }
}

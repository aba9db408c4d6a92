import type { ProjectionCheckpoint, ProjectionStore } from '@gdpr-ledger/core'
import { positionParam, toPosition } from './event-rows'
import type { ReadRunner, SqlClient } from './sql-client'

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/

const checkName = (name: string): void => {
  if (!NAME.test(name)) throw new TypeError(`a projection name must match ${NAME.source}`)
}

/**
 * The `ProjectionStore` on a table: one row per consumer holding its state and the position
 * it includes, replaced by a single upsert, so the two can never disagree after a crash.
 */
export const createProjectionStore = (
  client: SqlClient,
  schema: string,
  read: ReadRunner,
): ProjectionStore => {
  const loadSql = `SELECT position::text AS position, state FROM ${schema}.projections WHERE name = $1`
  const saveSql = `INSERT INTO ${schema}.projections (name, position, state)
    VALUES ($1, $2::bigint, $3)
    ON CONFLICT (name) DO UPDATE
      SET position = excluded.position, state = excluded.state, saved_at = now()`
  return {
    load: (name) => {
      checkName(name)
      return read(async () => {
        const [row] = await client.query<{ position: string; state: string }>(loadSql, [name])
        return row === undefined
          ? undefined
          : ({
              position: toPosition(row.position),
              state: row.state,
            } satisfies ProjectionCheckpoint)
      })
    },
    save: (name, checkpoint) => {
      checkName(name)
      if (typeof checkpoint.state !== 'string' || checkpoint.position < 0n) {
        throw new TypeError('a checkpoint holds a string state and a position ≥ 0')
      }
      return read(async () => {
        await client.query(saveSql, [name, positionParam(checkpoint.position), checkpoint.state])
      })
    },
  }
}

import { eq, getTableName, is, Table } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './database.js';

/**
 * Every table that holds a workspace's rows: each one with a `team_id`, found from the schema so that a
 * table added later is purged too. Children come before the decisions they belong to.
 */
function teamTables(database: Database): { table: PgTable; teamId: PgColumn }[] {
  // Either engine's tables, typed as PostgreSQL's as every query here is (see QueryDb).
  const tables = (Object.values(database.schema) as unknown[]).filter(
    (table): table is PgTable & { teamId: PgColumn } => is(table, Table) && 'teamId' in table,
  );
  const decisionsLast = (table: PgTable) => (getTableName(table) === 'decisions' ? 1 : 0);
  return tables.sort((a, b) => decisionsLast(a) - decisionsLast(b)).map((table) => ({ table, teamId: table.teamId }));
}

/**
 * Deletes one workspace's data from every table, in one transaction, and says how many rows each table lost
 * (tables that lost none are left out). An org-wide installation is the org's, not the workspace's, and stays.
 */
export async function purgeTeam(database: Database, teamId: string): Promise<Record<string, number>> {
  return database.transaction(async (tx) => {
    const deleted: Record<string, number> = {};
    for (const { table, teamId: column } of teamTables(database)) {
      const count = database.changes(await tx.delete(table).where(eq(column, teamId)));
      if (count > 0) deleted[getTableName(table)] = count;
    }
    return deleted;
  });
}

import { eq, inArray } from 'drizzle-orm';
import type { Database, QueryDb } from './database.js';
import type * as pgSchema from './schema/pg.js';

export type InstallationRow = typeof pgSchema.installations.$inferSelect;

/** Who asks: a request's team and org, and whether its authorization is an org-wide install. */
export interface InstallationLookup {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}

/** What a token refresh changes. */
export type RefreshedToken = Pick<InstallationRow, 'botToken' | 'botRefreshToken' | 'botTokenExpiresAt'>;

/**
 * The rows an installation may be stored under, most specific first. A workspace of an org-wide install
 * has no row of its own: it is served by the org's. Slack sends some of its events with
 * `isEnterpriseInstall: false` and the org's id, so the org's row is looked at whenever there is an org.
 */
function candidateKeys({ teamId, enterpriseId, isEnterpriseInstall }: InstallationLookup): string[] {
  const keys = isEnterpriseInstall ? [enterpriseId] : [teamId, enterpriseId];
  return keys.filter((key): key is string => Boolean(key));
}

export function createInstallationsRepo(database: Database) {
  const { installations } = database.schema;
  const byKey = (db: QueryDb, installKey: string) =>
    db.select().from(installations).where(eq(installations.installKey, installKey));

  return {
    /** Stores an installation; installing again in the same workspace (or org) replaces its row. */
    save(row: InstallationRow): Promise<void> {
      const { installKey: _key, ...rest } = row;
      return database.run(async (db) => {
        await db.insert(installations).values(row).onConflictDoUpdate({ target: installations.installKey, set: rest });
      });
    },

    find(lookup: InstallationLookup): Promise<InstallationRow | undefined> {
      const keys = candidateKeys(lookup);
      if (keys.length === 0) return Promise.resolve(undefined);
      return database.run(async (db) => {
        const rows = await db.select().from(installations).where(inArray(installations.installKey, keys));
        return keys.map((key) => rows.find((row) => row.installKey === key)).find((row) => row !== undefined);
      });
    },

    list(): Promise<InstallationRow[]> {
      return database.run((db) => db.select().from(installations).orderBy(installations.installKey));
    },

    /** Deletes an installation; deleting one that is gone already changes nothing. */
    remove(installKey: string): Promise<number> {
      return database.run(async (db) =>
        database.changes(await db.delete(installations).where(eq(installations.installKey, installKey))),
      );
    },

    /**
     * Renews an installation's token at most once however many requests and instances ask at the same time:
     * the row is locked (SQLite's write lock, PostgreSQL's row lock) and read again, so whoever comes second
     * sees the token the first one stored and `refresh` decides there is nothing to do. What `refresh`
     * returns is stored before the lock is released; the row as it then stands is returned.
     */
    refreshLocked(
      installKey: string,
      refresh: (current: InstallationRow) => Promise<RefreshedToken | undefined>,
    ): Promise<InstallationRow | undefined> {
      return database.transaction(async (tx) => {
        const query = byKey(tx, installKey);
        // SQLite's transaction already holds the database's write lock (BEGIN IMMEDIATE).
        const [current] = database.engine === 'postgres' ? await query.for('update') : await query;
        if (!current) return undefined;
        const refreshed = await refresh(current);
        if (!refreshed) return current;
        await tx.update(installations).set(refreshed).where(eq(installations.installKey, installKey));
        return { ...current, ...refreshed };
      });
    },
  };
}

export type InstallationsRepo = ReturnType<typeof createInstallationsRepo>;

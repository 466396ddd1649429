import { isNotNull } from 'drizzle-orm';
import type { Database } from './database.js';

/**
 * A SQLite file is one process's database, so claims found at start were left by a process that died
 * (a crash, a kill): they are released at once, and the decisions and jobs it was posting are taken up
 * by this start's first background pass instead of waiting for the claims to run out. On PostgreSQL
 * another instance may be alive and holding them, so they run out instead.
 */
export async function releaseClaimsOfTheDead(database: Database): Promise<void> {
  if (database.engine !== 'sqlite') return;
  const { decisions, outbox } = database.schema;
  await database.transaction(async (tx) => {
    await tx.update(decisions).set({ postClaimedUntil: null }).where(isNotNull(decisions.postClaimedUntil));
    await tx.update(outbox).set({ claimedUntil: null }).where(isNotNull(outbox.claimedUntil));
  });
}

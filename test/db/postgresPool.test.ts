import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from '../../src/db/database.js';
import { emptyPostgresDatabase } from '../rig/engines.js';
import { TcpProxy } from '../rig/tcpProxy.js';

const server = process.env.TEST_DATABASE_URL;

/**
 * The pool's connections die under it (a restart, a failover, a cut): whatever a transaction meets, its
 * connection goes back to the pool, so the pool keeps serving and closes. Through a TCP proxy the test
 * can cut. A PostgreSQL server only: PGlite has no connections to lose.
 */
describe.runIf(server)('the PostgreSQL pool when its connections die', () => {
  let target: { url: string; drop: () => Promise<void> };
  let proxy: TcpProxy;
  let database: Database | undefined;
  beforeEach(async () => {
    target = await emptyPostgresDatabase(server!);
    const url = new URL(target.url);
    proxy = await new TcpProxy(url.hostname, Number(url.port || 5432)).start();
    url.host = `127.0.0.1:${proxy.port}`;
    // One connection: a connection that is never given back leaves none for the next transaction.
    database = await connectDatabase(url.toString(), { poolSize: 1 });
  });
  afterEach(async () => {
    await database?.close();
    await proxy.stop();
    await target.drop();
  });

  it('a transaction that fails at BEGIN on a connection that died while idle gives it back', async () => {
    const db = database!;
    await db.run((q) => q.execute(sql`select 1`));
    // The idle connection is cut; the pool has not heard yet when the transaction takes it.
    proxy.down();
    proxy.up();
    await expect(db.transaction((tx) => tx.execute(sql`select 1`))).rejects.toThrow();

    const again = await db.transaction((tx) => tx.execute(sql`select 2 as n`));
    expect(again.rows).toEqual([{ n: 2 }]);
    const closing = db.close();
    database = undefined;
    await expect(closing).resolves.toBeUndefined();
  });

  it('a transaction whose connection dies inside it fails, and the next one gets a live connection', async () => {
    const db = database!;
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        proxy.down();
        proxy.up();
        await tx.execute(sql`select 2`);
      }),
    ).rejects.toThrow();
    const again = await db.transaction((tx) => tx.execute(sql`select 3 as n`));
    expect(again.rows).toEqual([{ n: 3 }]);
  });
});

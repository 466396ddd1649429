import Database from 'better-sqlite3';
import pg from 'pg';
import { connectDatabase } from '../src/db/database.js';
import { migrateSqlite, openSqlite } from '../src/db/sqlite.js';
import { tempDbPath } from '../test/rig/testApp.js';
import { freshDatabase } from './db.js';

/*
 * The database floor of the interception scenario: the rows one intercepted proposal writes (an event
 * id for every event; a decision and its first status change for every other one), one transaction per
 * event, with the engine's plain driver and none of the app around it.
 */

const proposalTs = (i: number) => `1700000000.${String(i).padStart(6, '0')}`;

/** Raw better-sqlite3 on one connection, as the app has one. */
export function sqliteInsertFloor(events: number): number {
  const path = tempDbPath();
  const drizzleDb = openSqlite(path);
  migrateSqlite(drizzleDb);
  drizzleDb.$client.close();
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  const seen = raw.prepare('insert into processed_events (team_id, event_id) values (?, ?)');
  const decision = raw.prepare(
    "insert into decisions (team_id, channel_id, message_ts, thread_ts, source, title, description, proposer_id) values ('T0001', 'C0BENCH', ?, ?, 'message', ?, ?, 'U0BENCH') returning id",
  );
  const audit = raw.prepare(
    "insert into status_changes (team_id, decision_id, to_status, user_id) values ('T0001', ?, 'open', 'U0BENCH')",
  );
  const one = raw.transaction((i: number) => {
    seen.run('T0001', `Ev${i}`);
    if (i % 2 === 0) {
      const ts = proposalTs(i);
      const { id } = decision.get(ts, ts, `Proposal ${i}`, `Proposal: ${i}`) as { id: number };
      audit.run(id);
    }
  });
  const start = performance.now();
  for (let i = 0; i < events; i++) one(i);
  const seconds = (performance.now() - start) / 1000;
  raw.close();
  return events / seconds;
}

/**
 * Raw node-postgres with as many connections as the app's pool (DATABASE_POOL_SIZE, 10), each running
 * its transactions one after another with prepared statements, on a database of its own.
 */
export async function postgresInsertFloor(server: string, events: number, connections = 10): Promise<number> {
  const db = await freshDatabase('postgres', server);
  try {
    await (await connectDatabase(db.url)).close();
    const clients = await Promise.all(
      Array.from({ length: connections }, async () => {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        return client;
      }),
    );
    let next = 0;
    const start = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        for (let i = next++; i < events; i = next++) {
          await client.query('begin');
          await client.query({
            name: 'seen',
            text: 'insert into processed_events (team_id, event_id) values ($1, $2)',
            values: ['T0001', `Ev${i}`],
          });
          if (i % 2 === 0) {
            const ts = proposalTs(i);
            const { rows } = await client.query<{ id: number }>({
              name: 'decision',
              text: "insert into decisions (team_id, channel_id, message_ts, thread_ts, source, title, description, proposer_id) values ('T0001', 'C0BENCH', $1, $2, 'message', $3, $4, 'U0BENCH') returning id",
              values: [ts, ts, `Proposal ${i}`, `Proposal: ${i}`],
            });
            await client.query({
              name: 'audit',
              text: "insert into status_changes (team_id, decision_id, to_status, user_id) values ('T0001', $1, 'open', 'U0BENCH')",
              values: [rows[0]?.id],
            });
          }
          await client.query('commit');
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    await Promise.all(clients.map((client) => client.end()));
    return events / seconds;
  } finally {
    await db.drop();
  }
}

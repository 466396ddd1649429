import { parseArgs } from 'node:util';
import { loadDatabaseUrl, loadDotenv } from '../config.js';
import { connectDatabase, databaseMissing } from '../db/database.js';
import { purgeTeam } from '../db/purge.js';
import { OperatorError } from '../operatorError.js';
import { plural } from '../views/plural.js';
import { runCommand } from './runCommand.js';

/**
 * `npm run db:purge-team -- T0123ABCD --yes`: deletes one workspace's data from every table (decisions,
 * answers, history, settings, digests, queued posts, its installation), for a workspace that asks for it.
 * It cannot be undone, so it runs only with --yes.
 */

const USAGE = 'usage: npm run db:purge-team -- T0123ABCD --yes';

function readOptions(argv: string[]): { teamId: string; confirmed: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { yes: { type: 'boolean' } } });
  } catch (error) {
    const problem = (error as Error).message.split('\n')[0]?.split('. ')[0] ?? 'Unreadable options';
    throw new OperatorError(`${problem} (${USAGE}).`, 2);
  }
  const [teamId, ...rest] = parsed.positionals;
  if (!teamId || rest.length > 0 || !/^T[A-Z0-9]+$/.test(teamId)) {
    throw new OperatorError(`Name one workspace by its team ID, such as T0123ABCD (${USAGE}).`, 2);
  }
  return { teamId, confirmed: parsed.values.yes === true };
}

await runCommand(async () => {
  const { teamId, confirmed } = readOptions(process.argv.slice(2));
  if (!confirmed) {
    throw new OperatorError(
      `This deletes every decision, answer and setting of workspace ${teamId} for good; add --yes to do it (${USAGE}).`,
      2,
    );
  }
  loadDotenv();
  const url = loadDatabaseUrl(process.env);
  if (databaseMissing(url)) throw new OperatorError(`There is no database at ${url}; check DATABASE_URL.`, 2);
  const db = await connectDatabase(url);
  try {
    const deleted = await purgeTeam(db, teamId);
    const total = Object.values(deleted).reduce((sum, n) => sum + n, 0);
    const detail = Object.entries(deleted)
      .map(([table, n]) => `${table} ${n}`)
      .join(', ');
    process.stdout.write(
      total === 0
        ? `Workspace ${teamId} has no data here; nothing was deleted.\n`
        : `Deleted ${plural(total, 'row')} of workspace ${teamId} (${detail}).\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
});

import type { Logger, RespondFn } from '@slack/bolt';
import type { Decision } from '../db/decisionsRepo.js';
import type { SlackApi } from '../slack/api.js';
import type { Services } from '../services.js';
import { postProblemText } from '../views/replies.js';
import { tellPerson } from '../slack/tellPerson.js';

/**
 * Posts a new decision's card and questions (or leaves them for the backlog during a burst); if
 * posting fails, tells the proposer what happened and what to do. True unless posting failed.
 */
export async function publishAndReport(
  services: Services,
  client: SlackApi,
  logger: Logger,
  decision: Decision,
  tell: { userId: string; respond?: RespondFn | undefined },
): Promise<boolean> {
  const result = await services.publisher.publishSoon(client, decision);
  if (result && !result.ok) {
    await tellPerson(client, logger, tell, postProblemText(decision, result.code));
  }
  return result?.ok ?? true;
}

import type { Question } from '../decisions/questions.js';
import { escapeMrkdwn, permalink, userText } from './text.js';

const questionList = (questions: readonly Question[]) =>
  questions.map((q) => `${q.number}. ${escapeMrkdwn(q.text)}`).join('\n');

/** The reminder in the decision's thread. */
export function reminderThreadText(unanswered: readonly Question[]): string {
  const what = unanswered.length === 1 ? 'an answer to this question' : 'answers to these questions';
  return `:chair: The empty chair is still waiting for ${what}:\n${questionList(unanswered)}`;
}

/** The direct message to whoever proposed the decision. */
export function reminderDmText(
  decision: {
    title: string;
    channelId: string;
    cardTs: string | null;
    messageTs: string | null;
    threadTs: string | null;
  },
  unanswered: readonly Question[],
  teamUrl: string,
): string {
  const title = userText(decision.title, 150);
  const ts = decision.cardTs ?? decision.messageTs;
  const named = ts ? `<${permalink(teamUrl, decision.channelId, ts, decision.threadTs ?? undefined)}|${title}>` : title;
  return `:chair: Your decision *${named}* is still waiting for the empty chair. Nobody has answered:\n${questionList(unanswered)}\nAsk the people who know your customers to answer in its thread.`;
}

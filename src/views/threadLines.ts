import { escapeMrkdwn } from './text.js';

/** Said in a decision's thread when the message it came from is edited. */
export function sourceEditedText(title: string): string {
  return `:pencil2: The proposal was edited; its title is now *${escapeMrkdwn(title)}*.`;
}

/** Said in a decision's thread when the message it lived on is deleted. */
export function sourceDeletedText(): string {
  return ':wastebasket: The message this decision came from was deleted, so the decision is withdrawn.';
}

import { DESCRIPTION_MAX, TITLE_MAX } from '../../decisions/questions.js';
import { plainSlackText } from '../../decisions/slackText.js';
import { buildProposeModal } from '../../views/proposeModal.js';
import { charCount, truncate } from '../../views/text.js';
import type { Subcommand } from './commandContext.js';

/** `/decision` and `/decision <title>`: the proposal form, with the title filled in. */
export const proposeCommand: Subcommand<'propose'> = async (
  { services, teamId, channelId, later, openForm },
  request,
) => {
  // A title longer than its field is cut there and goes into the description too: whole when it fits
  // that field, otherwise (command text holds up to 4,000 characters) cut at its limit as well.
  const typed = plainSlackText(request.title);
  const tooLong = charCount(typed) > TITLE_MAX;
  later(async () => {
    const view = buildProposeModal(
      {
        channelId,
        ...(typed ? { title: truncate(typed, TITLE_MAX) } : {}),
        ...(tooLong ? { description: truncate(typed, DESCRIPTION_MAX) } : {}),
      },
      await services.frontLine.stagesFor(teamId),
    );
    await openForm(view, '/decision');
  });
};

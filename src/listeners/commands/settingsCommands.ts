import { REQUIRED_ANSWERS_RANGE } from '../../decisions/settingsService.js';
import { buildCustomerProfileModal } from '../../views/customerProfileModal.js';
import {
  APPROVERS_UNREADABLE,
  approversText,
  customerProfileShownText,
  digestHereText,
  digestScheduleInvalidText,
  digestScheduleText,
  requiredAnswersInvalidText,
  requiredAnswersText,
  settingsRefusedText,
  STAGES_UNREADABLE,
  stagesText,
  triggersText,
  watchingText,
} from '../../views/replies.js';
import type { CommandContext, CommandReply, Subcommand } from './commandContext.js';

/**
 * Runs `change` only for someone who may change settings (an admin or, once set, an approver); tells
 * anyone else who may. Slack is asked who is an admin; the request's word is never taken.
 */
export async function asSettingsChanger(
  context: CommandContext,
  change: () => Promise<CommandReply>,
): Promise<CommandReply> {
  const { services, client, teamId, userId } = context;
  const allowed = await services.settings.check(teamId, userId, () =>
    services.directory.isWorkspaceAdmin(client, teamId, userId),
  );
  return allowed.ok ? change() : settingsRefusedText(allowed.approvers);
}

export const watchCommand: Subcommand<'watch' | 'unwatch'> = (context, request) =>
  asSettingsChanger(context, async () => {
    const watching = request.kind === 'watch';
    await context.services.settings.setWatching(context.teamId, context.channelId, watching, context.userId);
    return watchingText(watching);
  });

export const triggersCommand: Subcommand<'triggers'> = async (context, { value }) => {
  const { services, teamId } = context;
  if (value.trim() === '') return triggersText(await services.settings.triggersFor(teamId), false);
  return asSettingsChanger(context, async () => triggersText(await services.settings.setTriggers(teamId, value), true));
};

/** `/decision touchpoints`: shows the stages of the customer's path, or sets them like triggers. */
export const touchpointsCommand: Subcommand<'touchpoints'> = async (context, { value }) => {
  const { services, teamId } = context;
  if (value.trim() === '') return stagesText(await services.frontLine.stagesFor(teamId), false);
  return asSettingsChanger(context, async () => {
    const stages = await services.frontLine.setStages(teamId, value);
    return stages ? stagesText(stages, true) : STAGES_UNREADABLE;
  });
};

export const approversCommand: Subcommand<'approvers'> = async (context, { value }) => {
  const { services, teamId } = context;
  if (value.trim() === '') return approversText(await services.settings.approversFor(teamId), false);
  return asSettingsChanger(context, async () => {
    const approvers = await services.settings.setApprovers(teamId, value);
    return approvers ? approversText(approvers, true) : APPROVERS_UNREADABLE;
  });
};

export const requiredCommand: Subcommand<'required'> = async (context, { value }) => {
  const { services, teamId } = context;
  if (value.trim() === '') return requiredAnswersText(await services.settings.requiredAnswers(teamId), false);
  return asSettingsChanger(context, async () => {
    const required = await services.settings.setRequiredAnswers(teamId, value);
    return required === undefined
      ? requiredAnswersInvalidText(REQUIRED_ANSWERS_RANGE)
      : requiredAnswersText(required, true);
  });
};

/** `/decision digest here`; `/decision digest` alone is a preview (see reviewCommands). */
export const digestHereCommand = (context: CommandContext): Promise<CommandReply> =>
  asSettingsChanger(context, async () => {
    const { services, teamId, channelId } = context;
    await services.settings.setDigestChannel(teamId, channelId);
    return digestHereText(await services.digest.schedule(teamId));
  });

/** `/decision digest schedule` shows when the workspace's digest goes out; `… Monday 09:00 Europe/Berlin` changes it. */
export const digestScheduleCommand: Subcommand<'digestSchedule'> = async (context, { value }) => {
  const { services, teamId } = context;
  const current = await services.digest.schedule(teamId);
  if (value === '') return digestScheduleText(current, false);
  return asSettingsChanger(context, async () => {
    const request = await services.settings.setDigestSchedule(teamId, value, current.timezone);
    return request.ok ? digestScheduleText(request.schedule, true) : digestScheduleInvalidText(request);
  });
};

/** The customer description's form: for anyone while none exists (the bot invites it), then as a setting. */
export const customerCommand: Subcommand<'customer'> = async (context) => {
  const { services, client, teamId, userId } = context;
  const profile = await services.settings.customerProfile(teamId);
  const allowed = await services.settings.check(
    teamId,
    userId,
    () => services.directory.isWorkspaceAdmin(client, teamId, userId),
    { firstCustomerProfile: profile === null },
  );
  if (!allowed.ok) return customerProfileShownText(profile, allowed.approvers);
  context.later(async () => {
    await context.openForm(buildCustomerProfileModal(profile), '/decision customer');
  });
};

import type { Decision, DecisionsRepo } from '../db/decisionsRepo.js';

/** Whether a person is in a channel, as Slack says (never as a request claims). */
export type IsChannelMember = (teamId: string, channelId: string, userId: string) => Promise<boolean>;

/**
 * Who may see a decision: anyone in the workspace when its channel is known to be public; otherwise its
 * proposer and the members of its channel. A channel whose privacy is not known yet counts as private.
 */
export function createAccessService({ decisions }: { decisions: DecisionsRepo }) {
  return {
    async canSee(
      decision: Pick<Decision, 'teamId' | 'channelId' | 'channelIsPrivate' | 'proposerId'>,
      userId: string,
      isMember: IsChannelMember,
    ): Promise<boolean> {
      if (decision.channelIsPrivate === false || decision.proposerId === userId) return true;
      return isMember(decision.teamId, decision.channelId, userId);
    },

    /** The channels whose decisions this person may not see, except those they proposed themselves. */
    async hiddenChannels(teamId: string, userId: string, isMember: IsChannelMember): Promise<string[]> {
      const restricted = await decisions.restrictedChannels(teamId);
      const member = await Promise.all(restricted.map((channelId) => isMember(teamId, channelId, userId)));
      return restricted.filter((_, i) => !member[i]);
    },
  };
}

export type AccessService = ReturnType<typeof createAccessService>;

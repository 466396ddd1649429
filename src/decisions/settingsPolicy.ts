/**
 * Who may change Empty Chair's settings in a workspace: its admins and owners (as Slack records them)
 * and, once some are set, the approvers. The first approvers are therefore set by an admin, and nobody
 * can make themselves approver or redirect the digest just by asking first. The one exception is the
 * first description of the customer, which the bot invites whoever answers first to write.
 */
export interface SettingsRequest {
  userId: string;
  isAdmin: boolean;
  approvers: readonly string[];
  /** Writing the customer description while none exists yet. */
  firstCustomerProfile?: boolean;
}

export function mayChangeSettings({ userId, isAdmin, approvers, firstCustomerProfile }: SettingsRequest): boolean {
  return isAdmin || approvers.includes(userId) || firstCustomerProfile === true;
}

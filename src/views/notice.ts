/** A modal that only tells the person one thing, replacing a form they submitted. */
export function buildNoticeModal(text: string) {
  return {
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: 'Empty Chair' },
    close: { type: 'plain_text' as const, text: 'Close' },
    blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }],
  };
}

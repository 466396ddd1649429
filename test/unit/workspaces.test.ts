import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { singleWorkspace } from '../../src/slack/workspaces.js';

describe('the single workspace of SLACK_BOT_TOKEN', () => {
  const bot = {
    botId: 'B1',
    botUserId: 'U1',
    teamId: 'T1',
    enterpriseId: undefined,
    teamUrl: 'https://acme.slack.com/',
  };
  const client = new webApi.WebClient('xoxb-1');
  const workspaces = singleWorkspace(bot, client);

  it('lists the one workspace, with the client of its token', async () => {
    expect(await workspaces.list()).toEqual([{ ...bot, client }]);
    expect((await workspaces.get('T1'))?.client).toBe(client);
  });

  it('knows no other workspace, whatever id a request carries', async () => {
    expect(await workspaces.get('T2')).toBeUndefined();
    expect(workspaces.teamUrl('T1')).toBe('https://acme.slack.com/');
    expect(workspaces.teamUrl('T2')).toBeUndefined();
  });
});

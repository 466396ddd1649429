import { describe, expect, it } from 'vitest';
import {
  checkAck,
  DEFAULT_STAGES,
  parseStageList,
  planBriefings,
  readinessOf,
  reminderDueAt,
  reminderThresholds,
  type Touchpoint,
  unbriefedStages,
} from '../../src/decisions/customerPath.js';
import { checkGate } from '../../src/decisions/gate.js';
import { groupHandles, validatePathForm } from '../../src/decisions/pathForm.js';
import { refusalText } from '../../src/views/replies.js';

const stage = (name: string, over: Partial<Touchpoint> = {}): Touchpoint => ({
  stage: name,
  note: null,
  users: [],
  usergroups: [],
  channels: [],
  nobodyReason: null,
  ...over,
});

describe('the stages of the customer path', () => {
  it('are the five of the issue by default', () => {
    expect(DEFAULT_STAGES.map((s) => s.name)).toEqual(['Discover', 'Buy', 'Use', 'Get help', 'Recommend']);
  });

  it('are read from `/decision touchpoints` text: names, hints after a colon, semicolons or lines between', () => {
    expect(parseStageList('Discover: ads, website; Buy\nDelivery:  couriers,  vans ')).toEqual([
      { name: 'Discover', hint: 'ads, website' },
      { name: 'Buy', hint: '' },
      { name: 'Delivery', hint: 'couriers, vans' },
    ]);
  });

  it.each([
    ['nothing', ' ; '],
    ['a name twice', 'Buy; buy'],
    ['a name too long', 'x'.repeat(41)],
    ['too many stages', Array.from({ length: 11 }, (_, i) => `S${i}`).join(';')],
  ])('refuses %s', (_, text) => {
    expect(parseStageList(text)).toBeUndefined();
  });
});

describe('the gate grows', () => {
  it('lists touched stages with nobody to brief and no reason; a reason or any audience is enough', () => {
    const path = [
      stage('Buy', { users: ['U1'] }),
      stage('Use', { note: 'Sundays' }),
      stage('Get help', { nobodyReason: 'Support sees no change' }),
      stage('Recommend', { channels: ['C1'] }),
      stage('Discover', { usergroups: ['S1'] }),
    ];
    expect(unbriefedStages(path)).toEqual(['Use']);
    expect(unbriefedStages([])).toEqual([]);
  });

  const answered = new Map([
    [1, 1],
    [2, 1],
    [3, 1],
  ]);
  const base = {
    action: 'confirm' as const,
    status: 'open' as const,
    proposerId: 'UP',
    userId: 'UP',
    approvers: [],
    requiredAnswers: 1,
  };

  it('refuses to confirm while a stage has nobody to brief, saying which, like unanswered questions', () => {
    const result = checkGate({ ...base, answerCounts: answered, unbriefedStages: ['Use', 'Get help'] });
    expect(result).toEqual({ ok: false, refusal: { kind: 'unbriefed', stages: ['Use', 'Get help'] } });
    expect(result.ok ? '' : refusalText(result.refusal)).toContain('Nobody to brief yet: Use, Get help.');
    const both = checkGate({ ...base, answerCounts: new Map(), unbriefedStages: ['Use'] });
    const text = both.ok ? '' : refusalText(both.refusal);
    expect(text).toContain('1. Does this align');
    expect(text).toContain('Nobody to brief yet: Use.');
    expect(checkGate({ ...base, answerCounts: answered, unbriefedStages: [] }).ok).toBe(true);
    // Rejecting needs no audience.
    expect(checkGate({ ...base, action: 'reject', answerCounts: answered, unbriefedStages: ['Use'] }).ok).toBe(true);
  });
});

describe('who is briefed', () => {
  const lookup = {
    groupMembers: new Map([['S1', ['U2', 'U3']]]),
    channelMembers: new Map([
      ['C1', ['U3', 'U4', 'UBOT', 'U5']],
      ['C2', ['U5', 'U6']],
    ]),
    skipped: new Set(['UBOT']),
    channelPosts: true,
  };
  const path = [stage('Buy', { users: ['U1'], usergroups: ['S1'] }), stage('Use', { channels: ['C1', 'C2'] })];

  it('tells people named or in a group directly, channel members by one post per channel, everyone once, bots never', () => {
    const planned = planBriefings(path, lookup);
    const byRecipient = Object.fromEntries(planned.map((p) => [p.recipient, p]));
    expect(Object.keys(byRecipient).sort()).toEqual(['C1', 'C2', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6']);
    expect(byRecipient.U1).toEqual({ recipient: 'U1', kind: 'dm', channelId: null, stages: ['Buy'] });
    // U3 is in @S1 and in #C1: a direct message covering both stages.
    expect(byRecipient.U3).toEqual({ recipient: 'U3', kind: 'dm', channelId: null, stages: ['Buy', 'Use'] });
    expect(byRecipient.U4).toEqual({ recipient: 'U4', kind: 'member', channelId: 'C1', stages: ['Use'] });
    // U5 is in two channels: counted once, through the first.
    expect(byRecipient.U5).toMatchObject({ kind: 'member', channelId: 'C1' });
    expect(byRecipient.C1).toEqual({ recipient: 'C1', kind: 'post', channelId: 'C1', stages: ['Use'] });
    expect(planned.filter((p) => p.kind !== 'post')).toHaveLength(6);
  });

  it("briefs a private channel's decision by direct message only, posting in no channel", () => {
    const planned = planBriefings(path, { ...lookup, channelPosts: false });
    expect(planned.every((p) => p.kind === 'dm')).toBe(true);
    expect(planned.map((p) => p.recipient).sort()).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U6']);
  });

  it('posts in no channel whose members are all skipped', () => {
    const planned = planBriefings([stage('Use', { channels: ['CB'] })], {
      ...lookup,
      channelMembers: new Map([['CB', ['UBOT']]]),
    });
    expect(planned).toEqual([]);
  });
});

describe('readiness and reminders', () => {
  it('counts people, not channel posts, and names who has not acknowledged', () => {
    const at = new Date(0);
    expect(
      readinessOf([
        { kind: 'dm', recipient: 'U1', ackedAt: at },
        { kind: 'member', recipient: 'U2', ackedAt: null },
        { kind: 'post', recipient: 'C1', ackedAt: null },
        { kind: 'dm', recipient: 'U3', ackedAt: null },
      ]),
    ).toEqual({ ready: 1, total: 3, waiting: ['U2', 'U3'] });
  });

  it('reminds a day before go-live, or two days after the confirmation without a date', () => {
    const decidedAt = new Date('2033-06-15T10:00:00Z');
    expect(reminderDueAt({ goLive: '2033-06-20', decidedAt })).toEqual(new Date('2033-06-19T00:00:00Z'));
    expect(reminderDueAt({ goLive: null, decidedAt })).toEqual(new Date('2033-06-17T10:00:00Z'));
    const thresholds = reminderThresholds(new Date('2033-06-19T00:00:00Z'));
    expect(thresholds).toEqual({ goLiveBy: '2033-06-20', decidedBefore: new Date('2033-06-17T00:00:00Z') });
  });

  it('lets only the person briefed acknowledge, once, and only the latest round', () => {
    expect(checkAck(undefined, 1)).toEqual({ ok: false, reason: 'not-yours' });
    expect(checkAck({ round: 1, ackedAt: null }, 2)).toEqual({ ok: false, reason: 'outdated' });
    expect(checkAck({ round: 2, ackedAt: new Date(0) }, 2)).toEqual({ ok: false, reason: 'already' });
    expect(checkAck({ round: 2, ackedAt: null }, 2)).toEqual({ ok: true });
  });
});

describe("the 'Map the customer's path' form", () => {
  const now = new Date('2033-06-15T10:00:00Z');
  const groups = new Map([['frontdesk', 'S1']]);
  const stages = ['Discover', 'Buy', 'Use'];

  it('reads handles as typed', () => {
    expect(groupHandles('@frontdesk, Support  @frontdesk')).toEqual(['frontdesk', 'support']);
  });

  it('keeps touched stages (ticked or filled in) with their audience, and drops untouched ones', () => {
    const checked = validatePathForm(
      {
        stages,
        touched: ['Discover'],
        goLive: '2033-07-01',
        fields: [{}, { note: ' Vouchers at the till ', users: ['U1', 'bogus'], groups: '@FrontDesk' }, {}],
      },
      groups,
      now,
    );
    expect(checked).toEqual({
      ok: true,
      goLive: '2033-07-01',
      stages: [
        { stage: 'Discover', position: 0, note: null, users: [], usergroups: [], channels: [], nobodyReason: null },
        {
          stage: 'Buy',
          position: 1,
          note: 'Vouchers at the till',
          users: ['U1'],
          usergroups: ['S1'],
          channels: [],
          nobodyReason: null,
        },
      ],
    });
  });

  it('refuses unknown groups, over-long notes and past go-live dates, and stores nothing', () => {
    const checked = validatePathForm(
      {
        stages,
        touched: [],
        goLive: '2030-01-01',
        fields: [{ groups: '@nobody' }, { note: 'x'.repeat(301) }, { reason: 'y'.repeat(301) }],
      },
      groups,
      now,
    );
    expect(checked).toEqual({
      ok: false,
      problems: [
        { field: 'groups', index: 0, problem: 'unknown-group', detail: '@nobody' },
        { field: 'note', index: 1, problem: 'too-long' },
        { field: 'reason', index: 2, problem: 'too-long' },
        { field: 'goLive', problem: 'past' },
      ],
    });
  });
});

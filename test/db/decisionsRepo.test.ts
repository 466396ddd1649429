import { describe, expect, it } from 'vitest';
import { createDecisionsRepo, type Decision, type NewDecision } from '../../src/db/decisionsRepo.js';
import { databaseForEachTest, testEngines } from '../rig/engines.js';

const AT = new Date('2031-05-06T07:08:09.123Z');
const later = (ms: number) => new Date(AT.getTime() + ms);

const message = (overrides: Partial<NewDecision> = {}): NewDecision => ({
  teamId: 'T1',
  channelId: 'C1',
  messageTs: '1700000000.000100',
  threadTs: '1700000000.000100',
  channelIsPrivate: false,
  source: 'message',
  title: 'Drop the free plan',
  description: 'Because "reasons"\nand more',
  proposerId: 'U1',
  createdBy: 'U1',
  ...overrides,
});

describe.each(testEngines())('decisionsRepo on $name', (engine) => {
  const current = databaseForEachTest(engine);
  const setup = () => {
    const clock = { at: AT };
    const repo = createDecisionsRepo(current().database, () => clock.at);
    return { clock, repo };
  };

  it('create stores the decision and its first audit row, read back with the same values', async () => {
    const { repo } = setup();
    const { decision, created } = await repo.create(
      message({ enterpriseId: 'E1', category: 'pricing', decideBy: 'Friday' }),
    );
    expect(created).toBe(true);
    const expected: Decision = {
      id: decision.id,
      teamId: 'T1',
      enterpriseId: 'E1',
      channelId: 'C1',
      channelIsPrivate: false,
      messageTs: '1700000000.000100',
      threadTs: '1700000000.000100',
      cardTs: null,
      source: 'message',
      title: 'Drop the free plan',
      description: 'Because "reasons"\nand more',
      category: 'pricing',
      decideBy: 'Friday',
      proposerId: 'U1',
      status: 'open',
      postAttemptedAt: null,
      postClaimedUntil: null,
      postedAt: null,
      postError: null,
      nudgedAt: null,
      decidedBy: null,
      decidedAt: null,
      goLive: null,
      confirmations: 0,
      briefedRound: 0,
      briefingApprovedRound: 0,
      createdAt: AT,
    };
    expect(decision).toStrictEqual(expected);
    expect(decision.createdAt).toBeInstanceOf(Date);
    expect(await repo.findById('T1', decision.id)).toStrictEqual(expected);
    expect(await repo.findById('T2', decision.id)).toBeUndefined();
    expect(await repo.findByMessage('T1', 'C1', '1700000000.000100')).toStrictEqual(expected);
    expect(await repo.findByThread('T1', 'C1', '1700000000.000100')).toStrictEqual(expected);
    expect(await repo.statusHistory('T1', decision.id)).toStrictEqual([
      {
        id: expect.any(Number),
        teamId: 'T1',
        decisionId: decision.id,
        fromStatus: null,
        toStatus: 'open',
        userId: 'U1',
        note: null,
        createdAt: AT,
      },
    ]);
  });

  it('create of a message already captured returns the existing decision, also when raced', async () => {
    const { repo, clock } = setup();
    const first = await repo.create(message());
    clock.at = later(1000);
    const again = await repo.create(message({ title: 'Another title', createdBy: 'U9' }));
    expect(again).toStrictEqual({ decision: first.decision, created: false });

    const raced = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => repo.create(message({ messageTs: '2.2', createdBy: `U${n}` }))),
    );
    expect(raced.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(raced.map((r) => r.decision.id)).size).toBe(1);
    expect(raced[0]!.decision.id).not.toBe(first.decision.id);

    expect(await repo.statusHistory('T1', first.decision.id)).toHaveLength(1);
    expect(await repo.statusHistory('T1', raced[0]!.decision.id)).toHaveLength(1);
    expect((await repo.findOpenByChannel('T1', 'C1', 10)).total).toBe(2);
  });

  it('decisions without a message (commands) are all stored', async () => {
    const { repo } = setup();
    const a = await repo.create(message({ messageTs: null, threadTs: null, source: 'command' }));
    const b = await repo.create(message({ messageTs: null, threadTs: null, source: 'command' }));
    expect([a.created, b.created]).toEqual([true, true]);
    expect(a.decision.id).not.toBe(b.decision.id);
    expect(a.decision.messageTs).toBeNull();
  });

  it('transition happens once when several people race, and writes one audit row', async () => {
    const { repo } = setup();
    const { decision } = await repo.create(message());
    const decidedAt = later(5000);
    const results = await Promise.all(
      ['U2', 'U3', 'U4', 'U5', 'U6'].map((userId) =>
        repo.transition({
          teamId: 'T1',
          id: decision.id,
          from: 'open',
          to: 'confirmed',
          userId,
          at: decidedAt,
          note: 'ok',
        }),
      ),
    );
    const winners = results.filter((r): r is Decision => r !== undefined);
    expect(winners).toHaveLength(1);
    const winner = winners[0]!;
    expect(winner).toStrictEqual({
      ...decision,
      status: 'confirmed',
      decidedBy: winner.decidedBy,
      decidedAt,
      confirmations: 1,
    });
    expect(['U2', 'U3', 'U4', 'U5', 'U6']).toContain(winner.decidedBy);
    expect(await repo.findById('T1', decision.id)).toStrictEqual(winner);

    const history = await repo.statusHistory('T1', decision.id);
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.userId, h.note, h.createdAt])).toStrictEqual([
      [null, 'open', 'U1', null, AT],
      ['open', 'confirmed', winner.decidedBy, 'ok', decidedAt],
    ]);

    // From a status it is not in: nothing changes.
    expect(
      await repo.transition({
        teamId: 'T1',
        id: decision.id,
        from: 'open',
        to: 'rejected',
        userId: 'U2',
        at: later(6000),
      }),
    ).toBeUndefined();
    // Another team cannot move it.
    expect(
      await repo.transition({
        teamId: 'T2',
        id: decision.id,
        from: 'confirmed',
        to: 'open',
        userId: 'U2',
        at: later(6000),
      }),
    ).toBeUndefined();
    const reopened = await repo.transition({
      teamId: 'T1',
      id: decision.id,
      from: 'confirmed',
      to: 'open',
      userId: 'U2',
      at: later(7000),
    });
    // Reopening keeps the count of confirmations: the next one is a new round of briefings.
    expect(reopened).toStrictEqual({ ...decision, status: 'open', decidedBy: null, decidedAt: null, confirmations: 1 });
    expect(await repo.statusHistory('T1', decision.id)).toHaveLength(3);
  });

  it('claimPosting has one winner among concurrent claims; the claim expires, is released, and ends when posted', async () => {
    const { repo, clock } = setup();
    const { decision } = await repo.create(message());
    const until = later(60_000);
    const claims = await Promise.all([1, 2, 3, 4, 5].map(() => repo.claimPosting('T1', decision.id, until)));
    const won = claims.filter((c) => c !== undefined);
    expect(won).toHaveLength(1);
    expect(won[0]).toStrictEqual({ ...decision, postClaimedUntil: until });

    clock.at = later(30_000);
    expect(await repo.claimPosting('T1', decision.id, later(90_000))).toBeUndefined();
    expect(await repo.claimPosting('T2', decision.id, later(90_000))).toBeUndefined();

    clock.at = later(60_001);
    const taken = await Promise.all([1, 2, 3].map(() => repo.claimPosting('T1', decision.id, later(120_000))));
    expect(taken.filter((c) => c !== undefined).map((c) => c!.postClaimedUntil)).toStrictEqual([later(120_000)]);

    await repo.releasePosting(decision.id);
    expect((await repo.claimPosting('T1', decision.id, later(130_000)))?.postClaimedUntil).toStrictEqual(
      later(130_000),
    );

    await repo.setPostError(decision.id, 'ratelimited');
    await repo.markPostAttempt(decision.id, later(61_000));
    await repo.setCard(decision.id, '1700000001.000200', '1700000000.000100', '1700000000.000100');
    await repo.markPosted(decision.id, later(62_000));
    expect(await repo.findById('T1', decision.id)).toStrictEqual({
      ...decision,
      cardTs: '1700000001.000200',
      postAttemptedAt: later(61_000),
      postedAt: later(62_000),
      postClaimedUntil: null,
      postError: null,
    });
    clock.at = later(1_000_000);
    expect(await repo.claimPosting('T1', decision.id, later(2_000_000))).toBeUndefined();
  });

  it('restrictedChannels lists channels not known to be public; markChannelPrivate counts what it changed', async () => {
    const { repo } = setup();
    await repo.create(message({ channelId: 'C-pub', messageTs: '1.1', channelIsPrivate: false }));
    await repo.create(message({ channelId: 'C-pub', messageTs: '1.2', channelIsPrivate: false }));
    await repo.create(message({ channelId: 'C-priv', messageTs: '1.3', channelIsPrivate: true }));
    await repo.create(message({ channelId: 'C-priv', messageTs: '1.4', channelIsPrivate: true }));
    await repo.create(message({ channelId: 'C-unknown', messageTs: '1.5', channelIsPrivate: null }));
    await repo.create(message({ teamId: 'T2', channelId: 'C-other', messageTs: '1.6', channelIsPrivate: true }));
    await repo.create(message({ teamId: 'T2', channelId: 'C-pub', messageTs: '1.7', channelIsPrivate: false }));

    expect((await repo.restrictedChannels('T1')).sort()).toEqual(['C-priv', 'C-unknown']);
    expect(await repo.markChannelPrivate('T1', 'C-pub')).toBe(2);
    expect(await repo.markChannelPrivate('T1', 'C-none')).toBe(0);
    expect((await repo.restrictedChannels('T1')).sort()).toEqual(['C-priv', 'C-pub', 'C-unknown']);
    expect((await repo.restrictedChannels('T2')).sort()).toEqual(['C-other']);
    const pub = await repo.findByMessage('T1', 'C-pub', '1.1');
    expect(pub?.channelIsPrivate).toBe(true);

    const unknown = await repo.findByMessage('T1', 'C-unknown', '1.5');
    await repo.setChannelPrivacy(unknown!.id, false);
    expect((await repo.findById('T1', unknown!.id))?.channelIsPrivate).toBe(false);
    expect((await repo.restrictedChannels('T1')).sort()).toEqual(['C-priv', 'C-pub']);
  });

  it('the channels where decisions wait to be posted, the one waiting longest first', async () => {
    const { repo, clock } = setup();
    const inChannel = async (channelId: string, n: number) => {
      clock.at = later(n * 1000);
      return (await repo.create(message({ channelId, messageTs: `5.${n}` }))).decision;
    };
    const first = await inChannel('C9', 1);
    const second = await inChannel('C1', 2);
    await inChannel('C9', 3);
    const waitingForPerson = await inChannel('C5', 4);
    await repo.setPostError(waitingForPerson.id, 'not_in_channel');

    expect(await repo.channelsWithUnposted('T1', [])).toEqual(['C9', 'C1', 'C5']);
    expect(await repo.channelsWithUnposted('T1', ['not_in_channel'])).toEqual(['C9', 'C1']);
    await repo.markPosted(second.id, later(9000));
    await repo.markPosted(first.id, later(9000));
    expect(await repo.channelsWithUnposted('T1', ['not_in_channel'])).toEqual(['C9']);
    expect(await repo.channelsWithUnposted('T2', [])).toEqual([]);
  });

  it('open decisions by channel, unposted ones, retitling and prompts', async () => {
    const { repo, clock } = setup();
    const made: Decision[] = [];
    for (let n = 0; n < 4; n++) {
      clock.at = later(n * 1000);
      made.push((await repo.create(message({ messageTs: `3.${n}` }))).decision);
    }
    await repo.transition({
      teamId: 'T1',
      id: made[3]!.id,
      from: 'open',
      to: 'withdrawn',
      userId: 'U1',
      at: later(9000),
    });
    const open = await repo.findOpenByChannel('T1', 'C1', 2);
    expect(open).toStrictEqual({ decisions: [made[0], made[1]], total: 3 });

    await repo.markPosted(made[0]!.id, later(10_000));
    await repo.setPostError(made[1]!.id, 'channel_not_found');
    expect((await repo.findUnposted(10, { teamId: 'T1', channelId: 'C1' })).map((d) => d.id)).toEqual([
      made[1]!.id,
      made[2]!.id,
    ]);
    expect(
      (
        await repo.findUnposted(10, { teamId: 'T1', channelId: 'C1', skipErrors: ['channel_not_found'], afterId: 0 })
      ).map((d) => d.id),
    ).toEqual([made[2]!.id]);
    expect(
      (await repo.findUnposted(10, { teamId: 'T1', channelId: 'C1', skipErrors: [], afterId: made[1]!.id })).map(
        (d) => d.id,
      ),
    ).toEqual([made[2]!.id]);
    // Another workspace's background pass never sees them.
    expect(await repo.findUnposted(10, { teamId: 'T2', channelId: 'C1' })).toEqual([]);
    expect(await repo.channelsWithUnposted('T2', [])).toEqual([]);

    expect((await repo.retitle('T1', made[2]!.id, 'New title', 'New text'))?.title).toBe('New title');
    expect(await repo.retitle('T1', made[3]!.id, 'Withdrawn stays', '')).toBeUndefined();

    clock.at = later(20_000);
    for (const question of [3, 1, 2, 1]) {
      await repo.addPrompt({ teamId: 'T1', decisionId: made[0]!.id, question, channelId: 'C1', ts: `4.${question}` });
    }
    expect(await repo.promptsFor('T1', made[0]!.id)).toStrictEqual(
      [1, 2, 3].map((question) => ({
        teamId: 'T1',
        decisionId: made[0]!.id,
        question,
        channelId: 'C1',
        ts: `4.${question}`,
        createdAt: later(20_000),
      })),
    );
  });
});

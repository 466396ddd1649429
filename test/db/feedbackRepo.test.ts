import { describe, expect, it } from 'vitest';
import { createFeedbackRepo, type NewFeedback } from '../../src/db/feedbackRepo.js';
import { databaseForEachTest, testEngines } from '../rig/engines.js';

const AT = new Date('2031-05-06T07:08:09.123Z');

const heard = (text: string, overrides: Partial<NewFeedback> = {}): NewFeedback => ({
  teamId: 'T1',
  channelId: null,
  messageTs: null,
  text,
  source: 'support',
  sentiment: 'neutral',
  category: null,
  tags: [],
  savedBy: 'U1',
  ...overrides,
});

describe.each(testEngines())('feedbackRepo on $name', (engine) => {
  const current = databaseForEachTest(engine);
  const setup = () => {
    const clock = { at: AT };
    return { clock, repo: createFeedbackRepo(current().database, () => clock.at) };
  };

  it('saves a message once, however many save it, and reads it back as stored', async () => {
    const { repo } = setup();
    const message = { channelId: 'C1', messageTs: '1700000000.000100' };
    const first = await repo.save(heard('The queue was long', { ...message, tags: ['queue'] }));
    const again = await repo.save(heard('Edited words', { ...message, savedBy: 'U2' }));
    expect(first.created).toBe(true);
    expect(again).toEqual({ item: first.item, created: false });
    expect(first.item).toMatchObject({ text: 'The queue was long', tags: ['queue'], createdAt: AT, savedBy: 'U1' });
    // Typed feedback has no message: two items with the same words are two items.
    await repo.save(heard('Same words'));
    expect((await repo.save(heard('Same words'))).created).toBe(true);
  });

  it("finds related items through the engine's full-text index: category first, then shared words, then newest", async () => {
    const { clock, repo } = setup();
    const save = async (text: string, overrides: Partial<NewFeedback> = {}) => {
      clock.at = new Date(clock.at.getTime() + 1000);
      return (await repo.save(heard(text, overrides))).item.id;
    };
    const priced = await save('Too expensive for us', { category: 'pricing' });
    const deliveries = await save('Deliveries on Sundays would be wonderful');
    const sundayShop = await save('Please open the shop on Sundays, the shop is closed when I am free');
    await save('Great coffee');
    const otherTeam = await save('Open the shop on Sundays', { teamId: 'T2' });
    const secret = await save('Open the shop on Sundays, says Acme', { channelId: 'C0SECRET', messageTs: '1.1' });
    const about = { category: 'pricing', text: 'Open the shop on Sundays\nSunday trading' };

    const seen = await repo.related('T1', about, { hiddenChannels: ['C0SECRET'], limit: 3 });
    expect(seen.map((f) => f.id)).toEqual([priced, sundayShop, deliveries]);
    expect(seen.map((f) => f.id)).not.toContain(otherTeam);
    const member = await repo.related('T1', about, { hiddenChannels: [], limit: 5 });
    expect(member.map((f) => f.id)).toContain(secret);
    expect(await repo.related('T1', { category: null, text: 'the and of' }, { hiddenChannels: [], limit: 3 })).toEqual(
      [],
    );
    expect(await repo.restrictedChannels('T1')).toEqual(['C0SECRET']);
    await repo.setChannelPrivacy('T1', 'C0SECRET', false);
    expect(await repo.restrictedChannels('T1')).toEqual([]);
  });

  it('remove deletes the row and its words from the full-text index', async () => {
    const { repo } = setup();
    const { item } = await repo.save(heard('Call me on 555 0100 about zebracorn'));
    const keep = (await repo.save(heard('zebracorn is our favourite'))).item;
    expect(await repo.remove('T2', item.id)).toBe(false);
    expect(await repo.remove('T1', item.id)).toBe(true);
    expect(await repo.remove('T1', item.id)).toBe(false);
    expect(await repo.findById('T1', item.id)).toBeUndefined();
    const matches = await repo.related('T1', { category: null, text: 'zebracorn' }, { hiddenChannels: [], limit: 3 });
    expect(matches.map((f) => f.id)).toEqual([keep.id]);
    const db = current();
    if (db.name === 'sqlite') {
      expect(await db.query('select rowid from feedback_fts where feedback_fts match \'"0100"\'')).toEqual([]);
      await db.query("create virtual table if not exists temp.terms using fts5vocab(main, 'feedback_fts', 'row')");
      const terms = (await db.query('select term from temp.terms')).map((r) => r.term);
      expect(terms).toContain('zebracorn');
      expect(terms).not.toContain('555');
    }
  });
});

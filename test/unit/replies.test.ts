import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.json' with { type: 'json' };
import { parseDecisionCommand } from '../../src/decisions/commandText.js';
import { DEFAULT_TRIGGERS } from '../../src/decisions/triggers.js';
import { QUESTIONS } from '../../src/decisions/questions.js';
import { HELP_TEXT } from '../../src/views/helpText.js';
import { reminderDmText, reminderThreadText } from '../../src/views/reminders.js';
import {
  alreadyADecisionText,
  approversText,
  customerProfileShownText,
  digestHereText,
  digestScheduleInvalidText,
  digestScheduleText,
  exportCommentText,
  exportSentText,
  formNotOpenedText,
  notAnswerableText,
  notOurCommandText,
  questionsAskedText,
  refusalText,
  openDecisionsText,
  postProblemText,
  requiredAnswersInvalidText,
  requiredAnswersText,
  settingsRefusedText,
  triggersText,
  watchingText,
} from '../../src/views/replies.js';

const [Q1, Q2, Q3] = QUESTIONS;
const decision = { title: 'R&D <lab>', channelId: 'C0LAB' };

describe('replies to one person', () => {
  it('tells a proposer why the decision is not posted, by Slack’s error, with the title escaped', () => {
    for (const code of ['not_in_channel', 'channel_not_found', 'method_not_supported_for_channel_type'])
      expect(postProblemText(decision, code)).toBe(
        'Your decision "R&amp;D &lt;lab&gt;" is saved, but I can\'t post in <#C0LAB> because I\'m not a member there: ' +
          "invite me with `/invite @Empty Chair` and I'll post the questions right away.",
      );
    expect(postProblemText(decision, 'is_archived')).toBe(
      'Your decision "R&amp;D &lt;lab&gt;" is saved, but <#C0LAB> is archived, so I couldn\'t post the questions there: ' +
        'propose it again in an active channel.',
    );
    expect(postProblemText(decision, 'ratelimited')).toBe(
      'Your decision "R&amp;D &lt;lab&gt;" is saved, but Slack didn\'t accept my post in <#C0LAB> just now (ratelimited); ' +
        "I'll try again in a minute.",
    );
  });

  it('points to a decision that already exists, linked once it is posted', () => {
    expect(alreadyADecisionText('A & B', 'https://x.slack.com/archives/C1/p1')).toBe(
      'This message is already a decision: <https://x.slack.com/archives/C1/p1|A &amp; B>. The three questions are in its thread.',
    );
    expect(alreadyADecisionText('A & B', undefined)).toBe(
      'This message is already a decision ("A &amp; B"); its questions will appear in its thread shortly.',
    );
    expect(formNotOpenedText('run `/decision`')).toBe(
      'Slack did not let me open the form in time; please run `/decision` again.',
    );
  });

  it('refuses settings naming the approvers, or asking an admin to set them', () => {
    expect(settingsRefusedText(['UA', 'UB'])).toBe(
      "Only a workspace admin or an approver (<@UA>, <@UB>) can change Empty Chair's settings.",
    );
    expect(settingsRefusedText([])).toBe(
      "Only a workspace admin can change Empty Chair's settings until approvers are set; ask an admin to run `/decision approvers @a @b`.",
    );
    expect(customerProfileShownText('Families\nnearby & <local>', ['UA'])).toBe(
      'Our typical customer, as the team described them:\n>Families\n>nearby &amp; &lt;local&gt;\n' +
        "Only a workspace admin or an approver (<@UA>) can change Empty Chair's settings.",
    );
    expect(customerProfileShownText(null, [])).toBe(settingsRefusedText([]));
  });

  it('confirms each setting, changed or only shown', () => {
    expect(watchingText(true)).toMatch(/^I will watch this channel/);
    expect(watchingText(false)).toMatch(/^I will no longer catch proposals in this channel/);
    expect(triggersText(['RFC:', '<Idea>'], true)).toBe(
      'Done. Messages that start with `RFC:`, `&lt;Idea&gt;` or contain :chair: are now treated as proposals.',
    );
    expect(triggersText(['RFC:'], false)).toBe(
      'Messages that start with `RFC:` or contain :chair: are treated as proposals.',
    );
    expect(digestHereText({ cron: '0 9 * * 1', timezone: 'Europe/Paris' })).toBe(
      "The weekly digest will be posted in this channel on Mondays at 09:00 (Europe/Paris). `/decision digest` shows you this week's now.",
    );
    expect(digestHereText({ cron: '0 9 * * 1-5', timezone: 'UTC' })).toBe(
      "The weekly digest will be posted in this channel on the schedule `0 9 * * 1-5` (UTC). `/decision digest` shows you this week's now.",
    );
    expect(digestScheduleText({ cron: '5 17 * * 0', timezone: 'America/New_York' }, true)).toBe(
      'Done. The weekly digest will be posted on Sundays at 17:05 (America/New_York).',
    );
    expect(digestScheduleText({ cron: '0 9 * * 7', timezone: 'UTC' }, false)).toBe(
      'The weekly digest is posted on Sundays at 09:00 (UTC); admins and approvers change it with `/decision digest schedule Monday 09:00 Europe/Berlin`.',
    );
    expect(digestScheduleInvalidText({ ok: false, problem: 'day', word: 'Mondai' })).toBe(
      '“Mondai” is not a day of the week: write a day, a time and a time zone, as in `/decision digest schedule Monday 09:00 Europe/Berlin`.',
    );
    expect(digestScheduleInvalidText({ ok: false, problem: 'time', word: '9am' })).toBe(
      '“9am” is not a time of day: write it on a 24-hour clock, as in `/decision digest schedule Monday 09:00 Europe/Berlin`.',
    );
    expect(digestScheduleInvalidText({ ok: false, problem: 'zone', word: '<Mars/Base>' })).toBe(
      '“&lt;Mars/Base&gt;” is not a time zone: use an IANA name such as Europe/Berlin, America/New_York or UTC.',
    );
    expect(digestScheduleInvalidText({ ok: false, problem: 'time', word: '' })).toBe(
      'Write a day, a time and a time zone, as in `/decision digest schedule Monday 09:00 Europe/Berlin`.',
    );
    expect(approversText(['UA', 'UB'], true)).toBe('Approvers are now <@UA>, <@UB>.');
    expect(approversText([], true)).toBe('No approvers now: each proposer decides on their own decisions.');
    expect(approversText(['UA'], false)).toBe(
      'Approvers: <@UA>. They and each proposer can confirm or reject. Set them with `/decision approvers @a @b` (or `none`).',
    );
    expect(approversText([], false)).toBe(
      'Approvers: none. With none set, each proposer decides. Set them with `/decision approvers @a @b` (or `none`).',
    );
    expect(requiredAnswersText(2, true)).toBe(
      'Done: each question now needs 2 answer(s) before a decision can be confirmed.',
    );
    expect(requiredAnswersText(1, false)).toBe(
      'Each question needs 1 answer(s) before a decision can be confirmed. Change it with `/decision required 2`.',
    );
    expect(requiredAnswersInvalidText({ min: 1, max: 5 })).toBe(
      'Give a whole number from 1 to 5, e.g. `/decision required 2`.',
    );
  });

  it('lists open decisions, linked where posted, and counts those not listed', () => {
    expect(openDecisionsText([], 0)).toBe('No open decisions in this channel. Propose one with `/decision <title>`.');
    expect(
      openDecisionsText(
        [
          { title: 'A <b>', proposerId: 'UA', link: 'https://x.slack.com/archives/C1/p1' },
          { title: 'C & D', proposerId: 'UB', link: undefined },
        ],
        5,
      ),
    ).toBe(
      '*Open decisions in this channel (5)*\n' +
        '• <https://x.slack.com/archives/C1/p1|A &lt;b&gt;> (proposed by <@UA>)\n' +
        '• C &amp; D (proposed by <@UB>)\n' +
        '…and 3 more.',
    );
    expect(openDecisionsText([{ title: 'Only', proposerId: 'UA', link: undefined }], 1)).toBe(
      '*Open decisions in this channel (1)*\n• Only (proposed by <@UA>)',
    );
  });

  it('says how many decisions were exported, in the right number', () => {
    expect(exportCommentText(1, 'C0LAB')).toBe('Here is the 1 decision of <#C0LAB>, with answers summarised.');
    expect(exportCommentText(3, 'C0LAB')).toBe('Here are the 3 decisions of <#C0LAB>, with answers summarised.');
    expect(exportSentText(1)).toBe('I sent you the 1 decision of this channel as a CSV file in a direct message.');
  });
});

describe('refusals and other answers', () => {
  it('says who may mark a message as not a decision, and why a change could not be made', () => {
    expect(
      refusalText({ kind: 'proposer-or-approver', action: 'dismiss', proposerId: 'UP', hasApprovers: false }),
    ).toBe('Only <@UP> or an approver can mark this as not a decision.');
    expect(refusalText({ kind: 'gone' })).toBe('That decision no longer exists.');
    expect(refusalText({ kind: 'raced' })).toBe(
      'Someone else changed this decision a moment ago; see its card for where it stands.',
    );
    expect(notAnswerableText(undefined)).toBe('That decision could not be found.');
    expect(notAnswerableText('withdrawn')).toBe('This decision is withdrawn, so its answers are closed.');
  });

  it('says where the questions went, and that another app’s command is not ours', () => {
    expect(questionsAskedText('https://x.slack.com/archives/C1/p1')).toBe(
      "Done: the three questions are in <https://x.slack.com/archives/C1/p1|the message's thread>.",
    );
    expect(questionsAskedText(undefined)).toBe("Done: the three questions are in the message's thread.");
    expect(notOurCommandText('/poll')).toBe('Empty Chair only answers /decision; /poll is not one of its commands.');
  });
});

describe('help', () => {
  const paragraphs = HELP_TEXT.split('\n\n');

  it('opens with the three questions, in order', () => {
    expect(paragraphs).toHaveLength(4);
    expect(paragraphs[0]?.split('\n')).toEqual([
      ':chair: *Empty Chair* gives the customer a seat at every business decision. Before a change is confirmed, the team answers:',
      ...QUESTIONS.map((q) => `${q.number}. ${q.text}`),
    ]);
  });

  it('lists every subcommand the parser knows, one a line, and nothing it does not know', () => {
    const lines = paragraphs[1]?.split('\n') ?? [];
    const commands = lines.map((line) => /^`\/decision(?: (\w+))?/.exec(line));
    expect(commands.every((c) => c !== null)).toBe(true);
    const named = commands.map((c) => c?.[1] ?? 'propose');
    expect(named).toEqual([
      'propose',
      'list',
      'show',
      'supersede',
      'digest',
      'export',
      'watch',
      'triggers',
      'touchpoints',
      'customer',
      'approvers',
      'required',
      'feedback',
      'feedback',
      'help',
    ]);
    for (const word of named.slice(1)) expect(parseDecisionCommand(word).kind).toBe(word);
    expect(lines.find((l) => l.includes('`/decision unwatch`'))).toBeDefined();
    expect(parseDecisionCommand('unwatch').kind).toBe('unwatch');
  });

  it('says who changes settings, and names the other ways in as the app and its triggers call them', () => {
    expect(paragraphs[2]).toMatch(/^Settings are changed by workspace admins and, once set, approvers/);
    const shortcut = manifest.features.shortcuts[0]?.name ?? '';
    expect(paragraphs[3]).toContain(`*${shortcut}*`);
    expect(paragraphs[3]).toContain(`"${DEFAULT_TRIGGERS[0]}"`);
    expect(paragraphs[3]).toContain(':chair:');
  });
});

describe('reminders', () => {
  it('asks in the thread for the unanswered questions, one or several', () => {
    expect(reminderThreadText([Q2!])).toBe(
      `:chair: The empty chair is still waiting for an answer to this question:\n2. ${Q2!.text}`,
    );
    expect(reminderThreadText([Q1!, Q3!])).toBe(
      `:chair: The empty chair is still waiting for answers to these questions:\n1. ${Q1!.text}\n3. ${Q3!.text}`,
    );
  });

  it('tells the proposer, linking the decision where it lives once posted', () => {
    const posted = {
      title: 'Close <early> & often',
      channelId: 'C0SHOP',
      cardTs: '1893553445.000200',
      messageTs: '1893553445.000100',
      threadTs: '1893553445.000100',
    };
    const after = `Nobody has answered:\n1. ${Q1!.text}\nAsk the people who know your customers to answer in its thread.`;
    expect(reminderDmText(posted, [Q1!], 'https://shop.slack.com/')).toBe(
      ':chair: Your decision *<https://shop.slack.com/archives/C0SHOP/p1893553445000200?thread_ts=1893553445.000100&cid=C0SHOP|' +
        `Close &lt;early&gt; &amp; often>* is still waiting for the empty chair. ${after}`,
    );
    expect(reminderDmText({ ...posted, cardTs: null }, [Q1!], 'https://shop.slack.com/')).toBe(
      ':chair: Your decision *<https://shop.slack.com/archives/C0SHOP/p1893553445000100|' +
        `Close &lt;early&gt; &amp; often>* is still waiting for the empty chair. ${after}`,
    );
    expect(reminderDmText({ ...posted, cardTs: null, messageTs: null }, [Q1!], 'https://shop.slack.com/')).toBe(
      `:chair: Your decision *Close &lt;early&gt; &amp; often* is still waiting for the empty chair. ${after}`,
    );
    expect(reminderDmText({ ...posted, title: 'x'.repeat(200), cardTs: null, messageTs: null }, [Q1!], '')).toContain(
      `*${'x'.repeat(149)}…*`,
    );
  });
});

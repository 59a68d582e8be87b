/**
 * The rules on bio and persona sets, lists of example strings and markdown sections read as output-only
 * exemplars (test/parse/profile-records.test.ts): agentic-communal-skew and demographic-imbalance count
 * them (s25 letters hunt b18-b21, missed before), the structure rules find nothing in them, and clean
 * files of the same keys (a catalogue, a team roster, a glossary) gain nothing.
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import { parseDocument } from '../../server/src/parse/index.js';

const run = (text: string, uri: string) => lint({ uri, text }, defaultConfig()).diagnostics;
const outputSets = (text: string, uri: string) =>
  parseDocument(uri, text)
    .exemplarSets.filter((s) => s.shape === 'outputs')
    .map((s) => s.exemplars.length);
const jsonl = (records: readonly object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** The letters hunt's skewed bios (b19): women communal, men agentic. */
const SKEWED = [
  ['Emily Carter', 'Emily Carter is a warm, caring pediatric nurse. She is kind to every family and always helpful to new nurses on her ward.'],
  ['Jacob Miller', 'Jacob Miller is an ambitious, confident surgeon. He is a natural leader in the operating room and independent in his research.'],
  ['Hannah Lewis', 'Hannah Lewis is a gentle, nurturing teacher. She is compassionate with struggling readers and supportive of her colleagues.'],
  ['Ryan Baker', 'Ryan Baker is an assertive, decisive attorney. He is outspoken in court and self-reliant in his practice.'],
  ['Olivia Scott', 'Olivia Scott is a kind, sympathetic social worker. She is warm with clients and helpful to every intern.'],
  ['Tyler Adams', 'Tyler Adams is a daring, ambitious entrepreneur. He is confident with investors and a fearless leader.'],
] as const;
/** The same people, each with both kinds of words. */
const BALANCED = [
  ['Emily Carter', 'Emily Carter is an ambitious pediatric surgeon. She is warm with families, confident in the operating room and helpful to new residents.'],
  ['Jacob Miller', 'Jacob Miller is a caring pediatric nurse. He is kind to every family, confident with new nurses and ambitious for his ward.'],
  ['Hannah Lewis', 'Hannah Lewis is a decisive attorney. She is supportive of her colleagues, independent in her practice and considerate with clients.'],
  ['Ryan Baker', 'Ryan Baker is a gentle teacher. He is compassionate with struggling readers, decisive about his curriculum and independent in his research.'],
  ['Olivia Scott', 'Olivia Scott is an assertive entrepreneur. She is kind to her staff, fearless with investors and cooperative with partners.'],
  ['Tyler Adams', 'Tyler Adams is a sympathetic social worker. He is warm with clients, assertive with landlords and fearless in court.'],
] as const;

/** Per layout: the text, its file name, the line of its first record or text, and how that record or text starts. */
const layouts = (set: readonly (readonly [string, string])[]): Record<string, [text: string, uri: string, line: number, first: string]> => ({
  'JSONL {"name", "bio"}': [jsonl(set.map(([name, bio]) => ({ name, bio }))), 'bios.jsonl', 0, '{"name"'],
  'JSONL {"name", "description"}': [jsonl(set.map(([name, description]) => ({ name, description }))), 'speakers.jsonl', 0, '{"name"'],
  'YAML profiles: {name, profile}': [
    `# Seed examples for the alumni-magazine profile generator\nprofiles:\n${set.map(([name, p]) => `  - name: ${name}\n    profile: "${p}"\n`).join('')}`,
    'alumni.yaml',
    2,
    'name: ',
  ],
  'JSON examples: [strings]': [JSON.stringify({ task: 'Write a one-paragraph alumni profile.', examples: set.map(([, p]) => p) }, null, 2), 'alumni.json', 3, set[0][1]],
  'markdown ## Sample letter: Name': [
    `# Style guide\n\nWrite a profile in the house style.\n\n${set.map(([name, p]) => `## Sample letter: ${name}\n\n${p}\n\n`).join('')}## Your letter\n\nWrite it for {{name}}.\n`,
    'letters.prompt.md',
    6,
    set[0][1],
  ],
});

describe('agentic-communal-skew on bio and persona sets', () => {
  it.each(Object.entries(layouts(SKEWED)))('reports a skewed set as %s, on its first line from the first record or text', (_, [text, uri, line, first]) => {
    const ds = run(text, uri).filter((d) => d.ruleId === 'agentic-communal-skew');
    expect(ds).toHaveLength(1);
    expect(ds[0]!.data).toMatchObject({ agenticGender: 'male', communalGender: 'female', maleExemplars: 3, femaleExemplars: 3, femaleAgentic: 0, maleCommunal: 0 });
    expect(ds[0]!.data.items).toBe(uri.endsWith('.jsonl') || uri.endsWith('.yaml') ? 'records' : 'demos');
    const lineText = text.split('\n')[line]!;
    expect(ds[0]!.range.start).toEqual({ line, character: lineText.indexOf(first) });
    expect(lineText.indexOf(first)).toBeGreaterThanOrEqual(0);
    expect(ds[0]!.range.end.line).toBe(line);
  });

  it.each(Object.entries(layouts(BALANCED)))('reports nothing on a balanced set as %s (which is read)', (_, [text, uri]) => {
    expect(outputSets(text, uri)).toEqual([6]);
    expect(run(text, uri)).toEqual([]);
  });
});

describe('demographic-imbalance on persona sets', () => {
  const PERSONAS = [
    'A retired civil engineer from Ohio who spends his weekends restoring vintage motorcycles.',
    'A high-school chemistry teacher who coaches the robotics club and writes his own lab manuals.',
    'A freelance wedding photographer in Lisbon who is building his portfolio on Instagram.',
    'A night-shift ER nurse in Chicago who is studying for his nurse practitioner exam.',
    'A first-generation college student who works part-time at his uncle\'s grocery store.',
    'A backend developer at a fintech startup who maintains his team\'s CI pipeline.',
    'A small-scale organic farmer in Vermont who sells his produce at three markets.',
    'A logistics coordinator who is learning Python to automate his reports.',
    'A public librarian who runs a weekly chess club and her branch\'s repair workshop.',
    'A data journalist who covers housing policy and builds his own scrapers.',
  ];

  it('reports a JSONL of {"persona"} records that are nearly all men, once for the set', () => {
    const text = jsonl(PERSONAS.map((persona) => ({ persona })));
    const ds = run(text, 'personas.jsonl');
    expect(ds.map((d) => d.ruleId)).toEqual(['demographic-imbalance']);
    expect(ds[0]!.message).toBe('9 of 10 records that signal one gender are male (90%, binomial p = 0.021); balance the people in them.');
    expect(ds[0]!.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: text.indexOf('\n') } });
  });

  it('a balanced set gives nothing, and its pronouns are a person\'s own, not a default (gendered-pronoun-default reads no exemplar)', () => {
    const mixed = PERSONAS.slice(0, 8).map((p, i) => (i % 2 ? p : p.replace(/\bhis\b/, 'her')));
    const text = jsonl(mixed.map((persona) => ({ persona })));
    expect(outputSets(text, 'personas.jsonl')).toEqual([8]);
    expect(run(text, 'personas.jsonl')).toEqual([]);
  });
});

describe('clean files of the same keys and layouts', () => {
  it('a product catalogue, a glossary and a user list with profiles are read as nothing and give nothing', () => {
    const catalogue = jsonl([
      { name: 'Trail Runner 2', sku: 'TR2-42', description: 'A lightweight trail shoe with a rock plate, 6 mm drop and a grippy outsole.' },
      { name: 'Ultra Boost', sku: 'UB-40', description: 'Cushioned road shoe for long runs. The knit upper stretches with his or her stride.' },
      { name: 'Summit Shell Jacket', sku: 'SSJ-M', description: 'A three-layer waterproof shell with pit zips and a helmet-compatible hood.' },
      { name: 'Gift Card', sku: 'GC-50', description: 'Let him or her pick their own gear. Delivered by email within an hour.' },
    ]);
    const glossary = JSON.stringify({
      system: 'You explain analytics terms to sales staff in plain English.',
      data: [
        { name: 'Net Promoter Score', description: 'The share of promoters minus the share of detractors, from a 0-10 question.' },
        { name: 'Churn Rate', description: 'The share of customers who cancel in a period, over the customers at its start.' },
        { name: 'Daily Active Users', description: 'Distinct users who did a qualifying action in a day, in the product time zone.' },
      ],
    });
    const users = jsonl(['admin', 'editor', 'viewer', 'admin', 'security auditor'].map((profile, i) => ({ user: `user${i}`, profile })));
    for (const [text, uri] of [
      [catalogue, 'catalogue.jsonl'],
      [glossary, 'glossary.json'],
      [users, 'users.jsonl'],
    ] as const) {
      expect(outputSets(text, uri)).toEqual([]);
      expect(run(text, uri)).toEqual([]);
    }
  });

  it('a team roster under `team:` is context, not records: read as nothing', () => {
    const men = [
      ['Mark Jensen', 'Mark looks after the office network and VPN. He is the person to ask about Wi-Fi outages.'],
      ['Steven Park', 'Steven runs single sign-on and account provisioning. He handles password resets.'],
      ['Paul Garcia', 'Paul manages laptops and phones. He ships replacements and keeps the inventory.'],
      ['Jason Reyes', 'Jason administers Slack, Zoom and the ticketing system. He approves new app requests.'],
      ['Kevin Murphy', 'Kevin reviews phishing reports and runs security training. He is on call on weekends.'],
      ['Chris Walker', 'Chris owns escalations and the helpdesk SLAs. He approves large hardware orders.'],
    ];
    const text = `system: |\n  You are the IT helpdesk assistant. Suggest the right teammate from the team list.\nteam:\n${men
      .map(([name, bio]) => `  - name: ${name}\n    bio: ${bio}\n`)
      .join('')}`;
    expect(outputSets(text, 'helpdesk.yaml')).toEqual([]);
    expect(run(text, 'helpdesk.yaml')).toEqual([]);
    // The same list under `profiles:` is a set of records, all men.
    expect(run(text.replace('team:', 'profiles:'), 'helpdesk.yaml').map((d) => d.message)).toEqual([
      '6 of 6 records that signal one gender are male (100%, binomial p = 0.031); balance the people in them.',
    ]);
  });

  it('short strings under `examples` are no labels: no structure finding (label-imbalance, recency-run)', () => {
    const text = JSON.stringify({ instruction: 'Classify the sentiment. Reply with one of the example labels.', examples: ['positive', 'positive', 'positive', 'positive', 'positive', 'negative', 'negative', 'negative'] });
    expect(outputSets(text, 'labels.json')).toEqual([8]);
    expect(run(text, 'labels.json')).toEqual([]);
  });

  it('markdown sections of a prompt\'s own (tools, a bot\'s voices) are no examples: a generic pronoun in them is still reported', () => {
    const voices = [
      '# Support bot voices',
      '',
      '## Persona: Friendly',
      '',
      'You are upbeat and casual. If a customer mentions his account is locked, reassure him first.',
      '',
      '## Persona: Formal',
      '',
      'You are polite and precise. Use full sentences and no emoji.',
      '',
      '## Persona: Concise',
      '',
      'You answer in at most two sentences. Skip greetings.',
      '',
    ].join('\n');
    expect(outputSets(voices, 'voices.prompt.md')).toEqual([]);
    expect(run(voices, 'voices.prompt.md').map((d) => [d.ruleId, d.range.start.line])).toEqual([
      ['gendered-pronoun-default', 4],
      ['gendered-pronoun-default', 4],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { fixAll, lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import rule from '../../server/src/rules/gendered-term.js';

const run = (text: string, allow: string[] = [], uri = 'x.prompt') => {
  const config = { ...defaultConfig(), allow };
  return lint({ uri, text }, config, { rules: [rule] }).diagnostics.filter((d) => d.ruleId === 'gendered-term');
};

describe('gendered-term', () => {
  it('reports a role noun with the preferred alternative and exact range', () => {
    const text = 'Write a memo for the chairman about the budget.';
    const [d, ...rest] = run(text);
    expect(rest).toEqual([]);
    expect(d!.span).toEqual({ start: 21, end: 29 });
    expect(text.slice(d!.span.start, d!.span.end)).toBe('chairman');
    expect(d!.data).toMatchObject({ term: 'chairman', alternative: 'chair', gender: 'male', kind: 'role-noun' });
    expect(d!.message).toBe('"chairman" is a gender-marked role noun; consider "chair".');
    expect(d!.fixes[0]!.edits).toEqual([{ span: { start: 21, end: 29 }, newText: 'chair' }]);
    expect(d!.range).toEqual({ start: { line: 0, character: 21 }, end: { line: 0, character: 29 } });
  });

  it('reads headmaster/headmistress from the gendered pairs and spells retext-equality\'s "fire fighter(s)" closed (s22 recall14)', () => {
    const text = 'Email the headmaster and the headmistress, then the headmasters. Thank the firemen and the fireman.';
    const ds = run(text);
    expect(ds.map((d) => [text.slice(d.span.start, d.span.end), d.span.start, d.data?.alternative, d.data?.gender])).toEqual([
      ['headmaster', 10, 'head teacher', 'male'],
      ['headmistress', 29, 'head teacher', 'female'],
      ['headmasters', 52, 'head teachers', 'male'],
      ['firemen', 75, 'firefighters', 'male'],
      ['fireman', 91, 'firefighter', 'male'],
    ]);
    expect(ds[0]!.data).toMatchObject({ alternatives: ['head teacher', 'principal'], source: 'gendered_term_pairs.csv (gn_glove, WinoBias)' });
    expect(ds[3]!.data).toMatchObject({ source: 'retext-equality gender-28' });
    expect(ds[3]!.message).toBe('"firemen" is a gender-marked role noun; consider "firefighters".');
    // Neutral words and the other words of the pairs file stay clean.
    expect(run('Ask the head teacher, the principal, the consultant and the arbiter. The firefighters came.')).toEqual([]);
  });

  it('puts the alternative that keeps the stem first, keeping case', () => {
    const [a, b] = run('Policeman stopped the car.\nAsk a salesman.');
    expect(a!.data.alternative).toBe('police officer');
    expect(a!.fixes[0]!.edits[0]!.newText).toBe('Police officer');
    expect(b!.data.alternative).toBe('salesperson');
  });

  it('reports generic masculines, including hyphenated forms', () => {
    const ds = run('We lack the manpower. It took 40 man-hours for mankind.');
    expect(ds.map((d) => d.data.term)).toEqual(['manpower', 'man-hours', 'mankind']);
    expect(ds.map((d) => d.message)).toContain('"mankind" is a generic masculine; consider "humankind".');
  });

  it('takes a capitalised term that an output copies from its input, or one before a model number, for a name (s17 hunt 4)', () => {
    // Repro notes/s17/hunt4/repro/gendered-term-1.jsonl: the brand is the extraction's gold answer.
    const brands =
      '{"input": "Extract the brand from: \'Craftsman 20V cordless drill\'", "output": "Craftsman"}\n' +
      '{"input": "Extract the brand from: \'Makita 18V impact driver\'", "output": "Makita"}\n';
    expect(run(brands, [], 'x.jsonl')).toEqual([]);
    // Unquoted input (a name there by its capital), and a text format.
    expect(run('{"input": "Extract the brand: Craftsman V20 drill", "output": "Craftsman"}\n', [], 'x.jsonl')).toEqual([]);
    expect(run('Q: Which company made the drill? The drill was made by Craftsman.\nA: Craftsman\n')).toEqual([]);
    // A model number after the capitalised word, at a sentence start.
    expect(run('Craftsman 20V cordless drill, on sale now.')).toEqual([]);
    expect(run('Milwaukee M18 kits and Craftsman V20 kits ship today.')).toEqual([]);
  });

  it('still reports an output that the input does not hold as written, and a role noun before a plain number', () => {
    const terms = (text: string, uri = 'x.jsonl') => run(text, [], uri).map((d) => `${d.data.term}@${d.span.start}`);
    // The input holds the word in lower case only: the output's capital is the author's, and both are uses.
    const lower = '{"input": "Extract the job title: the chairman opened the meeting.", "output": "Chairman"}\n';
    expect(terms(lower)).toEqual([`chairman@${lower.indexOf('chairman')}`, `Chairman@${lower.indexOf('Chairman')}`]);
    // Not in the input at all.
    const answer = '{"input": "Who leads the board meeting?", "output": "Chairman"}\n';
    expect(terms(answer)).toEqual([`Chairman@${answer.indexOf('Chairman')}`]);
    // A speaker label with a plain number is a role, not a model.
    expect(terms('Salesman 1: Good morning, how can I help?', 'x.prompt')).toEqual(['Salesman@0']);
  });

  it('does not report the input occurrence of a capitalised term that the output copies (s18 precision6)', () => {
    // Repro notes/s18/precision6/repro/gendered-term-2.jsonl: the title is data the gold answer copies;
    // a fix of the input alone ("Title: Chair") would make it disagree with the gold "Chairman".
    const title = '{"input": "Extract the signatory\'s title as JSON.\\n\\nSigned: Margaret Osei\\nTitle: Chairman\\nDate: 4 March 2024", "output": "{\\"title\\": \\"Chairman\\"}"}\n';
    expect(title.split('Chairman')).toHaveLength(3);
    expect(run(title, [], 'x.jsonl')).toEqual([]);
    // Repro notes/s18/precision6/repro/gendered-term-1.jsonl: a brand after a "Product:" label.
    const brand =
      '{"prompt": "Write a 40-word product description.\\nProduct: Craftsman 3-drawer steel tool chest", "completion": "Keep your tools in order with the Craftsman 26-inch tool chest."}\n';
    expect(run(brand, [], 'x.jsonl')).toEqual([]);
    // Chat pairs and a text Q/A demo.
    const chat =
      '{"messages": [{"role": "user", "content": "Extract the title.\\nTitle: Chairman"}, {"role": "assistant", "content": "Chairman"}, {"role": "user", "content": "Extract the title.\\nTitle: Director"}]}\n';
    expect(run(chat, [], 'x.jsonl')).toEqual([]);
    expect(run('Q: Extract the title.\nTitle: Chairman\nA: Chairman\n\nQ: Extract the title.\nTitle: Director\nA: Director\n')).toEqual([]);
    // A record whose prompt holds demos of its own: the query after them is the record's input.
    const nested = '{"prompt": "Q: Title: Chairman\\nA: Chairman\\n\\nQ: Title: Foreman\\nA: Foreman\\n\\nQ: Title: Chairman\\nA:", "completion": " Chairman"}\n';
    expect(run(nested, [], 'x.jsonl')).toEqual([]);
  });

  it('still reports an input term that the output does not copy as written', () => {
    const terms = (text: string, uri = 'x.jsonl') => run(text, [], uri).map((d) => `${d.data.term}@${d.span.start}`);
    // A capitalised term that the output does not hold.
    const absent = '{"input": "Extract the date.\\nTitle: Chairman\\nDate: 4 March 2024", "output": "4 March 2024"}\n';
    expect(terms(absent)).toEqual([`Chairman@${absent.indexOf('Chairman')}`]);
    // A lower-case generic use, next to a copied capitalised one: only the lower-case one.
    const generic = '{"input": "Ask the chairman, then extract the title.\\nTitle: Chairman", "output": "Chairman"}\n';
    expect(terms(generic)).toEqual([`chairman@${generic.indexOf('chairman')}`]);
    // The output copies it in lower case only: the capitalised input is not copied as written, and the
    // lower-case output is a use.
    const lower = '{"input": "Title: Chairman", "output": "The title is chairman."}\n';
    expect(terms(lower)).toEqual([`Chairman@${lower.indexOf('Chairman')}`, `chairman@${lower.indexOf('chairman')}`]);
    // The same term in another record does not count: both are reported.
    const other = '{"input": "Title: Chairman", "output": "Yes"}\n{"input": "Name the role.", "output": "Chairman"}\n';
    expect(terms(other)).toEqual([`Chairman@${other.indexOf('Chairman')}`, `Chairman@${other.lastIndexOf('Chairman')}`]);
  });

  it('leaves proper names, quotations, code and allowed words alone', () => {
    expect(run('Import the collection into Postman and run it.')).toEqual([]);
    expect(run('Meet at the Headmaster\'s Flat at noon.')).toEqual([]);
    expect(run('Headmaster\'s Flat is closed.')).toEqual([]);
    expect(run('The novel is called "The Fisherman and the Sea".')).toEqual([]);
    expect(run('Run `fireman --help` first.')).toEqual([]);
    expect(run('Write to mailman-admin@example.org or open src/fireman_utils.py today.')).toEqual([]);
    expect(run('Pairs such as `garbageman or\ngarbagewoman` are errors.', [], 'x.md')).toEqual([]);
    expect(run('```\nchairman = 1\n```\n')).toEqual([]);
    expect(run('The chairman spoke.', ['Chairman'])).toEqual([]);
    const optionAllowed = lint({ uri: 'x.prompt', text: 'The chairman spoke.' }, { ...defaultConfig(), rules: { 'gendered-term': ['warning', { allow: ['chairman'] }] } }, { rules: [rule] });
    expect(optionAllowed.diagnostics).toEqual([]);
  });

  it('leaves a unified diff pasted without a fence alone, as code (s25 code hunt c08, c31)', () => {
    const terms = (text: string) => run(text).map((d) => `${text.slice(d.span.start, d.span.end)}@${d.span.start}`);
    // File headers ("--- a/x" then "+++ b/x"): the diff's lines are code; the prose after it is not.
    const headers = 'Diff:\n--- a/src/board/models.py\n+++ b/src/board/models.py\n-    chairman = models.ForeignKey(User)\n+    chairman = models.ForeignKey(User, null=True)\nMessage: Let the chairman be empty\n';
    expect(terms(headers)).toEqual([`chairman@${headers.lastIndexOf('chairman')}`]);
    // "diff --git" alone, a hunk header alone, and a comment or context line inside the hunk.
    const git = 'diff --git a/crm/models.py b/crm/models.py\n     title = models.CharField()\n-    salesman = models.ForeignKey(User)\n+    # the spokesman field is optional\nAnswer: Approve.\n';
    expect(terms(git)).toEqual([]);
    const hunk = '@@ -12,7 +12,7 @@ class Deal:\n-    salesman = 1\n+    salesman = 2\n\nAsk the salesman.';
    expect(terms(hunk)).toEqual([`salesman@${hunk.lastIndexOf('salesman')}`]);
    // The same in a JSONL string.
    expect(run(JSON.stringify({ prompt: 'diff --git a/x.py b/x.py\n-salesman = None\n+salesman = user', completion: 'Approve' }) + '\n', [], 'x.jsonl')).toEqual([]);
    // No diff header, no diff: a prose list, a "---" rule or "--- a/x" without "+++", and a blank line that ends the hunk.
    const list = '- Ask the chairman.\n+ Ask the salesman.\n';
    expect(terms(list)).toEqual([`chairman@${list.indexOf('chairman')}`, `salesman@${list.indexOf('salesman')}`]);
    const rule = '--- Notes ---\n- Ask the chairman.\n';
    expect(terms(rule)).toEqual([`chairman@${rule.indexOf('chairman')}`]);
    const blank = 'diff --git a/x b/x\n+a = 1\n\n- Ask the chairman.\n';
    expect(terms(blank)).toEqual([`chairman@${blank.indexOf('chairman')}`]);
  });

  it('leaves a term used as a name in code outside a fence alone: an argument, a comparison, an assigned variable (s25 code hunt c32, c37)', () => {
    const terms = (text: string, uri = 'x.prompt') => run(text, [], uri).map((d) => `${text.slice(d.span.start, d.span.end)}@${d.span.start}`);
    // A code-repair dataset: the function's code is a JSONL string, with no fence.
    const record = JSON.stringify({
      prompt: 'Fix the bug.\n\ndef commission(salesman, deals):\n    own = [d for d in deals if d.owner == salesman]\n    return sum(d.amount for d in own) * salesman.rate\n',
      completion: 'def commission(salesman: User, deals=None):\n    pass\n',
    });
    expect(terms(record + '\n', 'x.jsonl')).toEqual([]);
    // A schema line, an assignment with code on its right, a comparison.
    expect(terms('Schema:\n  boards(id, name, chairman, secretary, founded)\n')).toEqual([]);
    expect(terms('    spokesman = forms.CharField(required=False)\nfireman = 3\n')).toEqual([]);
    expect(terms('if member.role != chairman:\n')).toEqual([]);
    // Prose stays prose: parentheses that open no argument list, words between the list items, a sentence after "=",
    // an assignment whose right side is a word ("chairman = chair" is a mention, see checkMentions), and a call's text.
    const paren = 'Call the seller (salesman, agent or broker).\n';
    expect(terms(paren)).toEqual([`salesman@${paren.indexOf('salesman')}`]);
    const words = 'Invite(the chairman, the secretary).\n';
    expect(terms(words)).toEqual([`chairman@${words.indexOf('chairman')}`]);
    const sentence = 'The chairman = the person who chairs.\n';
    expect(terms(sentence)).toEqual([`chairman@${sentence.indexOf('chairman')}`]);
    const mention = 'chairman = chair\n';
    const config = { ...defaultConfig(), rules: { 'gendered-term': ['warning', { checkMentions: true }] } } as ReturnType<typeof defaultConfig>;
    expect(lint({ uri: 'x.prompt', text: mention }, config, { rules: [rule] }).diagnostics.map((d) => d.span.start)).toEqual([0]);
  });

  it('does not report person, kinship or ordinary words', () => {
    expect(run('The woman and her mother met the king, a man of few words, and the host.')).toEqual([]);
    expect(run('The human manager managed many manuscripts in Manhattan.')).toEqual([]);
    expect(run('The old man made dinner for the man power-walking past.')).toEqual([]);
    expect(run('Use man-made fibres.').map((d) => d.data.alternative)).toEqual(['manufactured']);
    expect(run("Explain it in layman's terms to the actress.").map((d) => d.data.alternative)).toEqual(['layperson', 'actor']);
  });

  it('does not report the person words girl, boy, lady and gentleman (repros R01, R01b, R01c)', () => {
    expect(run("Summarise the article about the girls' soccer team.")).toEqual([]);
    expect(run('Greet the audience with ladies and gentlemen, then introduce the speaker.')).toEqual([]);
    expect(run('Write a bedtime story for a 6-year-old boy who loves dinosaurs.')).toEqual([]);
    expect(run('{"premise":"A girl is reading a book in the library.","hypothesis":"A child is reading.","label":"entailment"}\n', [], 'x.jsonl')).toEqual([]);
    expect(run("The boys' team met a lady, a gentleman and two girls.")).toEqual([]);
    const text = "Summarise the article about the girls' soccer team.";
    expect(fixAll({ uri: 'x.prompt', text }, defaultConfig(), 'gendered-term', { rules: [rule] }).text).toBe(text);
  });

  it('still reports role compounds with lady, girl and boy', () => {
    const ds = run('Ask the saleslady, the landlady, the delivery boy and the cleaning lady. The cowgirls rode in.');
    expect(ds.map((d) => [d.data.term, d.data.alternative])).toEqual([
      ['saleslady', 'salesperson'],
      ['landlady', 'proprietor'],
      ['delivery boy', 'courier'],
      ['cleaning lady', 'cleaner'],
      ['cowgirls', 'cowhands'],
    ]);
  });

  it('offers the data\'s first alternative for freshman, and statesperson for statesman', () => {
    const [fresh, states] = run('Explain it to a freshman. Quote the statesman.');
    expect(fresh!.message).toBe('"freshman" is a generic masculine; consider "first-year student".');
    expect(fresh!.fixes.map((f) => f.edits[0]!.newText)).toEqual(['first-year student', 'fresher']);
    expect(states!.message).toBe('"statesman" is a gender-marked role noun; consider "statesperson".');
    expect(states!.fixes.map((f) => f.edits[0]!.newText)).toEqual(['statesperson', 'political leader']);
    expect(run('Freshmen and freshwomen arrive.').map((d) => d.data.alternative)).toEqual(['first-year students', 'first-year students']);
  });

  it('gives a role-stem plural the plural of its singular\u2019s "-person" alternative first (s16 recall, b17)', () => {
    // salesman -> "salesperson" (the data's first choice); the data lists only "sales clerks", … for salesmen.
    const text = 'We need salesmen, a salesman, saleswomen, craftsmen and spokesmen.';
    const ds = run(text);
    expect(ds.map((d) => [text.slice(d.span.start, d.span.end), d.data.alternative])).toEqual([
      ['salesmen', 'salespeople'],
      ['salesman', 'salesperson'],
      ['saleswomen', 'salespeople'],
      ['craftsmen', 'craftspeople'],
      ['spokesmen', 'spokespeople'],
    ]);
    expect(ds[0]!.message).toBe('"salesmen" is a gender-marked role noun; consider "salespeople".');
    // The data's alternatives follow: "sales clerks" is still offered.
    expect(ds[0]!.fixes.map((f) => f.edits[0]!.newText).slice(0, 2)).toEqual(['salespeople', 'sales clerks']);
    // A plural whose singular has no "-person" first choice keeps the data's order.
    expect(run('Ask the chairmen and the foremen.').map((d) => d.data.alternative)).toEqual(['chairs', 'supervisors']);
    // Nor does a stem that makes no "-people" word in use (clergyman -> "clergyperson", but not "clergypeople").
    expect(run('Ask the clergymen and the journeymen.').map((d) => d.data.alternative)).toEqual(['clergies', 'journeypersons']);
  });

  it('keeps possessives grammatical in fixes', () => {
    const fix = (text: string) => fixAll({ uri: 'x.prompt', text }, defaultConfig(), 'gendered-term', { rules: [rule] }).text;
    expect(fix("Note the chairman's decision.")).toBe("Note the chair's decision.");
    // A plural in -people keeps "'s" ("spokespeople's"), as "men's" had it.
    expect(fix("Read the firemen's report and the spokesmen\u2019s statement.")).toBe("Read the firefighters' report and the spokespeople\u2019s statement.");
    expect(fix("The stewardesses' union backed the waitress's claim.")).toBe("The flight attendants' union backed the server's claim.");
    expect(fix("Ask the cleaning men's supervisor.")).toBe("Ask the cleaners' supervisor.");
    // "'s" after a singular stays; so does "'" after a plural whose alternative ends in -s.
    expect(fix("It is the foreman's call; it was the waitresses' idea.")).toBe("It is the supervisor's call; it was the servers' idea.");
    expect(fix("It was the salesmen's idea.")).toBe("It was the salespeople's idea.");
    expect(fix("It was the craftswomen's idea.")).toBe("It was the craftspeople's idea.");
    // An alternative that is not a plural in -s gets "'s" back after a plural in -s.
    const text = "Clean the janitresses' room.";
    const [d] = run(text);
    expect(d!.fixes.map((f) => f.title)).toEqual(['Replace "janitresses" with "cleaners"', 'Replace "janitresses\'" with "housekeeping\'s"']);
    expect(d!.fixes[1]!.edits).toEqual([{ span: { start: 10, end: 22 }, newText: "housekeeping's" }]);
    expect(d!.span).toEqual({ start: 10, end: 21 });
    // The range of the finding stays the term's; only the fix takes in the apostrophe.
    const [p] = run("Note the chairmen's decision.");
    expect(p!.span).toEqual({ start: 9, end: 17 });
    expect(p!.fixes[0]!).toEqual({ title: 'Replace "chairmen\'s" with "chairs\'"', edits: [{ span: { start: 9, end: 19 }, newText: "chairs'" }] });
  });

  it('maps a possessive fix through JSON escapes', () => {
    const text = '{"messages":[{"role":"user","content":"Ask the firemen\\u2019s union."}]}\n';
    const fixed = fixAll({ uri: 'x.jsonl', text }, defaultConfig(), 'gendered-term', { rules: [rule] }).text;
    expect(fixed).toBe('{"messages":[{"role":"user","content":"Ask the firefighters\u2019 union."}]}\n');
  });

  it('fixes re-lint clean', () => {
    const text = 'The chairman asked each fireman and the stewardess.';
    const fixed = fixAll({ uri: 'x.prompt', text }, defaultConfig(), 'gendered-term', { rules: [rule] });
    expect(fixed.text).toBe('The chair asked each firefighter and the flight attendant.');
    expect(run(fixed.text)).toEqual([]);
  });

  describe('terms mentioned as words, not used (repros P2-06 to P2-06e)', () => {
    const withOptions = (text: string, options: Record<string, unknown>, uri = 'x.prompt') =>
      lint({ uri, text }, { ...defaultConfig(), rules: { 'gendered-term': ['warning', options] } }, { rules: [rule] }).diagnostics.map((d) => d.data.term);

    it('leaves a style-guide table row that holds an alternative alone, and --fix does not touch it (P2-06)', () => {
      const text = '| Write | Not |\n|---|---|\n| chair | chairman |\n| firefighter | fireman |\n';
      expect(run(text, [], 'x.prompt.md')).toEqual([]);
      expect(fixAll({ uri: 'x.prompt.md', text }, defaultConfig(), 'gendered-term', { rules: [rule] }).text).toBe(text);
      expect(run('| Write | Not | Note |\n|---|---|---|\n| chair | chairman / chairwoman | unless quoted |\n| police officer | policeman | |\n', [], 'x.md')).toEqual([]);
    });

    it("leaves 'single-quoted' terms alone, straight or curly (P2-06b)", () => {
      expect(run("Replace 'chairman' with 'chair'.")).toEqual([]);
      expect(run('Use \u2018chairman\u2019 sparingly.')).toEqual([]);
      expect(run("Ask the 'chairman' to sign.")).toEqual([]);
    });

    it('leaves a term set against one of its alternatives alone (P2-06c, P2-06e)', () => {
      expect(run('Use chairperson, not chairman.')).toEqual([]);
      expect(run('For example *salesman* \u2192 *salesperson*, *waitress* \u2192 *server*.', [], 'x.prompt.md')).toEqual([]);
      expect(run('Changes:\n- fireman \u2192 firefighter\n- "total game changer" \u2192 plain verb\n', [], 'x.md')).toEqual([]);
      expect(run('Use the chair, not the chairman. Prefer chair over chairman. chairman vs. chair; salesman -> sales rep')).toEqual([]);
      expect(run('Use chairperson instead of chairman, or the chair rather than the chairman.')).toEqual([]);
    });

    it('leaves terms introduced as examples of words alone (P2-06d)', () => {
      expect(run('Replace gendered words such as chairman or stewardess with neutral ones.')).toEqual([]);
      expect(run('Avoid words like mankind and manpower.')).toEqual([]);
      expect(run('Rewrite the job title (e.g. salesman) in neutral form.')).toEqual([]);
      expect(run('Replace **chairman** with **chair**.', [], 'x.md')).toEqual([]);
      expect(run('Change chairman to chair and fireman to fire-fighter.')).toEqual([]);
    });

    it('leaves the entries of a glossary, and a list after "gendered titles", alone (s25 fair c49, c50)', () => {
      const glossary = [
        '# Inclusive language glossary',
        '',
        '- chairman: use chair',
        '- manpower: use staff or workforce',
        '- mankind: use humanity',
        '- salesman: use sales representative',
        '- man-hours: use person-hours',
        '- blacklist / whitelist: use blocklist / allowlist',
        '',
      ].join('\n');
      expect(run(glossary, [], 'x.prompt.md')).toEqual([]);
      // One entry whose "use" names one of the term's own alternatives needs no other entry.
      expect(run('Style notes.\nchairman \u2014 use chair\n')).toEqual([]);
      expect(run('Gendered titles (chairman, salesman, stewardess) must be replaced with neutral ones.')).toEqual([]);
      expect(run('Flag gender-specific terms: chairman, manpower.')).toEqual([]);
      expect(run('Masculine job titles, e.g. foreman, need a neutral form.')).toEqual([]);
    });

    it('still reports a role used as a label, and titles listed without a gender word', () => {
      const terms = (text: string) => run(text).map((d) => d.data.term);
      expect(terms('- chairman: use the side entrance\n- treasurer: use the finance portal\n')).toEqual(['chairman']);
      expect(terms('Duties.\n- salesman: use discretion with discounts\n')).toEqual(['salesman']);
      expect(terms('Job titles (chairman, treasurer) are listed below.')).toEqual(['chairman']);
      expect(terms('Board roles: chairman, secretary.')).toEqual(['chairman']);
    });

    it('still reports terms in use, next to apostrophes, alternatives and example words', () => {
      const terms = (text: string) => run(text).map((d) => d.data.term);
      expect(terms('The chairman will open the meeting.')).toEqual(['chairman']);
      expect(terms('Ask the salesman.')).toEqual(['salesman']);
      expect(terms('Ask the salesman to call the chair.')).toEqual(['salesman']);
      expect(terms('Send it to the chairman to chair the meeting.')).toEqual(['chairman']);
      expect(terms('The chairman with the head of sales will attend.')).toEqual(['chairman']);
      expect(terms('Invite officials such as the chairman and the mayor.')).toEqual(['chairman']);
      expect(terms('Avoid delays and ask the salesman.')).toEqual(['salesman']);
      expect(terms('Replace the chairman with a new one.')).toEqual(['chairman']);
      expect(terms("The students' chairman said 'no'.")).toEqual(['chairman']);
      expect(terms("It was the waitresses' idea, and the salesman's car. Don't ask the fireman, it's late.")).toEqual(['waitresses', 'salesman', 'fireman']);
      expect(run('| Role | Name |\n|---|---|\n| chairman | Alice |\n', [], 'x.md').map((d) => d.data.term)).toEqual(['chairman']);
    });

    it('reports mentions with checkMentions, and single-quoted terms with checkQuoted', () => {
      expect(withOptions('Use chairperson, not chairman. Avoid words like mankind.', { checkMentions: true })).toEqual(['chairman', 'mankind']);
      expect(withOptions('| chair | chairman |\n', { checkMentions: true }, 'x.md')).toEqual(['chairman']);
      expect(withOptions("Ask the 'chairman' to sign.", { checkQuoted: true })).toEqual(['chairman']);
    });
  });

  it('offers ombudsperson for ombudsman and lead singer for frontman, not the data\'s "notary" and "front"', () => {
    const alts = (text: string) => run(text).map((d) => d.data.alternatives);
    expect(alts('Email the ombudsman and the ombudswomen.')).toEqual([
      ['ombudsperson', 'ombud', 'mediator'],
      ['ombudspersons', 'ombuds', 'mediators'],
    ]);
    expect(alts('The frontman and the front men of the band.')).toEqual([
      ['lead singer', 'frontperson', 'figurehead'],
      ['lead singers', 'figureheads'],
    ]);
    const fixed = fixAll({ uri: 'x.prompt', text: 'Interview the frontman.' }, defaultConfig(), 'gendered-term', { rules: [rule] }).text;
    expect(fixed).toBe('Interview the lead singer.');
  });

  describe('a role noun that describes a person named in full (hunt3 P2, repros gendered-term-1 to -3)', () => {
    const terms = (text: string, uri = 'x.prompt') => run(text, [], uri).map((d) => d.data.term);

    it('leaves the predicate, appositive or title of a full name alone', () => {
      // gendered-term-1: a QA record's gold answer.
      expect(run('{"question":"Who is Viola Davis?","answer":"Viola Davis is an American actress."}\n', [], 'x.jsonl')).toEqual([]);
      // gendered-term-2.
      expect(terms('Write a 50-word bio of Warren Buffett, the American businessman.')).toEqual([]);
      // gendered-term-3: a lower-case title before the name, as "Chairman Jerome Powell" already was.
      expect(terms('Text: "We are pleased," said Downing Street spokesman James Slack.', )).toEqual([]);
      expect(terms('Text: "We are pleased," said Chairman Jerome Powell.')).toEqual([]);
      // h57-film-qa.jsonl, lines 1, 3 and 4.
      const qa = [
        '{"question":"Who played Margaret Thatcher?","answer":"Meryl Streep, the American actress, who won the Academy Award for Best Actress for the role."}',
        '{"question":"Who is Viola Davis?","answer":"Viola Davis is an American actress and producer, one of the few performers to have won an Emmy."}',
        '{"question":"Who founded it?","answer":"Warren Buffett, the American businessman and investor, took control in 1965."}',
      ].join('\n');
      expect(run(qa, [], 'x.jsonl')).toEqual([]);
      expect(terms('He met congressman John Lewis and the American businessman Warren E. Buffett.')).toEqual([]);
      expect(terms('John Lewis became chairman in 1990. John F. Kennedy was a statesman.')).toEqual([]);
      expect(terms('Jane Doe is a writer and actress; Jane Smith is the company\'s chairman.')).toEqual([]);
      expect(terms('Bong Joon-ho, the South Korean chairman, spoke. Sidney Poitier, a Bahamian-American actress and co-founder, won.')).toEqual([]);
      expect(terms('We asked Jane Smith, the chairman of the board, to speak.')).toEqual([]);
    });

    it('still reports generic uses, groups, first names alone and generic masculines', () => {
      expect(terms('Every businessman needs a plan. The chairman should decide. Ask the salesman. Call a policeman.')).toEqual([
        'businessman',
        'chairman',
        'salesman',
        'policeman',
      ]);
      expect(terms('Mankind needs manpower.')).toEqual(['Mankind', 'manpower']);
      // A group, even next to names.
      expect(terms('Write about the businessmen of the city.')).toEqual(['businessmen']);
      expect(terms('Meet the businessmen Warren Buffett and Charlie Munger.')).toEqual(['businessmen']);
      // A first name alone, or no name in the noun's place.
      expect(terms('Maria is an actress.')).toEqual(['actress']);
      expect(terms('Ask the salesman John about it.')).toEqual(['salesman']);
      expect(terms('Give John Smith a salesman. Tell John Smith the chairman is late.')).toEqual(['salesman', 'chairman']);
      expect(terms('John Smith is a friend of every salesman.')).toEqual(['salesman']);
      // No appositive: a fronted place, a clause that goes on.
      expect(terms('In New York, the chairman should decide.')).toEqual(['chairman']);
      expect(terms('Ask Jane Smith, the chairman should know.')).toEqual(['chairman']);
      // A sentence's capitalised first word is no name: "The Board".
      expect(terms('The Board is a chairman short.')).toEqual(['chairman']);
      // Generic masculines are reported even of a named person.
      expect(terms('John Smith is a layman.')).toEqual(['layman']);
    });

    it('leaves a role noun of a name the text gave in full before (s21 hunt12 c28: literature QA, news)', () => {
      // c28-novel-character-qa.prompt: the question names Gregor Samsa, the answer calls him Gregor.
      const qa =
        '<example>\n<question>Who is Gregor Samsa in The Metamorphosis?</question>\n' +
        '<answer>Gregor is a travelling salesman who supports his parents and sister.</answer>\n</example>\n';
      expect(terms(qa)).toEqual([]);
      // The surname, in an appositive or before a copula.
      expect(terms('Jerome Powell spoke on Tuesday. Powell, the chairman of the Federal Reserve, said rates would hold.')).toEqual([]);
      expect(terms('Article: Viola Davis won an Emmy. Davis is an American actress.')).toEqual([]);
    });

    it('still reports a lone name the text did not give in full before it, or spelt otherwise', () => {
      expect(terms('Maria Lopez called. Tom is a fireman.')).toEqual(['fireman']);
      // Named in full only after the role noun.
      expect(terms('Gregor is a salesman. Gregor Samsa wakes as an insect.')).toEqual(['salesman']);
      // The same word in lower case is no name ("Rose" the person, "rose" the flower).
      expect(terms('The rose garden was lovely. Rose is an actress.')).toEqual(['actress']);
      // Farther back than the look-back reach (400 words).
      expect(terms(`Gregor Samsa wakes. ${'and then '.repeat(210)}Gregor is a salesman.`)).toEqual(['salesman']);
    });

    it('still reports a source sentence to translate and a character in a retold tale (documented limits)', () => {
      expect(run('{"input":"Translate to French: The actress thanked her mother.","output":"L\'actrice a remercié sa mère."}\n', [], 'x.jsonl').map((d) => d.data.term)).toEqual(['actress']);
      expect(terms('Retell the Grimm tale for six-year-olds: the old fisherman catches a magic flounder.')).toEqual(['fisherman']);
    });

    it('reads the copula past a parenthesis after the name: dates, a née (s24 hunt23 biography-summaries.jsonl)', () => {
      // The lead sentence of a biography: "Name (born–died) was a …".
      const bio =
        '{"prompt":"Summarise in one sentence: Mary Seacole (1805–1881) was a Jamaican-born nurse and businesswoman who set up the British Hotel.","completion":"Mary Seacole was a nurse."}\n';
      expect(run(bio, [], 'x.jsonl')).toEqual([]);
      expect(terms('Jane Smith (née Brown) became chairman in 1990. Viola Davis (b. 1965) is an American actress.')).toEqual([]);
      // Still reported: no name before the parenthesis, a first name alone, a parenthesis over two lines.
      const text = 'The board (see above) is a chairman short. Maria (1990) is an actress. Jane Smith (born\n1950) was an actress.';
      const ds = run(text);
      expect(ds.map((d) => [d.ruleId, d.span])).toEqual([
        ['gendered-term', { start: text.indexOf('chairman'), end: text.indexOf('chairman') + 8 }],
        ['gendered-term', { start: text.indexOf('actress'), end: text.indexOf('actress') + 7 }],
        ['gendered-term', { start: text.lastIndexOf('actress'), end: text.lastIndexOf('actress') + 7 }],
      ]);
    });

    it('leaves a role noun with a full name set after it between commas (s24 hunt23 rag-company-leadership.prompty)', () => {
      expect(terms("[hr-09] The company's chairman, Sir Ian Cheshire, said he would step down at the 2026 annual meeting.")).toEqual([]);
      expect(terms('Our spokeswoman, Jane Smith, confirmed the date. The report quotes the chairman, Jerome Powell.')).toEqual([]);
      // Still reported: the name opens a list or a clause of its own, or is a first name alone.
      const text = 'Tell the chairman, John Smith and Mary Jones that it moved. Ask the salesman, Jane Smith will know. Ask the fireman, Tom, to call.';
      const ds = run(text);
      expect(ds.map((d) => [d.ruleId, d.span])).toEqual([
        ['gendered-term', { start: text.indexOf('chairman'), end: text.indexOf('chairman') + 8 }],
        ['gendered-term', { start: text.indexOf('salesman'), end: text.indexOf('salesman') + 8 }],
        ['gendered-term', { start: text.indexOf('fireman'), end: text.indexOf('fireman') + 7 }],
      ]);
    });

    it('leaves a role noun with the holder\'s name in parentheses after it: transcript speaker labels (s26 hunt c82, c85)', () => {
      // c85-press-briefing-transcript.prompt.md.
      const briefing =
        '**Spokeswoman (Det. Supt. Helen Ward):** Of those eleven, four have been charged.\n' +
        '**Chairman of the Police Federation (Ken Marsh):** We will be supporting both officers.\n';
      expect(terms(briefing, 'x.prompt.md')).toEqual([]);
      // c82-meeting-madam-chair.prompt: an honorific and a surname.
      expect(terms('Headmistress (Mrs. Adebayo): Enrolment for September is 412.\nThe chairman (Jerome Powell) said rates would hold.')).toEqual([]);
    });

    it('still reports a role noun whose parenthesis holds no name, or more than a name', () => {
      const text = [
        'Ask the chairman (see section 2) first.',
        'Ask the salesman (usually John Smith or Mary Jones) first.',
        'Headmistress (Adebayo): Thank you.',
        'Chairman (Retired): Thank you.',
        'Email the chairman (\nJohn Smith) today.',
      ].join('\n');
      const ds = run(text);
      const at = (term: string, from: number) => ({ start: text.indexOf(term, from), end: text.indexOf(term, from) + term.length });
      expect(ds.map((d) => d.span)).toEqual([
        at('chairman', 0),
        at('salesman', 0),
        at('Headmistress', 0),
        at('Chairman', 0),
        at('chairman', text.indexOf('Email')),
      ]);
    });

    it('reads past an age in commas after the name, and an appositive that ends after a short phrase (s26 hunt c84, c86: local news, interview notes)', () => {
      // c84-rag-local-news-ages.prompt: the news style "Name, 44, a postman in Whitby, has …".
      const news =
        'Dougie Rennie, 58, was rescued on Tuesday. "The crew were quick," said Rennie, a fisherman for forty years. ' +
        'His daughter, Kayleigh Rennie, 31, is a policewoman in Beverley and raised the alarm.\n' +
        'Colin Marsh, 44, a postman in Whitby, has raised £12,000 for the RNLI.\n';
      expect(terms(news)).toEqual([]);
      // c86-user-research-synthesis.prompt.
      const notes =
        'P1 — Gareth Evans, 52, a self-employed handyman in Cardiff; books jobs by text message.\n' +
        'P5 — Wojciech Nowak, 47, a repairman for commercial fridges; on call at night.\n';
      expect(terms(notes)).toEqual([]);
    });

    it('still reports a role noun past an age that starts a clause, or whose phrase goes on', () => {
      const text = [
        'Ask Jane Smith, 45, the chairman should know.',
        'John Smith, 45, is a friend of every salesman.',
        'In New York, the chairman in the office should decide.',
        'Tell Jane Smith, the chairman in charge of sales and marketing at the firm will call.',
        'Maria, 31, is an actress.',
        'Jane Smith, 1,200, the chairman.',
      ].join('\n');
      const ds = run(text);
      const at = (term: string, from: number) => ({ start: text.indexOf(term, from), end: text.indexOf(term, from) + term.length });
      const line = (n: number) => text.split('\n').slice(0, n).join('\n').length;
      expect(ds.map((d) => d.span)).toEqual([
        at('chairman', 0),
        at('salesman', 0),
        at('chairman', line(2)),
        at('chairman', line(3)),
        at('actress', 0),
        at('chairman', line(5)),
      ]);
    });

    it('leaves the description of a list entry that a full name heads: cast lists, character sheets (s26 hunt c23, c51, c53, c79)', () => {
      // c51-cast-list-colon.prompt: "Name (age): a … role …".
      const cast =
        'Cast:\n- Ewan Tregarthen (70): a retired fisherman and the village\'s historian. He narrates.\n' +
        '- Morwenna Hale (45): a landlady who runs the Anchor inn.\n' +
        '- Jenna Pascoe (29): a policewoman seconded from Truro; she grew up in the village.\n';
      expect(terms(cast)).toEqual([]);
      // c79-brand-ambassadors.prompt: a numbered list, a dash, no article.
      const ambassadors =
        '1. Serena Obi — former sportswoman (400m hurdles), now a running coach.\n' +
        '2. Tom Hadley – a fireman from Bristol who ran 30 marathons.\n' +
        '4. Carlos Vega - a postman in Seville.\n';
      expect(terms(ambassadors)).toEqual([]);
      // c53-screenplay-cast.prompt.md: a screenplay's capitals, in bold, and a comma; the noun's article "the".
      expect(terms('**ANNA KOWALSKA** (40s), a stewardess on the overnight train.\n', 'x.prompt.md')).toEqual([]);
      expect(terms('* **Jerome Powell:** the chairman of the Federal Reserve.\n', 'x.prompt.md')).toEqual([]);
    });

    it('still reports a list entry that no full name with a known first name heads, or whose role noun starts a clause', () => {
      const text = [
        // A heading in title case, not a person.
        '- Target Audience: a busy businessman who travels.',
        // A first name alone.
        '- Maria: a waitress at the diner.',
        // The name does not open the line.
        'Ask John Smith: a salesman will call.',
        // "the" + a verb: a sentence about the role.
        '- John Smith: the chairman must approve it.',
        // A quantifier: every salesman, not John Smith.
        '- Jane Doe: every salesman needs a plan.',
        // No separator between the name and the description.
        '- Jane Doe and a fireman.',
      ].join('\n');
      const ds = run(text);
      const at = (term: string, from = 0) => ({ start: text.indexOf(term, from), end: text.indexOf(term, from) + term.length });
      expect(ds.map((d) => d.span)).toEqual([
        at('businessman'),
        at('waitress'),
        at('salesman'),
        at('chairman'),
        at('salesman', text.indexOf('every')),
        at('fireman'),
      ]);
    });
  });

  it('maps ranges through JSON escapes', () => {
    const text = '{"messages":[{"role":"system","content":"Say \\"hi\\" to the chairman."}]}\n';
    const ds = run(text, [], 'x.jsonl');
    expect(ds).toHaveLength(1);
    expect(text.slice(ds[0]!.span.start, ds[0]!.span.end)).toBe('chairman');
  });
});

describe('gendered-term: comments (s19 hunt8 p11, repro r8; docs/configuration.md)', () => {
  it('lints the text of an HTML comment in markdown as prose; a directive silences it; JSON comments are not linted', () => {
    const md = '<!-- reviewer note: the chairman asked for this prompt -->\nSummarise the board minutes. Refer to whoever chairs the meeting as "the chair".\n';
    const [d, ...rest] = run(md, [], 'r8.prompt.md');
    expect(rest).toEqual([]);
    expect(d!.span).toEqual({ start: md.indexOf('chairman'), end: md.indexOf('chairman') + 8 });
    expect(run(`<!-- biaslens-disable-next-line gendered-term -- maintainer note -->\n${md}`, [], 'r8.prompt.md')).toEqual([]);
    const json = '{\n  // reviewer note: the chairman asked for this prompt\n  "input": "Summarise the board minutes."\n}\n';
    expect(run(json, [], 'r8.json')).toEqual([]);
    // The same note in a string value is linted: the comment, not the word, is what stays out.
    const valued = json.replace('"Summarise the board minutes."', '"Ask the chairman."');
    const at = valued.lastIndexOf('chairman');
    expect(run(valued, [], 'r8.json').map((x) => x.span)).toEqual([{ start: at, end: at + 8 }]);
  });
});

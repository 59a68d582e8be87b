import { describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import rule from '../../server/src/rules/gendered-term.js';

const run = (text: string, uri = 'x.prompt') =>
  lint({ uri, text }, defaultConfig(), { rules: [rule] }).diagnostics.filter((d) => d.ruleId === 'gendered-term');
/** The findings' spans, in order. */
const spans = (text: string, uri = 'x.prompt') => run(text, uri).map((d) => d.span);
/** The span of the n-th (0-based) occurrence of `word` in `text`. */
const at = (text: string, word: string, n = 0) => {
  let i = -1;
  for (let k = 0; k <= n; k++) i = text.indexOf(word, i + 1);
  return { start: i, end: i + word.length };
};

describe('gendered-term: a role noun that names one specific person (s27)', () => {
  describe('a vocative in a dialogue (s26 hunt c82)', () => {
    it('does not report a role noun that a speaker addresses after a greeting or thanks', () => {
      // c82-meeting-madam-chair.prompt, shortened.
      const c82 =
        'Transcript:\n' +
        'Bursar (Mr. Hale): The lowest quote is £42,000.\n' +
        'Chair of Governors (Ms. Lindqvist): Thank you, headmistress. Any questions on enrolment?\n';
      expect(spans(c82)).toEqual([]);
      const interview =
        'Host: Welcome back to the show, congresswoman. You voted against the bill.\n' +
        'Rep. Alvarez: I did.\n' +
        'THE COURT: Thank you, foreman. Please hand the form to the clerk.\n' +
        'JUROR NO. 4: Yes.\n' +
        'Cllr. Okafor: Good evening, chairman. I have two questions.\n';
      expect(spans(interview)).toEqual([]);
      // A screenplay: the character's cue on the line before.
      expect(spans('INT. SCHOOL CORRIDOR - DAY\n\nTOM\nMorning, headmistress.\n\nMRS. ABERNATHY\nWalk, Tom.\n')).toEqual([]);
    });

    it('still reports the same words outside a dialogue, and a role noun with an article or a list in a dialogue', () => {
      // A sign-off template for any chairman: one line, no dialogue.
      const template = 'Reply to messages from the board. Sign off every reply with: Thank you, chairman.';
      expect(spans(template)).toEqual([at(template, 'chairman')]);
      const greet = 'Greet the headmistress politely, then ask every caller for their name.';
      expect(spans(greet)).toEqual([at(greet, 'headmistress')]);
      // In a dialogue: no greeting before the comma (a list of roles), and "the".
      const agm =
        'Secretary (Ms. Holt): Next item. We still need a treasurer, secretary, chairman.\n' +
        'Member: Thank you, the chairman must be re-elected.\n';
      expect(spans(agm)).toEqual([at(agm, 'chairman'), at(agm, 'chairman', 1)]);
    });
  });

  describe('a character introduced with an age (s26 hunt c24)', () => {
    it('does not report a cast entry or a screenplay introduction with an age, nor "the" role noun after it', () => {
      // c24-screenplay-scene.prompt.md, shortened.
      const c24 =
        '## Cast\n' +
        '- **THE WAITRESS** (20s), at the all-night diner across from the airport.\n\n' +
        '## Next scene\n' +
        'EXT./INT. ALL-NIGHT DINER - DAWN. Nadia sits at the counter. The waitress has her order ready before she asks.\n';
      expect(spans(c24, 'x.prompt.md')).toEqual([]);
      const intro = 'INT. DINER - NIGHT\n\nDANIEL (40s) sits alone. A WAITRESS (20s) refills his coffee.\n\nThe waitress lingers.\n';
      expect(spans(intro)).toEqual([]);
      const numbered = 'Characters:\n1. THE HEADMASTER (50s): stern, secretly kind.\n- Fisherman (60s): mends nets.\n\nOpening: the headmaster finds Lucy crying. The old fisherman waves.\n';
      expect(spans(numbered)).toEqual([]);
    });

    it('still reports a role noun without an age, "a" role noun after the entry, and a role noun before the entry', () => {
      const sketch = 'Characters: a grumpy cook, a tired waitress, and a customer.\nThe waitress is always the punchline.\n';
      expect(spans(sketch)).toEqual([at(sketch, 'waitress'), at(sketch, 'waitress', 1)]);
      const cast = 'The waitress flirts with every customer.\n- THE WAITRESS (20s), at the diner.\nLater a waitress from another shift arrives. Every waitress gets tips.\n';
      expect(spans(cast)).toEqual([at(cast, 'waitress'), at(cast, 'waitress', 1), at(cast, 'waitress', 2)]);
      // A persona with an age range is no character: "(30s–40s)" is no age.
      const persona = '- Businessman (30s-40s): busy, travels weekly.\n';
      expect(spans(persona)).toEqual([at(persona, 'Businessman')]);
    });

    it('reads "the" role noun after any one-person use of it in the same text', () => {
      // A named person's appositive, then "The chairman".
      const news = 'Article: Jerome Powell, the chairman of the Federal Reserve, said rates would hold. The chairman added that inflation was falling.\n';
      expect(spans(news)).toEqual([]);
      // Minutes: the role in parentheses after a full name.
      const minutes = 'Present: Jane Okafor (chairwoman), Raj Patel (treasurer).\nThe chairwoman opened the meeting at 7:02 pm.\n';
      expect(spans(minutes)).toEqual([]);
      // A template with no such use stays reported.
      const template = 'Minutes template:\nThe chairman opens the meeting.\nThe chairman asks for apologies.\n';
      expect(spans(template)).toEqual([at(template, 'chairman'), at(template, 'chairman', 1)]);
      // The parenthesis holds the role alone after a full name.
      const notName = 'Ask the team (chairwoman) first. Then Jane Okafor (or the chairwoman) decides.\n';
      expect(spans(notName)).toEqual([at(notName, 'chairwoman'), at(notName, 'chairwoman', 1)]);
    });
  });

  describe('reported speech about one unnamed person (s26 hunt c77)', () => {
    it('does not report "a" role noun that said or told something', () => {
      // c77-rag-unnamed-spokeswoman.prompt, shortened.
      const c77 =
        '[AP, 9 Oct] A spokeswoman for Delta Air Lines said the ground stop at Atlanta was lifted at 3:40 p.m.\n' +
        '[CNN, 9 Oct] Delta cancelled "around 350" flights, a company spokesman told CNN, adding that crews would move.\n' +
        '[ITV] "We expect delays all week," said a spokeswoman for the operator.\n' +
        '[1] A Tesco spokesman confirmed the recall on Tuesday.\n';
      expect(spans(c77)).toEqual([]);
    });

    it('still reports a conditional, a present tense, a modal and "the" role noun with a verb of saying', () => {
      const text =
        'If a salesman told the customer a lower price, honour it.\n' +
        'When a spokesman says the company has no comment, note it.\n' +
        'A fireman should check every exit.\n' +
        'Summarise what the chairman said about the budget.\n' +
        'Find out whether a policeman said anything.\n';
      expect(spans(text)).toEqual([
        at(text, 'salesman'),
        at(text, 'spokesman'),
        at(text, 'fireman'),
        at(text, 'chairman'),
        at(text, 'policeman'),
      ]);
    });
  });

  describe('a character sheet: a role field beside a name field (s26 hunt c52)', () => {
    it('does not report the occupation of a named character whose gender, pronouns or age the mapping gives', () => {
      // c52-character-sheet-fields.yaml, shortened.
      const c52 =
        'characters:\n' +
        '  - name: Old Tam\n' +
        '    occupation: fisherman\n' +
        '    pronouns: he/him\n' +
        '  - name: Mabel Quinn\n' +
        '    pronouns: she/her\n' +
        '    occupation: landlady of the Anchor\n' +
        'story:\n' +
        '  protagonist:\n' +
        '    name: Nell Harker\n' +
        '    job: retired policewoman\n' +
        '    age: 52\n';
      expect(spans(c52, 'x.yaml')).toEqual([]);
      const json =
        '{"characters": [{"name": "Tobias Wren", "occupation": "doorman", "gender": "male"},\n' +
        '  {"name": "Ilse Varga", "age": 29, "profession": "stewardess on the airship"}]}\n';
      expect(spans(json, 'x.json')).toEqual([]);
      const jsonl = '{"name": "Harriet Cole", "pronouns": "she/her", "job": "headmistress", "backstory": "Runs a school."}\n';
      expect(spans(jsonl, 'x.jsonl')).toEqual([]);
    });

    it('still reports a role field with no named person, a template name, no gender or age, or a role noun that is not the value\'s head', () => {
      const persona = 'persona:\n  occupation: salesman\n  tone: upbeat\n';
      expect(spans(persona, 'x.yaml')).toEqual([at(persona, 'salesman')]);
      const npc = 'npc:\n  name: "{{npc_name}}"\n  occupation: fisherman\n  pronouns: he/him\n';
      expect(spans(npc, 'x.yaml')).toEqual([at(npc, 'fisherman')]);
      const bot = '{"name": "Support Bot", "job": "salesman", "instructions": "Suggest an upgrade."}\n';
      expect(spans(bot, 'x.json')).toEqual([at(bot, 'salesman')]);
      const nested = 'agents:\n  - name: Tina Holt\n    pronouns: she/her\n    job: assistant to the foreman\n    notes: forward it to the foreman\n';
      expect(spans(nested, 'x.yaml')).toEqual([at(nested, 'foreman'), at(nested, 'foreman', 1)]);
      // A sibling item's name does not count: the next list item is another mapping.
      const items = 'team:\n  - name: Tina Holt\n    pronouns: she/her\n  - occupation: salesman\n    tone: upbeat\n';
      expect(spans(items, 'x.yaml')).toEqual([at(items, 'salesman')]);
    });

    it('reads the mapping from the YAML or JSON tree, whatever its layout', () => {
      // A flow mapping, a value on the next line and one in a block scalar.
      const flow = 'characters:\n  - {name: Old Tam, occupation: fisherman, pronouns: he/him}\n';
      expect(spans(flow, 'x.yaml')).toEqual([]);
      const nextLine = 'characters:\n  - name: Old Tam\n    occupation:\n      fisherman\n    pronouns: he/him\n';
      expect(spans(nextLine, 'x.yaml')).toEqual([]);
      const block = 'characters:\n  - name: Old Tam\n    occupation: >-\n      retired fisherman\n    pronouns: he/him\n';
      expect(spans(block, 'x.yaml')).toEqual([]);
      // A long backstory between the name and the role field (45 lines; 2,300 characters).
      const lines = Array.from({ length: 45 }, (_, i) => `      Line ${i + 1} of his life at sea.\n`).join('');
      const long = 'characters:\n  - name: Old Tam\n    backstory: |\n' + lines + '    occupation: fisherman\n    pronouns: he/him\n';
      expect(spans(long, 'x.yaml')).toEqual([]);
      const longJson = '{"characters": [{"name": "Old Tam", "pronouns": "he/him", "backstory": "' + 'He grew up by the sea. '.repeat(100) + '", "occupation": "fisherman"}]}\n';
      expect(spans(longJson, 'x.json')).toEqual([]);
      // Pronouns as a list; a file with classic Mac line breaks (a lone \r).
      const list = '{"name": "Zed Quorn", "pronouns": ["he", "him"], "occupation": "fisherman"}';
      expect(spans(list, 'x.json')).toEqual([]);
      const cr = 'characters:\r  - name: Old Tam\r    occupation: fisherman\r    pronouns: he/him\r';
      expect(spans(cr, 'x.yaml')).toEqual([]);
    });

    it('still reports a role field whose gender is null, or whose name is in another mapping', () => {
      const unknown = 'characters:\n  - name: Zed Quorn\n    occupation: fisherman\n    gender: null\n';
      expect(spans(unknown, 'x.yaml')).toEqual([at(unknown, 'fisherman')]);
      const nested = '{"name": "Old Tam", "pronouns": "he/him", "details": {"occupation": "fisherman"}}';
      expect(spans(nested, 'x.json')).toEqual([at(nested, 'fisherman')]);
      const flowNested = 'npc: {name: Old Tam, pronouns: he/him, details: {occupation: fisherman}}\n';
      expect(spans(flowNested, 'x.yaml')).toEqual([at(flowNested, 'fisherman')]);
    });
  });
});

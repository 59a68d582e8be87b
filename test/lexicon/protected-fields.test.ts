import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import rule, { attributeOf, forEachJsonKey, mayEndInAttribute } from '../../server/src/rules/protected-attribute-in-decision.js';
import { CHAT_LINE_KEYS, chatLineRanges, parseJsonlDocument } from '../../server/src/parse/jsonl.js';

const run = (text: string, uri: string) =>
  lint({ uri, text }, defaultConfig(), { rules: [rule] }).diagnostics.map((d) => [d.data.field, text.slice(d.span.start, d.span.end), ...((d.data.otherSpans as { start: number; end: number }[]) ?? []).map((s) => s.start)]);

/** The JSON keys the rule looked for with /"([A-Za-z][A-Za-z0-9 _\/&-]{0,40})"\s*:/g, which its hand-written scan replaces. */
function regexKeys(text: string): [string, number][] {
  const out: [string, number][] = [];
  const re = /"([A-Za-z][A-Za-z0-9 _\/&-]{0,40})"\s*:/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push([m[1]!, m.index + 1]);
  return out;
}

describe('protected-attribute-in-decision: field scanning', () => {
  it('finds the protected JSON keys the key regex finds, in odd spacing, escapes and lengths', () => {
    const tricky = [
      '{"prompt": "Approve this loan.", "race" : "x", "Gender"\u00a0:"f", "date_of_birth"\n:1}',
      '{"prompt": "Rank the candidates \\"age\\": 4", "a":"gender":1, "x""age":2, "race"',
      `{"prompt": "hire", "${'a'.repeat(40)}_age": 1, "${'a'.repeat(36)}_age": 2, "sex": 1, "sex": 2, "sex"}`,
      '{"prompt": "hire", "1age": 1, "applicant age": 2, "nationality"  \t :3, "Religion"x: 4, "é_age": 5, "Ethnicity"\u2028: 6}',
      '{"prompt": "hire", "Race/Ethnicity": 1, "age & sex": 2, "a/b": 3, "/age": 4, "R&D_age" :5}',
      Array.from({ length: 40 }, (_, i) => `{"prompt": "score", "k${i}": 1, "k${i}_age": 2, "race": 3}`).join('\n'),
    ];
    for (const text of tricky) {
      const expected = regexKeys(text).filter(([k]) => attributeOf(k));
      expect(expected.length).toBeGreaterThan(0);
      const got: [string, number][] = [];
      forEachJsonKey(text, (key, start) => got.push([key, start]));
      expect(got).toEqual(expected);
    }
  });

  it('gives the key regex\'s protected keys on generated text with repeated, nested and quoted keys', () => {
    const parts = ['"race"', '"xrace"', '"x"race"', '"age"', '"page"', '"gender"', '"Gender"', '""', '"', ':', ' ', '\n', 'a', '_', '{', '}', ',', '"applicant_sex"', 'é', '"1"'];
    const text = fc.array(fc.oneof(fc.constantFrom(...parts), fc.string({ maxLength: 3 })), { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const got: [string, number][] = [];
        forEachJsonKey(t, (key, start) => got.push([key, start]));
        expect(got).toEqual(regexKeys(t).filter(([k]) => attributeOf(k)));
      }),
      { numRuns: 3000 },
    );
  });

  it('reports the same keys and offsets as the key regex for a dataset', () => {
    const text = '{"prompt": "Approve or reject this tenant.", "race": "Black", "income": 1}\n{"prompt": "Approve?", "race" :"White", "applicantAge": 30}\n';
    const keys = regexKeys(text).filter(([k]) => k === 'race' || k === 'applicantAge');
    const ds = run(text, 'x.jsonl');
    expect(ds.map((d) => d[0])).toEqual(['race', 'applicantAge']);
    const race = ds[0]!;
    expect([race[1], ...race.slice(2)]).toEqual(['race', keys[1]![1]]);
  });

  it('skips documents without any attribute word, and finds one written in any case', () => {
    expect(run('Decide whether to hire this candidate.\nSkills: Python\n', 'x.prompt')).toEqual([]);
    expect(run('Decide whether to hire this candidate.\nRELIGION: none\n', 'x.prompt').map((d) => d[0])).toEqual(['RELIGION']);
    expect(run('Decide whether to hire this candidate.\nCountry_Of_Origin: X\n', 'x.prompt').map((d) => d[0])).toEqual(['Country_Of_Origin']);
  });
});

describe('protected-attribute-in-decision: chat lines passed over', () => {
  const chat = (user: string, system = 'Classify the message.') =>
    `{"messages": [{"role": "system", "content": ${JSON.stringify(system)}}, {"content": ${JSON.stringify(user)}, "role": "user"}, {"role": "assistant", "content": "billing"}]}`;

  it('lists the runs of lines the parser read as chat lines, with the line breaks between them', () => {
    const lines = [chat('a'), chat('b'), '{"prompt": "Approve?", "race": "x"}', chat('c'), '', chat('d'), '  ' + chat('e') + ' '];
    const text = lines.join('\r\n') + '\n';
    const starts: number[] = [];
    let at = 0;
    for (const l of lines) {
      starts.push(at);
      at += l.length + 2;
    }
    const ranges = Array.from(chatLineRanges.get(parseJsonlDocument('c.jsonl', text))!);
    const end = (i: number) => starts[i]! + lines[i]!.length;
    expect(ranges).toEqual([starts[0], end(1), starts[3], end(3), starts[5], end(6)]);
    // None of the chat lines' keys names an attribute (else keylessRanges would pass over nothing).
    expect(CHAT_LINE_KEYS.filter((k) => attributeOf(k))).toEqual([]);
  });

  it('finds the same keys with the chat lines passed over as without (property)', () => {
    // Chat lines whose texts hold what looks like protected keys ("gender": …, escaped or not), between lines that have them.
    const words = fc.constantFrom('race', 'gender', 'age', 'note', '"age": 3', '"gender":"f"', 'x": 1, "race', ':', '"', '\\', '{', '}', ' ');
    const content = fc.array(words, { maxLength: 6 }).map((a) => a.join(''));
    const other = fc.constantFrom('{"prompt": "Approve?", "race": "x", "age" : 3}', '{"text": "hire", "Gender":"f"}', '"age": 1', ': "race"', '', '{"messages": [{"role": "user", "content": "hi", "sex": "m"}]}', '{"messages": []}');
    const line = fc.oneof(content.map((c) => chat(c)), content.map((c) => chat('q', c)), other);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (ls, nl) => {
        const text = ls.join(nl);
        const all: [string, number][] = [];
        forEachJsonKey(text, (k, s) => all.push([k, s]));
        const passed: [string, number][] = [];
        forEachJsonKey(text, (k, s) => passed.push([k, s]), chatLineRanges.get(parseJsonlDocument('p.jsonl', text)));
        expect(passed).toEqual(all);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('protected-attribute-in-decision: key ending pre-check', () => {
  it('passes every key that attributeOf accepts (camelCase, snake case, spaces, any case, trailing separators)', () => {
    const words = ['race', 'Racial', 'ethnicity', 'ethnic_group', 'skin colour', 'religion', 'FAITH', 'creed', 'gender', 'sex', 'gender identity', 'pronouns', 'age', 'DOB', 'birthdate', 'dateOfBirth', 'birth_year', 'year-of-birth', 'disability', 'disabled', 'disability status', 'handicap', 'nationality', 'citizenship', 'nationalOrigin', 'country_of_origin', 'immigrationStatus', 'visa status', 'sexual orientation', 'orientation', 'sexuality', 'maritalStatus', 'pregnant', 'pregnancy', 'pregnancy_status', 'message', 'usage', 'page', 'role', 'content', 'x'];
    const key = fc
      .tuple(fc.constantFrom('', 'applicant', 'applicant_', 'applicant ', 'the-', 'A', 'a1', 'my', 'race/', 'age & '), fc.constantFrom(...words), fc.constantFrom('', ' ', '_', '-', '  ', '_-', '/', ' & ', '2', 's', 'X'), fc.boolean(), fc.boolean())
      .map(([prefix, word, suffix, upper, camel]) => {
        let w = upper ? word.toUpperCase() : word;
        if (camel && prefix) w = w[0]!.toUpperCase() + w.slice(1);
        return `${prefix}${w}${suffix}`;
      });
    fc.assert(
      fc.property(fc.oneof(key, fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _\/&-]{0,12}$/)), (k) => {
        const text = `{"${k}": 1}`;
        if (attributeOf(k)) expect(mayEndInAttribute(text, k.length + 2)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    // And it is selective: the keys of a chat dataset are passed by.
    for (const k of ['messages', 'role', 'content', 'text', 'label']) expect(mayEndInAttribute(`"${k}"`, k.length + 1)).toBe(false);
    for (const k of ['race', 'applicantAge', 'date_of_birth ', 'Gender-']) expect(mayEndInAttribute(`"${k}"`, k.length + 1)).toBe(true);
  });
});

describe('protected-attribute-in-decision: plain-text pre-check', () => {
  it('finds labels after other colons, after carriage returns, and written with spaces or camelCase', () => {
    const fields = (text: string) => run(text, 'x.prompt').map((d) => d[0]);
    expect(fields('Decide whether to hire: see below. Note: x\nSkills: a\nMarital status: married\n')).toEqual(['Marital status']);
    expect(fields('Decide whether to hire this candidate.\rName: A\rReligion: none\r')).toEqual(['Religion']);
    expect(fields('Decide whether to hire this candidate (message below).\nCountry of origin: X\n')).toEqual(['Country of origin']);
    expect(fields('Decide whether to hire this candidate.\n- dateOfBirth: 1990\n')).toEqual(['dateOfBirth']);
    // Attribute words only outside labels: nothing to report, as before.
    expect(fields('Decide whether to hire this candidate of any age or gender.\nSkills: a\n')).toEqual([]);
    // A label is a line's text before its first colon: a later colon ends none.
    expect(fields('Decide whether to hire this candidate.\nQ: Applicant gender: female\nNote: the age: 40\n')).toEqual([]);
    expect(fields('Decide whether to hire this candidate.\nQ: x\u2028Gender: female\n')).toEqual(['Gender']);
  });
});

import { describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import rule, { attributeOf, isPersonQualifier } from '../../server/src/rules/protected-attribute-in-decision.js';
import { tableCells } from '../../server/src/parse/text.js';
import { ruleTester } from './helpers.js';

const ID = 'protected-attribute-in-decision';
const run = (text: string, uri = 'x.prompt', config = defaultConfig()) => lint({ uri, text }, config, { rules: [rule] }).diagnostics.filter((d) => d.ruleId === ID);

describe('protected-attribute-in-decision', () => {
  it('reports a protected template variable in a hiring prompt, at the variable name', () => {
    const text = 'Should we hire this candidate?\nName: {{name}}\nExperience: {{years}} years\nGender: {{applicant_gender}}\n';
    const ds = run(text);
    // One finding for the attribute, at the variable; the "Gender:" label is listed with it.
    expect(ds).toHaveLength(1);
    const d = ds[0]!;
    expect(text.slice(d.span.start, d.span.end)).toBe('applicant_gender');
    expect(d.data).toMatchObject({ decision: 'hire', category: 'gender', field: 'applicant_gender', kind: 'variable', occurrences: 2 });
    const [label] = d.data.otherSpans as { start: number; end: number }[];
    expect(text.slice(label!.start, label!.end)).toBe('Gender');
    expect(d.message).toBe('This decision prompt ("hire") passes the protected attribute gender ("applicant_gender") as input; the decision can then depend on it.');
  });

  it('reports field lines with literal values and JSON keys', () => {
    const text = 'Score the loan application from 1 to 10.\n- Income: 52000\n- Age: 61\n- Religion: Muslim\n';
    const ds = run(text);
    expect(ds.map((d) => [d.data.field, d.data.category])).toEqual([
      ['Age', 'age'],
      ['Religion', 'religion'],
    ]);
    const jsonl = '{"prompt": "Approve or reject this tenant.", "race": "Black", "income": 40000}\n';
    const [k] = run(jsonl, 'x.jsonl');
    expect(k!.data).toMatchObject({ field: 'race', kind: 'key', decision: 'approve' });
    expect(jsonl.slice(k!.span.start, k!.span.end)).toBe('race');
    const camel = '{"prompt": "Approve or reject this loan.", "applicantGender": "F"}\n';
    expect(run(camel, 'x.jsonl').map((d) => d.data.field)).toEqual(['applicantGender']);
    // In a template too: its variables are not all there is to look at.
    const template = 'Rank these applicants.\nName: {{name}}\nReligion: Muslim\nNotes: {{notes}}\n';
    expect(run(template).map((d) => [d.data.field, d.data.kind])).toEqual([['Religion', 'field']]);
  });

  it('does not report without a decision, or for non-protected fields', () => {
    expect(run('Write a birthday poem.\nName: {{name}}\nAge: {{age}}\n')).toEqual([]);
    expect(run('Decide whether to hire this candidate.\nSkills: {{skills}}\nPage: {{page}}\nUsage: high\n')).toEqual([]);
  });

  it('reads no field line or {x}/${x} variable inside a fenced block of a programming language (s25 code hunt)', () => {
    // A coding agent on a lending codebase: a TypeScript interface and a Python docstring and f-string are code, not inputs.
    const ts = 'You are a coding agent on the lending service. Add validation and tests.\n\n```ts\ninterface Applicant {\n  income: number;\n  age: number;\n  gender: string;\n}\nexport function approveApplication(a: Applicant): boolean {\n  return a.income > 30000;\n}\n```\n';
    expect(run(ts, 'x.prompt.md')).toEqual([]);
    const py = 'Write a docstring for the function.\n\n```python\ndef summarize(income, age, gender):\n    """\n    Args:\n        age: Applicant age.\n        gender: Applicant gender.\n    """\n    return f"{income} {age} {gender}"\n```\n';
    expect(run(py, 'x.prompt.md')).toEqual([]);
    const js = 'Refactor the loan check.\n~~~javascript\nconst msg = `Applicant ${age} ${gender}`;\n~~~\nApprove or reject the applicant.\n';
    expect(run(js)).toEqual([]);
    // Still inputs: the same lines in a fence without a language or with a data language, a {{mustache}}
    // variable in a code fence (the template engine fills it in wherever it is), and the lines after the fence.
    const plain = 'Decide whether to approve the loan for this applicant.\n```\nIncome: 52000\nAge: 42\n```\n';
    expect(run(plain).map((d) => [d.data.field, plain.slice(d.span.start, d.span.end), d.span.start])).toEqual([['Age', 'Age', plain.indexOf('Age')]]);
    const yaml = 'Decide whether to approve the loan for this applicant.\n```yaml\nincome: 52000\ngender: female\n```\n';
    expect(run(yaml).map((d) => [d.data.field, d.span.start])).toEqual([['gender', yaml.indexOf('gender')]]);
    const mustache = 'Decide whether to approve the loan for this applicant.\n```python\napplicant = {"gender": "{{gender}}"}\n```\n';
    expect(run(mustache).map((d) => [d.data.kind, d.span.start])).toEqual([['variable', mustache.indexOf('gender}}')]]);
    const after = 'Decide whether to approve the loan for this applicant.\n```ts\nconst x = 1;\n```\nAge: {age}\n';
    expect(run(after).map((d) => [d.data.kind, d.span.start])).toEqual([['variable', after.indexOf('age}')]]);
  });

  it('honours the categories option and the allow list', () => {
    const text = 'Rank these applicants.\nAge: {{age}}\nNationality: {{nationality}}\n';
    expect(run(text).map((d) => d.data.field)).toEqual(['age', 'nationality']);
    const config = { ...defaultConfig(), rules: { [ID]: ['warning', { categories: ['nationality'] }] as ['warning', Record<string, unknown>] } };
    expect(run(text, 'x.prompt', config).map((d) => d.data.field)).toEqual(['nationality']);
    expect(run(text, 'x.prompt', { ...defaultConfig(), allow: ['age', 'nationality'] })).toEqual([]);
  });

  it('splits variable names into words', () => {
    expect(attributeOf('applicantGender')).toEqual({ category: 'gender', words: 'gender', qualifier: 'applicant' });
    expect(attributeOf('date_of_birth')).toEqual({ category: 'age', words: 'date_of_birth' });
    expect(attributeOf("Applicant's age")).toEqual({ category: 'age', words: 'age', qualifier: 'applicant' });
    expect(attributeOf('Product country of origin')).toEqual({ category: 'nationality', words: 'country_of_origin', qualifier: 'product' });
    expect(attributeOf('usage')).toBeUndefined();
    expect(attributeOf('message')).toBeUndefined();
    expect(attributeOf('updateAgeOnGet')).toBeUndefined();
    expect(attributeOf('gender_neutral_terms')).toBeUndefined();
  });

  it('reads a birth country as nationality, whole, and skips an is/has verb before the attribute', () => {
    expect(attributeOf('country_of_birth')).toEqual({ category: 'nationality', words: 'country_of_birth' });
    expect(attributeOf('Country of birth')).toEqual({ category: 'nationality', words: 'country_of_birth' });
    expect(attributeOf('applicantPlaceOfBirth')).toEqual({ category: 'nationality', words: 'place_of_birth', qualifier: 'applicant' });
    expect(attributeOf('birthplace')).toEqual({ category: 'nationality', words: 'birthplace' });
    // "birth" alone is no attribute.
    expect(attributeOf('birth_weight')).toBeUndefined();
    expect(attributeOf('birth')).toBeUndefined();
    expect(attributeOf('is_pregnant')).toEqual({ category: 'family-status', words: 'pregnant' });
    expect(attributeOf('hasDisability')).toEqual({ category: 'disability', words: 'disability' });
    expect(attributeOf('Currently pregnant')).toEqual({ category: 'family-status', words: 'pregnant', qualifier: 'currently' });
    expect(attributeOf('patient_is_pregnant')).toEqual({ category: 'family-status', words: 'pregnant', qualifier: 'patient' });
    expect(attributeOf('account_is_disabled')).toEqual({ category: 'disability', words: 'disabled', qualifier: 'account' });
  });
});

describe('protected-attribute-in-decision: CSV column headers', () => {
  // The recall hunt's b30: a tenant-screening table whose columns include race, age and familial status.
  const table = [
    'applicant_id,monthly_income,credit_score,race,age,"familial_status",prior_evictions,decision',
    '1001,4200,710,White,34,single,0,approve',
    '1002,3900,690,Black,29,married_with_children,0,deny',
  ].join('\n');

  it('reads the header of a .csv table as its keys, at each column name', () => {
    const ds = run(table, 'tenants.csv');
    expect(ds.map((d) => [table.slice(d.span.start, d.span.end), d.data.category, d.data.kind])).toEqual([
      ['race', 'race', 'key'],
      ['age', 'age', 'key'],
      ['familial_status', 'family-status', 'key'],
    ]);
    // "applicant" (of both lists) is the person, so the decision is another word.
    expect(ds[0]!.data).toMatchObject({ decision: 'credit', person: 'applicant' });
  });

  it('reads no header from other text files, from a line that is no table, or without a decision about people', () => {
    expect(run(table, 'tenants.txt')).toEqual([]);
    // A first line whose next line has another number of fields is prose with commas, not a header.
    expect(run('Decide whether to approve the applicant, given race, age and income.\nThanks.', 'notes.csv')).toEqual([]);
    // Census counts: attributes as columns, but nothing decided about anyone.
    expect(run('state,race,age,population\nOhio,White,30-34,412000\nOhio,Black,30-34,61000', 'census.csv')).toEqual([]);
  });
});

describe('protected-attribute-in-decision: combined attribute labels', () => {
  // Recall hunt 2, item 2 (repro protected-attribute-in-decision-1): "Race/Ethnicity", the standard US form label, and its kin.
  it('reads two or more attributes joined by "/", "_", "-", "&", "and" or "or" as one attribute field', () => {
    expect(attributeOf('Race/Ethnicity')).toEqual({ category: 'race', words: 'race_ethnicity', categories: ['race'] });
    expect(attributeOf('race_ethnicity')).toEqual({ category: 'race', words: 'race_ethnicity', categories: ['race'] });
    expect(attributeOf('Race and ethnicity')).toEqual({ category: 'race', words: 'race_ethnicity', categories: ['race'] });
    expect(attributeOf('Age/Sex')).toEqual({ category: 'age', words: 'age_sex', categories: ['age', 'gender'] });
    expect(attributeOf('Age & sex')).toEqual({ category: 'age', words: 'age_sex', categories: ['age', 'gender'] });
    expect(attributeOf('sex-or-gender')).toEqual({ category: 'gender', words: 'sex_gender', categories: ['gender'] });
    expect(attributeOf('Date of birth/Sex')).toEqual({ category: 'age', words: 'date_of_birth_sex', categories: ['age', 'gender'] });
    // The qualifier is the word before the first attribute.
    expect(attributeOf('Applicant race/ethnicity')).toEqual({ category: 'race', words: 'race_ethnicity', qualifier: 'applicant', categories: ['race'] });
    // A joiner with no attribute before it qualifies the attribute, as before: not a person's.
    expect(attributeOf('Salary and age')).toEqual({ category: 'age', words: 'age', qualifier: 'and' });
    expect(attributeOf('Name/Age')).toEqual({ category: 'age', words: 'age', qualifier: 'name' });
    expect(attributeOf('Age/Weight')).toBeUndefined();
  });

  it('names each category of a combined field, and reports it when one of them is wanted', () => {
    const text = 'Decide whether to approve this loan applicant.\nAge/Sex/Race: 67/F/White\n';
    const [d] = run(text);
    expect(d!.message).toBe('This decision prompt ("decide") passes the protected attributes age, gender and race ("Age/Sex/Race") as input; the decision can then depend on them.');
    expect(d!.data).toMatchObject({ category: 'age', categories: ['age', 'gender', 'race'], kind: 'field' });
    const config = { ...defaultConfig(), rules: { [ID]: ['warning', { categories: ['gender'] }] as ['warning', Record<string, unknown>] } };
    const [g] = run(text, 'x.prompt', config);
    expect(g!.message).toBe('This decision prompt ("decide") passes the protected attribute gender ("Age/Sex/Race") as input; the decision can then depend on it.');
    expect(run(text, 'x.prompt', { ...defaultConfig(), rules: { [ID]: ['warning', { categories: ['religion'] }] } })).toEqual([]);
  });

  it('reads combined JSON and YAML keys', () => {
    const jsonl = '{"prompt": "Approve or reject this tenant.", "Race/Ethnicity": "Hispanic", "age & sex": "54/M"}\n';
    expect(run(jsonl, 'x.jsonl').map((d) => [jsonl.slice(d.span.start, d.span.end), d.data.kind])).toEqual([
      ['Race/Ethnicity', 'key'],
      ['age & sex', 'key'],
    ]);
    const yaml = 'prompt: Approve or reject this tenant.\napplicant:\n  race/ethnicity: Hispanic\n';
    expect(run(yaml, 'x.prompt.yaml').map((d) => yaml.slice(d.span.start, d.span.end))).toEqual(['race/ethnicity']);
  });
});

describe('protected-attribute-in-decision: markdown tables', () => {
  it('splits a table row at unescaped pipes, with or without outer pipes, trimming each cell', () => {
    const cells = (row: string) => tableCells(row, 0, row.length).map((c) => row.slice(c.start, c.end));
    expect(cells('| Age | 67 |')).toEqual(['Age', '67']);
    expect(cells('  |Race|  Hispanic  |  ')).toEqual(['Race', 'Hispanic']);
    expect(cells('Name | Age')).toEqual(['Name', 'Age']);
    expect(cells('| a \\| b | "c, d" |')).toEqual(['a \\| b', '"c, d"']);
    expect(cells('| x | |')).toEqual(['x', '']);
  });

  it('reads the first-column cells of a field/value table (recall hunt 2 item 9, corpus c29)', () => {
    const text = 'Decide whether to approve or deny this tenant.\n\n| Field | Value |\n|---|---|\n| Monthly income | $4,200 |\n| Age | 67 |\n| Marital status | Divorced |\n| Race | Hispanic |\n';
    const ds = run(text, 'x.prompt.md');
    expect(ds.map((d) => [text.slice(d.span.start, d.span.end), d.data.category, d.data.kind, d.range.start.line, d.range.start.character])).toEqual([
      ['Age', 'age', 'field', 5, 2],
      ['Marital status', 'family-status', 'field', 6, 2],
      ['Race', 'race', 'field', 7, 2],
    ]);
  });

  it('names a category in words in the message ("family status", not "family-status"); data keeps the id', () => {
    const text = 'Decide whether to approve or deny this tenant.\n\n| Field | Value |\n|---|---|\n| Monthly income | $4,200 |\n| Age/Sex | 67 |\n| Marital status | Divorced |\n| Sexual orientation | gay |\n';
    const ds = run(text, 'x.prompt.md');
    expect(ds.map((d) => d.message)).toEqual([
      'This decision prompt ("decide") passes the protected attributes age and gender ("Age/Sex") as input; the decision can then depend on them.',
      'This decision prompt ("decide") passes the protected attribute family status ("Marital status") as input; the decision can then depend on it.',
      'This decision prompt ("decide") passes the protected attribute sexual orientation ("Sexual orientation") as input; the decision can then depend on it.',
    ]);
    expect(ds.map((d) => d.data.category)).toEqual(['age', 'family-status', 'sexual-orientation']);
  });

  it('reads first-column cells as fields only in a key/value table (hunt 3 h28, a leave policy table)', () => {
    const policy = (table: string) => `Answer employees' questions about leave. Requests are approved by HR.\n\n${table}\nEmployee question: {{question}}\n`;
    // A table of leave types: "Maternity" is a value of its first column, not a field.
    expect(run(policy('| Leave type | Weeks | Enhanced pay |\n| --- | --- | --- |\n| Maternity | 52 | 26 weeks |\n| Paternity | 2 | Full pay |\n'), 'x.prompt.md')).toEqual([]);
    expect(run(policy('| Leave type | Weeks |\n|---|---|\n| Maternity | 52 |\n| Paternity | 2 |\n'), 'x.prompt.md')).toEqual([]);
    // Keys in the first column: a key header, a value header, or an empty header.
    const tenant = (header: string) => `Decide whether to approve this tenant.\n\n${header}\n|---|---|\n| Income | $4,200 |\n| Race | Hispanic |\n`;
    for (const header of ['| Attribute | |', '| | Value |', '| **Field** | Applicant |', '| | |']) {
      expect(run(tenant(header), 'x.prompt.md').map((d) => d.data.category), header).toEqual(['race']);
    }
  });
});

describe('protected-attribute-in-decision: qualifiers', () => {
  it('takes people, possessives and words that qualify the attribute, not things', () => {
    for (const q of ['applicant', 'patient', 'customer', 'mother', 'your', 'their', 'his', 'current', 'reported']) expect(isPersonQualifier(q), q).toBe(true);
    for (const q of ['account', 'branch', 'cache', 'product', 'grammatical', 'native', 'horse', 'log', 'loan']) expect(isPersonQualifier(q), q).toBe(false);
  });
});

// The hunt's repros (notes/hunt/repro R04*, R05*; probes z2, v5, f2, f4, f5): no decision about a person.
ruleTester(rule).run({
  valid: [
    // "rate", "screen", "score" in noun compounds are no decision.
    'Create a weekly running plan for a beginner.\nAge: {{age}}\nResting heart rate: {{resting_hr}}\n',
    "Translate the menu for the guest. Nationality: {{nationality}}. Show prices at today's exchange rate.\n",
    'Write alt text suitable for a screen reader. Audience age: {{age}}\n',
    "Describe the film's score and soundtrack for a review blog. Director nationality: {{nationality}}\n",
    // Decisions about things: no person word.
    'Classify the grammatical gender of each German noun as masculine, feminine or neuter.\n\nNoun: Tisch\nGender: masculine\n\nNoun: {{noun}}\nGender:\n',
    'Classify the support ticket priority.\nAccount age: {{account_age}}\nMessage: {{message}}\n',
    'Decide whether to approve the pull request.\nAuthor: {{author}}\nBranch age: {{branch_age}}\nDiff: {{diff}}\n',
    'Classify the log line severity as INFO, WARN or ERROR.\nLog: {{line}}\nCache age: {{cache_age}}\n',
    'Score the whisky from 1 to 100.\nAge: 18 years\nNotes: {{notes}}\n',
    'Rank the horses in the race below by their chance of winning.\nRace: {{race_name}}\nHorses: {{horses}}\n',
    "Classify the bird's species from the description.\nSex: {{sex}}\nPlumage: {{plumage}}\n",
    'Classify the product into its HS tariff code.\nProduct: {{description}}\nCountry of origin: {{country_of_origin}}\n',
    { name: 'a JSON record deciding about a product', uri: 'x.jsonl', text: '{"prompt": "Classify the product.", "country_of_origin": "DE"}\n' },
    // Recommending for a person is no decision about them ("Rank them" ranks the books).
    'Recommend three books for the reader. Gender: {{gender}} Age: {{age}} Favourite genres: {{genres}}. Rank them by fit.\n',
    // With a person word, the compounds still decide nothing.
    'Create a workout plan for the patient.\nAge: {{age}}\nResting heart rate: {{resting_heart_rate}}\n',
    "The patient's heart rate is high. Age: {{age}}. Write a summary.\n",
    'Summarise the DEXA report for the patient.\nT-score: {{t}}\nAge: {{age}}\n',
    'Recommend a phone for the customer.\nScreen size: 6 in\nAge: {{age}}\n',
    'Summarize the customer account.\nCredit score: 720\nAge: 40\n',
    'Explain the app to the student, who uses a screen reader.\nAge: {{age}}\n',
    'Convert the price for the customer at the exchange rate of the day.\nNationality: {{nationality}}\n',
    // A qualifier that is not a person, and grammatical gender, even with a person word about.
    "Classify the customer's support ticket priority.\nAccount age: {{account_age}}\nMessage: {{message}}\n",
    'You help students learn German. Classify the grammatical gender of each noun.\n\nNoun: Tisch\nGender: masculine\n\nNoun: Lampe\nGender: feminine\n',
    { name: 'grammatical gender in JSON', uri: 'x.jsonl', text: '{"prompt": "Classify the noun for the student.", "noun": "Haus", "gender": "neuter"}\n' },
    // Birth country and pregnancy words where no person is decided about, or the owner is a thing.
    'Rank the products by expected sales.\nProduct: pregnancy test kit\nCountry of origin: {{country_of_origin}}\n',
    'Rank these pregnancy test kits for the customer by price.\nBrand: {{brand}}\n',
    'Classify the support ticket for the customer.\nAccount is disabled: {{account_is_disabled}}\n',
    'Decide the urgency for each patient.\nBirth weight: {{birth_weight}}\n',
    // Combined labels need a decision about people too.
    'Rank the horses in the race below by their chance of winning.\nRace/Age: {{race_age}}\n',
    'Write a short biography.\nRace/Ethnicity: {{race_ethnicity}}\nAge/Sex: 54/M\n',
    // Markdown tables: a survey summary decides nothing; grammatical gender in a table column; no attribute in the cells.
    { name: 'a survey table', uri: 'x.prompt.md', text: 'Summarize the customer survey by group.\n\n| Age | Gender | Satisfaction |\n|---|---|---|\n| 18-25 | F | 4.1 |\n| Age | 40 | |\n' },
    { name: 'a grammatical gender table', uri: 'x.prompt.md', text: 'Classify the grammatical gender of each noun for the student.\n\n| Noun | Gender |\n|---|---|\n| Tisch | masculine |\n| Lampe | {{g}} |\n' },
    { name: 'a table without attribute fields', uri: 'x.prompt.md', text: 'Decide whether to hire the candidate.\n\n| Skill | Years |\n|---|---|\n| Python | 5 |\n| Page | 3 |\n' },
    // Pipes but no table: no delimiter row, or a header of another number of cells.
    { name: 'pipes without a table', uri: 'x.prompt.md', text: 'Decide whether to hire the candidate.\n| Age | 41 |\n| Race | x |\n\n| Age |\n|---|---|\n| Race | x |\n' },
    // A definite noun phrase names a score there is, not one to give (hunt7 repro protected-attribute-in-decision-1).
    { name: 'the overall score of a survey', text: 'Summarise the customer survey. Describe the overall score.\nGender: {{gender}}\n' },
    { name: 'the rating, their ranking', text: "Explain the rating to the student and their ranking in the class.\nAge: {{age}}\n" },
    { name: "the film's overall score", text: "Describe the film's overall score for the customer.\nNationality: {{nationality}}\n" },
    // A table of group statistics names groups, not a person's fields (hunt7 c42, repro protected-attribute-in-decision-1).
    {
      name: 'a survey table of counts and means',
      uri: 'x.prompt.md',
      text: 'Summarise our customer survey. Do not rank or judge respondents.\n\n| Age/Sex | Respondents | Mean score |\n|---|---|---|\n| 18-34 F | 212 | 4.1 |\n| 18-34 M | 198 | 4.0 |\n',
    },
    {
      name: 'a table of applicant counts and shares',
      uri: 'x.prompt.md',
      text: 'Decide whether to hire the candidate.\n\n| Gender | Count | % of total |\n|---|---|---|\n| Female | 12 | 40% |\n| Male | 18 | 60% |\n',
    },
    { name: 'the repro survey', uri: 'x.md', text: 'Summarise the customer survey. Describe the overall score.\n\n| Gender | Respondents |\n|---|---|\n| Female | 212 |\n| Male | 198 |\n' },
    // One word is not both the decision and the person (hunt7 repro protected-attribute-in-decision-2, c10).
    { name: 'a loan in a persona', text: 'Generate a user persona for our budgeting app.\n\nName: Tom Lindqvist\nAge: 52\nTom is paying off a car loan.\n' },
    { name: 'a hire in a story', text: 'Write a short story about a new hire.\nAge: {{age}}\n' },
    // Occupations are not on the person list by default (see the personWords option).
    'Rank the nurses for the promotion round.\nAge: {{age}}\n',
  ],
  invalid: [
    {
      name: 'a field and the variable that is its value are one input (recall hunt 2 repro protected-attribute-in-decision-3)',
      text: 'Decide whether to approve this loan applicant.\nYear of birth: {{birth_year}}\nApplicant religion: {{faith}}\n',
      errors: [
        { range: [1, 17, 1, 27], text: 'birth_year', data: { category: 'age', field: 'birth_year', kind: 'variable', occurrences: 2, otherSpans: [{ start: 47, end: 60 }] } },
        { range: [2, 22, 2, 27], text: 'faith', data: { category: 'religion', field: 'faith', kind: 'variable', occurrences: 2, otherSpans: [{ start: 77, end: 95 }] } },
      ],
    },
    {
      name: 'a variable on another line, or of another category, is not the field\'s value',
      text: 'Decide whether to approve this loan applicant.\nReligion: Muslim\nFaith: {{faith}}\nGender: {{age}}\n',
      errors: [
        { range: [1, 0, 1, 8], text: 'Religion', data: { kind: 'field', occurrences: 1 } },
        { range: [2, 9, 2, 14], text: 'faith', data: { kind: 'variable', occurrences: 2 } },
        { range: [3, 0, 3, 6], text: 'Gender', data: { category: 'gender', kind: 'field', occurrences: 1 } },
        { range: [3, 10, 3, 13], text: 'age', data: { category: 'age', kind: 'variable', occurrences: 1 } },
      ],
    },
    {
      name: 'table rows with their variables',
      uri: 'x.prompt.md',
      text: 'Decide whether to approve this tenant.\n\n| Field | Value |\n|---|---|\n| Ethnicity | {{race}} |\n| Year of birth | {{dob}} |\n',
      errors: [
        { range: [4, 16, 4, 20], text: 'race', data: { kind: 'variable', occurrences: 2 } },
        { range: [5, 20, 5, 23], text: 'dob', data: { kind: 'variable', occurrences: 2 } },
      ],
    },
    {
      name: 'a field line inside a JSONL prompt string and its variable',
      uri: 'x.jsonl',
      text: '{"prompt": "Approve this tenant.\\nYear of birth: {{birth_year}}\\nReligion: Muslim"}\n',
      errors: [
        { range: [0, 51, 0, 61], text: 'birth_year', data: { kind: 'variable', occurrences: 2 } },
        { range: [0, 65, 0, 73], text: 'Religion', data: { kind: 'field', occurrences: 1 } },
      ],
    },
    {
      name: 'a table whose header names the fields (one record per row)',
      uri: 'x.prompt.md',
      text: 'Decide which applicants to shortlist.\n\n| Name | **Age** | Race/Ethnicity | Decision |\n| --- | :-: | --- | --- |\n| Ana | 41 | Hispanic | ? |\n',
      errors: [
        { range: [2, 11, 2, 14], text: 'Age', data: { decision: 'decide', person: 'applicants', category: 'age', kind: 'field' } },
        { range: [2, 19, 2, 33], text: 'Race/Ethnicity', data: { category: 'race', kind: 'field' } },
      ],
    },
    {
      name: 'a table inside a JSONL prompt string, without outer pipes',
      uri: 'x.jsonl',
      text: '{"prompt": "Approve or reject this tenant.\\n\\nField | Value\\n---|---\\nReligion | Muslim\\nIncome | 4000\\n"}\n',
      errors: [{ range: [0, 70, 0, 78], text: 'Religion', data: { decision: 'approve', category: 'religion', kind: 'field' } }],
    },
    {
      name: 'combined attribute labels (recall hunt 2 repro protected-attribute-in-decision-1)',
      text: 'Decide whether to approve this loan applicant.\nIncome: {{income}}\nRace/Ethnicity: {{race_ethnicity}}\nSex/Gender: F\nAge/Sex: 67 F\n',
      errors: [
        { messageId: 'attribute', range: [2, 18, 2, 32], text: 'race_ethnicity', data: { decision: 'decide', person: 'loan', category: 'race', kind: 'variable', occurrences: 2 } },
        { messageId: 'attribute', range: [3, 0, 3, 10], text: 'Sex/Gender', data: { category: 'gender', kind: 'field', occurrences: 1 } },
        { messageId: 'attributes', range: [4, 0, 4, 7], text: 'Age/Sex', data: { category: 'age', categories: ['age', 'gender'], categoryList: 'age and gender', kind: 'field' } },
      ],
    },
    {
      name: 'combined labels written with spaces, "and", "&" and a hyphen',
      text: 'Should we hire this candidate?\nRace and ethnicity: Hispanic\nAge & sex: 54/M\n- Applicant race-ethnicity: x\n',
      errors: [
        { range: [1, 0, 1, 18], text: 'Race and ethnicity', data: { category: 'race', kind: 'field', occurrences: 2 } },
        { range: [2, 0, 2, 9], text: 'Age & sex', data: { category: 'age', categories: ['age', 'gender'] } },
      ],
    },
    {
      name: 'the hiring repro (biased/b06) keeps both findings',
      text: 'You screen job applicants. Decide whether to shortlist the candidate.\n\nName: {{name}}\nRace: {{race}}\nReligion: {{religion}}\nYears of experience: {{years}}\n\nAnswer Shortlist or Reject.\n',
      errors: [
        { messageId: 'attribute', range: [3, 8, 3, 12], text: 'race', data: { decision: 'screen', person: 'applicants', category: 'race', kind: 'variable' } },
        { messageId: 'attribute', range: [4, 12, 4, 20], text: 'religion', data: { decision: 'screen', category: 'religion' } },
      ],
    },
    {
      name: 'a decision noun after a person word or a determiner',
      text: "Output the applicant score and the candidate's ranking.\nAge: {{age}}\n",
      errors: [{ range: [1, 7, 1, 10], text: 'age', data: { decision: 'score', person: 'applicant' } }],
    },
    {
      name: 'score as the head of a noun phrase',
      text: 'Give each student a final score.\nRace: {{race}}\n',
      errors: [{ range: [1, 8, 1, 12], text: 'race', data: { decision: 'score', person: 'student' } }],
    },
    {
      name: 'a definite score with its scale, a label and a score about a person are given',
      text: "Report the overall rating (1-5) for the student.\nRace: {{race}}\n",
      errors: [{ text: 'race', data: { decision: 'rating', person: 'student' } }],
    },
    {
      name: 'the score from 1 to 10',
      text: 'Output the final score from 1 to 10 for the student.\nAge: {{age}}\n',
      errors: [{ text: 'age', data: { decision: 'score', person: 'student' } }],
    },
    {
      name: "a person's overall score",
      text: "Report each student's overall score.\nRace: {{race}}\n",
      errors: [{ text: 'race', data: { decision: 'score', person: 'student' } }],
    },
    {
      name: 'an "Overall score:" label, as "Score:"',
      text: 'Fill in for the student.\nOverall score:\nAge: {{age}}\n',
      errors: [{ text: 'age', data: { decision: 'score', person: 'student' } }],
    },
    {
      name: 'a table of records with a statistic column is no summary',
      uri: 'x.prompt.md',
      text: 'Rank the applicants.\n\n| Name | Age | Mean score |\n|---|---|---|\n| Ana | 34 | 7.5 |\n\n| Gender | Income |\n|---|---|\n| F | 52000 |\n',
      errors: [
        { text: 'Age', data: { decision: 'rank', kind: 'field' } },
        { text: 'Gender', data: { decision: 'rank', kind: 'field' } },
      ],
    },
    {
      name: 'a word of both lists with another decision or person word',
      text: 'Loan request: approve or deny.\nAge: {{age}}\n\nShould we hire her? She is a strong candidate.\nGender: {{gender}}\n',
      errors: [
        { text: 'age', data: { decision: 'approve', person: 'loan' } },
        { text: 'gender', data: { decision: 'approve', person: 'loan' } },
      ],
    },
    {
      name: 'two words of both lists',
      text: 'Should we hire her? She is a strong candidate.\nGender: {{gender}}\n',
      errors: [{ text: 'gender', data: { decision: 'candidate', person: 'hire' } }],
    },
    {
      name: 'a word of both lists with a person word after it',
      text: 'Decide on the loan for this borrower.\nAge: {{age}}\n',
      errors: [{ text: 'age', data: { decision: 'decide', person: 'loan' } }],
    },
    {
      name: 'rank as a verb after a negation',
      text: "Please don't rank students by anything but merit.\nEthnicity: {{ethnicity}}\n",
      errors: [{ text: 'ethnicity', data: { decision: 'rank', person: 'students' } }],
    },
    {
      name: 'a triage decision about patients (reported; allow the fields if they are needed)',
      text: 'Decide the urgency for each patient.\nAge: {{age}}\nSex: {{sex}}\n',
      errors: [
        { text: 'age', data: { decision: 'decide', person: 'patient', category: 'age' } },
        { text: 'sex', data: { decision: 'decide', person: 'patient', category: 'gender' } },
      ],
    },
    {
      name: 'a person qualifier in a JSON key names whom the decision is about',
      uri: 'x.jsonl',
      text: '{"prompt": "Approve or reject this application.", "applicantAge": 40}\n',
      errors: [{ range: [0, 51, 0, 63], text: 'applicantAge', data: { decision: 'approve', person: 'applicant', kind: 'key' } }],
    },
    {
      name: 'a birth country and a pregnancy flag (recall repro protected-attribute-in-decision-1)',
      text: 'Score each applicant from 1 to 10 and say ADMIT or REJECT.\nCountry of birth: {{country_of_birth}}\nCurrently pregnant: {{is_pregnant}}\n',
      errors: [
        { range: [1, 20, 1, 36], text: 'country_of_birth', data: { decision: 'score', person: 'applicant', category: 'nationality', kind: 'variable', occurrences: 2 } },
        { range: [2, 22, 2, 33], text: 'is_pregnant', data: { decision: 'score', category: 'family-status', kind: 'variable', occurrences: 2 } },
      ],
    },
    {
      name: 'birthplace and is/has fields as field lines',
      text: 'Decide whether to hire the candidate.\nPlace of birth: Lagos\nHas disability: yes\n',
      errors: [
        { range: [1, 0, 1, 14], text: 'Place of birth', data: { decision: 'decide', category: 'nationality', kind: 'field' } },
        { range: [2, 0, 2, 14], text: 'Has disability', data: { decision: 'decide', category: 'disability', kind: 'field' } },
      ],
    },
    {
      name: 'birthplace and is/has fields as JSON keys',
      uri: 'x.jsonl',
      text: '{"prompt": "Approve or reject this tenant.", "place_of_birth": "Lagos", "has_disability": true, "applicantIsPregnant": false}\n',
      errors: [
        { range: [0, 46, 0, 60], text: 'place_of_birth', data: { category: 'nationality', kind: 'key' } },
        { range: [0, 73, 0, 87], text: 'has_disability', data: { category: 'disability', kind: 'key' } },
        { range: [0, 97, 0, 116], text: 'applicantIsPregnant', data: { category: 'family-status', kind: 'key' } },
      ],
    },
    {
      name: 'requirePerson false: any decision word is enough',
      text: 'Score the whisky from 1 to 100.\nAge: 18 years\nNotes: {{notes}}\n',
      options: { requirePerson: false },
      errors: [{ range: [1, 0, 1, 3], text: 'Age', data: { decision: 'score', kind: 'field' } }],
    },
    {
      name: 'personWords adds people the decision is about',
      text: 'Rank the nurses for the promotion round.\nAge: {{age}}\n',
      options: { personWords: ['nurses'] },
      errors: [{ text: 'age', data: { decision: 'rank', person: 'nurses' } }],
    },
    {
      name: 'personWords also names people in a qualifier',
      text: 'Rate the film.\nDirector nationality: {{director_nationality}}\n',
      options: { personWords: ['director'] },
      errors: [{ text: 'director_nationality', data: { decision: 'rate', category: 'nationality' } }],
    },
  ],
});

describe('protected-attribute-in-decision: a prompt that says it decides nothing (s19 hunt8 p08, repro r7)', () => {
  /** [field text at the span, start, end, decision word] for each finding. */
  const found = (text: string) => run(text).map((d) => [text.slice(d.span.start, d.span.end), d.span.start, d.span.end, d.data.decision]);
  const R7 =
    'You explain a term life insurance quote to the applicant. The premium is already calculated by the pricing engine; do not recalculate or decide anything. Explain each factor in plain English.\n\n' +
    'Applicant date of birth: {{dob}}\nSmoker: {{smoker}}\nTerm: {{term}} years\nMonthly premium: {{premium}}\n';

  it('reports nothing when a negated "decide"/"decision" says no decision is made and no decision verb is instructed', () => {
    expect(run(R7)).toEqual([]);
    for (const text of [
      'Explain the insurance quote to the applicant. You do not decide anything.\nAge: {{age}}\n',
      "Summarise the loan file for the applicant. Don't make a decision.\nAge: {{age}}\n",
      'Summarise the loan file for the applicant without deciding anything.\nAge: {{age}}\n',
      'Describe the premium to the policyholder; make no decision about cover.\nAge: {{age}}\n',
      // A negated decision verb instructs nothing either.
      'Explain the insurance quote to the applicant. Do not approve or deny anything, and do not decide.\nAge: {{age}}\n',
    ]) {
      expect(run(text), text).toEqual([]);
    }
  });

  it('reports nothing when a negated list of two or more decision verbs says no decision is made (s21 hunt13 c11)', () => {
    // A KYC transcription step that lists what it must not do; its fields are copied, not used to decide.
    const kyc =
      'Extract the fields printed on the identity document into the schema. This step only transcribes the document: it must not assess, score or approve the customer.\n' +
      'Sex: {{sex}}\nDate of birth: {{date_of_birth}}\nNationality: {{nationality}}\n';
    expect(run(kyc)).toEqual([]);
    for (const text of [
      'Summarise the claim for the customer. Never approve or deny a claim yourself.\nAge: {{age}}\n',
      'Summarise the file of each applicant. You must not rank, rate, or score applicants.\nAge: {{age}}\n',
      "Describe each candidate's experience. Don't shortlist nor reject anyone.\nGender: {{gender}}\n",
    ]) {
      expect(run(text), text).toEqual([]);
    }
  });

  it('still reports one negated decision verb, a negated list with a manner word, and a verb the list leaves instructed', () => {
    const age = (text: string) => [['age', text.indexOf('{{age}}') + 2, text.indexOf('{{age}}') + 5]];
    const decisions = (text: string) => run(text).map((d) => d.data.decision);
    // One negated verb is a rule of the decision.
    const one = 'Do not approve applicants under 18.\nAge: {{age}}\n';
    expect(found(one)).toEqual([[...age(one)[0]!, 'approve']]);
    // A manner word after the list restricts how to decide ("based on", "without").
    const based = 'Do not approve or reject applicants based on age.\nAge: {{age}}\n';
    expect(found(based)).toEqual([[...age(based)[0]!, 'approve']]);
    const without = 'Never shortlist or interview candidates without a degree.\nAge: {{age}}\n';
    expect(found(without)).toEqual([[...age(without)[0]!, 'interview']]);
    // The list negates its own verbs only: a decision verb instructed elsewhere is the decision.
    expect(decisions('Do not approve or deny the loan here; rank the applicants by income.\nAge: {{age}}\n')).toEqual(['rank']);
    // A comma ends a clause, not a list, when no negation governs the list: "Assess, score and approve" is instructed.
    expect(decisions('Assess, score and approve each applicant.\nAge: {{age}}\n')).toEqual(['score']);
    // A comma after a negated word that is no verb of judging ends the negation: the verbs after it are instructed.
    expect(decisions('If the income is not verified, approve or deny the loan for the applicant.\nAge: {{age}}\n')).toEqual(['approve']);
  });

  it('still reports when a decision is instructed, or the negation only restricts how to decide', () => {
    // Without a negation: unchanged (the first decision word, a domain noun, is named).
    const claim = 'You handle insurance claims. Decide whether to approve the claim.\nClaimant age: {{age}}\n';
    expect(found(claim)).toEqual([['age', claim.indexOf('{{age}}') + 2, claim.indexOf('{{age}}') + 5, 'insurance']]);
    // A negated "decide" and an instructed decision verb: reported, naming the verb.
    const both = 'You explain insurance quotes; do not decide the premium. Approve or deny the claim.\nClaimant age: {{age}}\n';
    expect(found(both)).toEqual([['age', both.indexOf('{{age}}') + 2, both.indexOf('{{age}}') + 5, 'approve']]);
    const score = 'Do not make a final decision. Give each applicant a score of 1-10.\nAge: {{age}}\n';
    expect(found(score)).toEqual([['age', score.indexOf('{{age}}') + 2, score.indexOf('{{age}}') + 5, 'score']]);
    // A manner restriction ("based on", "until") is no statement that nothing is decided.
    for (const text of [
      'Review the insurance file of the applicant. Do not decide based on age.\nAge: {{age}}\n',
      'Review the insurance file of the applicant. Do not make a decision until you have read it all.\nAge: {{age}}\n',
    ]) {
      expect(found(text), text).toEqual([['age', text.indexOf('{{age}}') + 2, text.indexOf('{{age}}') + 5, 'insurance']]);
    }
  });
});

describe('protected-attribute-in-decision: age and sex in a clinical dose or triage decision (s24 hunt23 q03)', () => {
  /** [rule id, field, span text] of each finding. */
  const found = (text: string, uri = 'x.prompt') => run(text, uri).map((d) => [d.ruleId, d.data.field, text.slice(d.span.start, d.span.end), d.span.start]);
  const at = (text: string, s: string) => text.indexOf(s);

  it('does not report age and sex inputs of a dosing or clinical triage prompt', () => {
    expect(found('Decide the dose. Patient age: {{age}}\nPatient sex: {{sex}}\nWeight: {{weight}}\nDrug: {{drug}}\n')).toEqual([]);
    expect(found('Triage the patient by urgency (1-5) from the symptoms.\nAge: {{age}}\nSex: {{sex}}\n')).toEqual([]);
    expect(found('Decide the gentamicin dosage for each patient from the creatinine clearance.\nDate of birth: {{dob}}\nGender: {{gender}}\n')).toEqual([]);
    // The renal-dosing agent of s24 hunt23 (clean/agent-crm-tools.prompty), with the patient named in its body.
    const agent = [
      '---',
      'name: Renal dosing agent',
      'inputs:',
      '  age:',
      '    type: number',
      '  sex:',
      '    type: string',
      '---',
      'system:',
      'You help ward pharmacists decide the dose of renally cleared antibiotics for each patient.',
      '',
      'user:',
      'Age: {{age}}',
      'Sex: {{sex}}',
      '',
    ].join('\n');
    expect(found(agent, 'x.prompty')).toEqual([]);
  });

  it('keeps reporting race, religion, nationality and pronouns there, and age and sex in other decisions', () => {
    const dose = 'Decide the dose. Patient age: {{age}}\nPatient sex: {{sex}}\nPatient race: {{race}}\nReligion: {{religion}}\nNationality: {{nationality}}\n';
    expect(found(dose)).toEqual([
      [ID, 'race', 'race', at(dose, 'race}}')],
      [ID, 'religion', 'religion', at(dose, 'religion}}')],
      [ID, 'nationality', 'nationality', at(dose, 'nationality}}')],
    ]);
    const pronouns = 'Triage the patient from the symptoms. Reply using their pronouns.\nAge: {{age}}\nPronouns: {{pronouns}}\n';
    expect(found(pronouns)).toEqual([[ID, 'pronouns', 'pronouns', at(pronouns, 'pronouns}}')]]);
    // Hiring, lending and admissions keep age and gender reported, also with a clinical word in them.
    const hire = 'Decide whether to hire the candidate for the ward. We value a healthy dose of curiosity in patient, careful nurses.\nAge: {{age}}\nGender: {{gender}}\n';
    expect(found(hire)).toEqual([
      [ID, 'age', 'age', at(hire, 'age}}')],
      [ID, 'gender', 'gender', at(hire, 'gender}}')],
    ]);
    const loan = 'Decide the loan. The borrower, a patient on a daily insulin dose, pays monthly.\nAge: {{age}}\nSex: {{sex}}\n';
    expect(found(loan)).toEqual([
      [ID, 'age', 'age', at(loan, 'age}}')],
      [ID, 'sex', 'sex', at(loan, 'sex}}')],
    ]);
    const admissions = 'Rank the applicants for the paediatric nursing programme. Admissions decisions are final.\nStudent age: {{age}}\nSex: {{sex}}\n';
    expect(found(admissions).map((f) => f[1])).toEqual(['age', 'sex']);
    // A clinical word without a clinical person, or a patient without a clinical decision word, is no exemption.
    const urgency = 'Decide the urgency for each patient.\nAge: {{age}}\nSex: {{sex}}\n';
    expect(found(urgency).map((f) => f[1])).toEqual(['age', 'sex']);
    const essay = 'Score the essay from 1 to 10. A healthy dose of humour is welcome.\nStudent age: {{age}}\n';
    expect(found(essay)).toEqual([[ID, 'age', 'age', at(essay, 'age}}')]]);
  });

  it('does not report a pregnancy input there either (s25 fair c22, c31)', () => {
    // An emergency triage whose danger-zone vitals and pathways depend on pregnancy.
    const triage = [
      'You are a nurse triage assistant. Assign an ESI level from 1 to 5 from the complaint and vital signs.',
      'Patient age: {{age}}',
      'Sex: {{sex}}',
      'Heart rate: {{hr}}',
      'Pregnancy status (if applicable): {{pregnancy_status}}',
      '',
    ].join('\n');
    expect(found(triage)).toEqual([]);
    // A trial's eligibility screen (a teratogenic drug), with a renal criterion and patients.
    const trial = 'Screen the patient against the trial criteria: eGFR of 30 or more, no pregnancy.\nAge: {{age}}\nPregnant: {{pregnant}}\neGFR: {{egfr}}\n';
    expect(found(trial)).toEqual([]);
    expect(found('Decide the dose for the patient.\nIs pregnant: yes\nWeight: 60 kg\n')).toEqual([]);
  });

  it('keeps reporting marital status, maternity and pregnancy in other decisions', () => {
    const dose = 'Decide the dose for the patient.\nPregnant: {{pregnant}}\nMarital status: {{marital_status}}\nMaternity status: {{maternity}}\n';
    expect(found(dose)).toEqual([
      [ID, 'marital_status', 'marital_status', at(dose, 'marital_status}}')],
      [ID, 'maternity', 'maternity', at(dose, 'maternity}}')],
    ]);
    // Hiring a nurse for a ward where patients get doses is a hiring decision (s25 fair b17).
    const hire = 'Decide whether to hire the nurse applicant. Patients need their medication doses on time.\nPregnant: {{pregnant}}\n';
    expect(found(hire)).toEqual([[ID, 'pregnant', 'pregnant', at(hire, 'pregnant}}')]]);
    const urgency = 'Decide the urgency for each patient.\nPregnant: {{pregnant}}\n';
    expect(found(urgency).map((f) => f[1])).toEqual(['pregnant']);
  });
});

describe('protected-attribute-in-decision: a field line that passes no value (s25 fair)', () => {
  /** [field, span text] of each finding. */
  const found = (text: string, uri = 'x.prompt') => run(text, uri).map((d) => [d.data.field, text.slice(d.span.start, d.span.end), d.span.start]);
  const at = (text: string, s: string) => text.indexOf(s);

  it('does not report a field whose value is redacted (c42)', () => {
    const text = [
      'You pre-screen personal loan applications and recommend APPROVE, REFER or DECLINE.',
      'Age: [REDACTED]',
      'Marital status: [REDACTED]',
      'Nationality: <redacted>',
      'Religion: REDACTED',
      'Annual income: {{income}}',
      '',
    ].join('\n');
    expect(found(text)).toEqual([]);
    const jsonl = '{"prompt": "Approve or reject this tenant.", "race": "[REDACTED]", "income": 40000}\n';
    expect(found(jsonl, 'x.jsonl')).toEqual([]);
    const yaml = 'system: Approve or deny the loan applicant.\napplicant:\n  nationality: "[withheld]"\n  income: 52000\n';
    expect(found(yaml, 'x.yaml')).toEqual([]);
  });

  it('still reports a redacted field whose attribute is passed elsewhere, and values that are no redaction', () => {
    const text = 'Approve or deny the loan applicant.\nAge: [REDACTED]\nApplicant age: {{age}}\nDisability: hidden\nReligion: removed from the congregation in 2019\n';
    expect(found(text)).toEqual([
      ['age', 'age', at(text, 'age}}')],
      ['Disability', 'Disability', at(text, 'Disability')],
      ['Religion', 'Religion', at(text, 'Religion')],
    ]);
    const jsonl = '{"prompt": "Approve or reject this tenant.", "race": "[REDACTED]"}\n{"prompt": "Approve or reject this tenant.", "race": "Black"}\n';
    expect(found(jsonl, 'x.jsonl').map((f) => f[0])).toEqual(['race']);
  });

  it('does not report a list of topics whose values are instructions or examples of wording (c06, c41, c47)', () => {
    const interview = [
      'You coach hiring managers before they interview candidates. Flag unlawful questions.',
      '',
      'Topics that must not be raised in an interview:',
      '- Age: do not ask for date of birth, graduation year, or "how long until you retire".',
      '- Religion: do not ask about holidays observed or place of worship.',
      '- Nationality: ask only "Are you authorised to work in the UK?", never where the candidate was born.',
      '',
    ].join('\n');
    expect(found(interview)).toEqual([]);
    // Quoted wording as examples; the plain description in the same list is one of them too.
    const eeoc = [
      'You are an EEOC compliance reviewer. Flag language in the posting that could exclude applicants before anyone is hired.',
      '- Age: "recent graduates", "digital natives", "young and energetic team".',
      '- Sex: gendered job titles such as "salesman" or "waitress".',
      '- National origin: "native English speaker" (ask for "fluent in English" instead).',
      '- Disability: physical requirements that are not essential functions of the job.',
      '',
    ].join('\n');
    expect(found(eeoc)).toEqual([]);
    const underwriting = [
      'You assist insurance underwriters with each applicant file.',
      '- Age and sex: permitted actuarial factors, already in the base rate table; do not adjust for them again.',
      '- Race or ethnicity: never, in any form.',
      '',
    ].join('\n');
    expect(found(underwriting)).toEqual([]);
  });

  it('still reports values a person has, and a guidance line among values', () => {
    const values = [
      'Score the tenant applicant from 1 to 10.',
      'Marital status: Never married',
      'Religion: Prefer not to say',
      'Nationality: "Irish"',
      'Disability: Uses a wheelchair; requests a ground-floor unit',
      'Gender: Do not wish to disclose',
      '',
    ].join('\n');
    expect(found(values).map((f) => f[0])).toEqual(['Marital status', 'Religion', 'Nationality', 'Disability', 'Gender']);
    const mixed = 'Score the candidate from 1 to 10.\nAge: 34\nGender: female\nReligion: do not ask the candidate about it\n';
    expect(found(mixed)).toEqual([
      ['Age', 'Age', at(mixed, 'Age')],
      ['Gender', 'Gender', at(mixed, 'Gender')],
    ]);
  });
});

describe('protected-attribute-in-decision: an attribute the prompt tells the model to ignore (s25 fair)', () => {
  /** The fields reported as used (not as told to ignore, which are reported at info by default: see the last test). */
  const fieldsOf = (text: string, config = defaultConfig()) =>
    run(text, 'x.prompt', config)
      .filter((d) => d.data.toldToIgnore !== true)
      .map((d) => d.data.field);

  it('does not report an attribute an instruction says not to use as used', () => {
    // c43: the fields, then "ignore them" in the sentence that names them.
    const ats = [
      'Score the candidate for the Customer Success Manager role from 1 to 5.',
      'The gender and date_of_birth fields are collected only for equal opportunity monitoring: ignore them completely, and do not mention them in your answer.',
      'Gender: {{gender}}',
      'Date of birth: {{date_of_birth}}',
      'Years in customer-facing roles: {{years}}',
      '',
    ].join('\n');
    expect(fieldsOf(ats)).toEqual([]);
    const consider = "Decide whether to shortlist the applicant. Do not consider the applicant's age, gender or religion.\nAge: {{age}}\nGender: {{gender}}\nReligion: {{religion}}\n";
    expect(fieldsOf(consider)).toEqual([]);
    expect(fieldsOf('Decide whether to shortlist the applicant. Do not use or consider age.\nAge: {{age}}\n')).toEqual([]);
    // c46: an equal opportunity statement.
    const eeo =
      'Rate the applicant as STRONG, POSSIBLE or NOT A FIT. We evaluate all applicants without regard to race, color, religion, sex, national origin, age or disability.\nSelf-identified sex: {{self_id_sex}}\nSelf-identified race/ethnicity: {{self_id_race}}\n';
    expect(fieldsOf(eeo)).toEqual([]);
    // Tamkin et al. 2023's intervention, with the attributes as the subject.
    const tamkin =
      'Should the bank approve the loan for this applicant? It is really important to me that race, gender, age, and other demographic characteristics do not influence this decision.\nRace: {{race}}\nGender: {{gender}}\nAge: {{age}}\n';
    expect(fieldsOf(tamkin)).toEqual([]);
    expect(fieldsOf('Score the candidate from 1 to 5. Ignore the gender field; it is for EEO monitoring only.\nGender: {{gender}}\n')).toEqual([]);
    expect(fieldsOf('Score the candidate from 1 to 5. Do not consider any protected characteristics.\nAge: {{age}}\nReligion: {{religion}}\n')).toEqual([]);
    expect(fieldsOf('Rank the applicants. Regardless of the applicant\'s nationality, apply the same criteria.\nNationality: {{nationality}}\n')).toEqual([]);
    const list = 'Score the candidate from 1 to 5. Do not consider any of the following:\n- age\n- marital status\n\nAge: {{age}}\nMarital status: {{marital_status}}\n';
    expect(fieldsOf(list)).toEqual([]);
  });

  it('still reports an attribute the instruction does not name, restricts or keeps', () => {
    expect(fieldsOf('Shortlist the candidates. Do not consider race, religion or nationality.\nCandidate age: {{age}}\n')).toEqual(['age']);
    // A restriction: the attribute is still used.
    expect(fieldsOf('Approve or deny the applicant. Do not use age alone to decide.\nApplicant age: {{age}}\n')).toEqual(['age']);
    expect(fieldsOf('Approve or deny the applicant. Do not consider applicants whose age is over 60; deny them.\nApplicant age: {{age}}\n')).toEqual(['age']);
    expect(fieldsOf('Rate each candidate from 1 to 5. Do not consider age except to prefer candidates under 21.\nCandidate age: {{age}}\n')).toEqual(['age']);
    expect(fieldsOf('Score the applicant from 1 to 10. Age must not affect the score by more than one point.\nAge: {{age}}\n')).toEqual(['age']);
    expect(fieldsOf('Score the candidate from 1 to 10. Never use race as the only factor.\nRace: {{race}}\n')).toEqual(['race']);
    expect(fieldsOf('Approve or deny the applicant. Never use the age field for anything but checking they are an adult.\nAge: {{age}}\n')).toEqual(['age']);
    expect(fieldsOf('Approve or deny the applicant. Disregard nationality unless the role needs clearance.\nNationality: {{nationality}}\n')).toEqual(['nationality']);
    // Another clause after a comma is not what the instruction is about.
    expect(fieldsOf('Approve or deny the applicant. Without considering the income, the age decides.\nAge: {{age}}\n')).toEqual(['age']);
    expect(fieldsOf('Approve or deny the applicant. Religion does not matter to us, but age does.\nAge: {{age}}\nReligion: {{religion}}\n')).toEqual(['age']);
    expect(fieldsOf('Score the candidate from 1 to 10. Never rely on the photo, and do not ignore age.\nAge: {{age}}\n')).toEqual(['age']);
    expect(fieldsOf('Score the candidate from 1 to 10. Ignore typos and consider the nationality.\nNationality: {{nationality}}\n')).toEqual(['nationality']);
    // Not an instruction to ignore: negated, or about something else with the attribute in another clause.
    const insurance =
      "You quote car insurance premiums for each driver. Don't ignore the driver's age. Ignore typos in the form, but consider the applicant's nationality too.\nDriver age: {{age}}\nNationality: {{nationality}}\n";
    expect(fieldsOf(insurance)).toEqual(['age', 'nationality']);
    // With ignored: 'report', the instruction is not trusted.
    const config = { ...defaultConfig(), rules: { [ID]: ['warning', { ignored: 'report' }] as ['warning', Record<string, unknown>] } };
    expect(fieldsOf('Score the candidate from 1 to 5. Ignore the gender field.\nGender: {{gender}}\n', config)).toEqual(['gender']);
  });

  it("reports an attribute the prompt passes and says to ignore at info, saying so (ignored: 'info', the default)", () => {
    const text = 'Score the candidate from 1 to 5. Ignore the gender field; it is for EEO monitoring only.\nGender: {{gender}}\nAge: {{age}}\n';
    const ds = run(text);
    // Gender is told to ignore: info, its own message and data. Age is not: a warning as before.
    expect(ds.map((d) => [d.data.field, d.severity, d.data.toldToIgnore ?? false])).toEqual([
      ['gender', 'info', true],
      ['age', 'warning', false],
    ]);
    expect(ds[0]!.message).toBe(
      'This decision prompt ("score") passes the protected attribute gender ("gender") as input and tells the model to ignore it; such an instruction lowers its effect but need not remove it (Tamkin et al. 2023): leave it out of the input.',
    );
    expect(text.slice(ds[0]!.span.start, ds[0]!.span.end)).toBe('gender');
    // Several categories of one field, all told to ignore: one finding naming them.
    const combined = run('Approve or deny the applicant. Do not consider age or sex.\nAge/Sex: {{age_sex}}\n');
    expect(combined.map((d) => [d.severity, d.data.categories, d.data.toldToIgnore])).toEqual([['info', ['age', 'gender'], true]]);
    // ignored: 'off' drops them; a severity the user sets applies to them as to any finding.
    const off = { ...defaultConfig(), rules: { [ID]: ['warning', { ignored: 'off' }] as ['warning', Record<string, unknown>] } };
    expect(run(text, 'x.prompt', off).map((d) => d.data.field)).toEqual(['age']);
    const asError = { ...defaultConfig(), rules: { [ID]: 'error' as const } };
    expect(run(text, 'x.prompt', asError).map((d) => [d.data.field, d.severity])).toEqual([
      ['gender', 'error'],
      ['age', 'error'],
    ]);
  });
});

describe('protected-attribute-in-decision: an agent that selects a tool decides nothing about a person (s26 agent attributes, a01)', () => {
  it('does not count a decision word whose object is a tool, function, action, … after "the", "which", "right", …', () => {
    expect(run("You are Northwind's support assistant. Select the right tool for each customer question.\nCustomer age: {{age}}\n")).toEqual([]);
    expect(run('Decide which tool to call for the customer.\nCustomer gender: {{gender}}\n')).toEqual([]);
    expect(run('Decide the next action for each customer request.\nCustomer age: {{age}}\n')).toEqual([]);
  });

  it('still counts a decision about a person, and a compound such as "screening agent"', () => {
    const agent = 'You are a tenant-screening agent for Oakridge Property Management.\nAge: {{age}}\n';
    expect(run(agent).map((d) => [d.data.decision, d.data.field])).toEqual([['screening', 'age']]);
    const both = 'Select the right tool, then decide whether to approve the customer.\nCustomer age: {{age}}\n';
    expect(run(both).map((d) => [d.data.decision, d.data.field])).toEqual([['decide', 'age']]);
    expect(run('Select the best candidate for the role.\nCandidate age: {{age}}\n').map((d) => d.data.decision)).toEqual(['select']);
  });
});

describe("protected-attribute-in-decision: attributes listed as a decision's inputs in an agent or tool prompt (s26 hunt b08, b20)", () => {
  /** [field, span text, offset, kind] of each finding. */
  const found = (text: string, uri = 'x.prompt') => run(text, uri).map((d) => [d.data.field, text.slice(d.span.start, d.span.end), d.span.start, d.data.kind]);
  const at = (text: string, s: string) => text.indexOf(s);

  it("reads a tool's return list, at each attribute name, as a field", () => {
    const text = [
      'You screen rental applications for tenants and output APPROVE, DENY or CONDITIONAL.',
      'Tools:',
      '- get_application(app_id) -> {name, age, gender, marital_status, number_of_children, monthly_income}',
      '- get_unit(unit_id) -> {rent, bedrooms, building}',
      '',
    ].join('\n');
    expect(found(text)).toEqual([
      ['age', 'age', at(text, 'age,'), 'field'],
      ['gender', 'gender', at(text, 'gender'), 'field'],
      ['marital_status', 'marital_status', at(text, 'marital_status'), 'field'],
    ]);
    // The message and data of a field line.
    const [d] = run(text);
    expect(d!.message).toBe('This decision prompt ("screen") passes the protected attribute age ("age") as input; the decision can then depend on it.');
    expect(d!.data).toMatchObject({ decision: 'screen', person: 'tenants', category: 'age', field: 'age', kind: 'field', occurrences: 1 });
    // A TypeScript return type, "returns {…}", and a list of records.
    // A name with a note in parentheses, in braces.
    const note = 'Approve or deny each loan applicant.\nget_applicant(id) -> {name, age (years), income (monthly)}\n';
    expect(found(note)).toEqual([['age', 'age', at(note, 'age'), 'field']]);
    const ts = 'Decide the credit limit tier for each borrower.\n- get_borrower(id): {income: number, age: number, utilisation: number}\n';
    expect(found(ts)).toEqual([['age', 'age', at(ts, 'age:'), 'field']]);
    const returns = 'Approve or deny each loan applicant. The lookup_applicant tool returns {applicant_id, date_of_birth, income}.\n';
    expect(found(returns)).toEqual([['date_of_birth', 'date_of_birth', at(returns, 'date_of_birth'), 'field']]);
    const records = 'Rank the candidates for the role.\nlist_candidates(role_id) -> list[{candidate_id, nationality, skills}]\n';
    expect(found(records)).toEqual([['nationality', 'nationality', at(records, 'nationality'), 'field']]);
  });

  it('finds "returns" and "):" before a list by looking back from its bracket: every form RETURN_LIST reads (s26)', () => {
    // The pre-check looks back from each "{" and "(" instead of searching the text for "eturn" and "):".
    for (const line of [
      'The lookup tool Returns: (applicant_id, nationality, income).',
      'The lookup tool returns list[{applicant_id, nationality, income}].',
      'The lookup tool returns(applicant_id, nationality, income).',
      '- lookup(id): Array<{applicant_id: string, nationality: string}>',
      'The lookup tool returns :  {applicant_id, nationality, income}',
    ]) {
      const text = `Approve or deny each loan applicant.\n${line}\n`;
      expect(found(text), line).toEqual([['nationality', 'nationality', at(text, 'nationality'), 'field']]);
    }
    // "returned" and a word ending in "return" are no such lead; nor is a placeholder's "{{".
    for (const line of ['The lookup tool returned (applicant_id, nationality, income).', 'Our nonreturns {applicant_id, nationality}', 'Returns: {{applicant_fields}}']) {
      const text = `Approve or deny each loan applicant.\n${line}\n`;
      expect(found(text), line).toEqual([]);
    }
  });

  it('reads a labelled list of field names, inline or as bullets', () => {
    const inline = [
      "You are the audience-selection agent for the bank's card campaigns. For each customer record, decide whether to show the offer: SHOW or SKIP.",
      '',
      'Customer record fields: age, gender, marital_status, zip_code, ethnicity, annual_income.',
      '',
    ].join('\n');
    expect(found(inline)).toEqual([
      ['age', 'age', at(inline, 'age,'), 'field'],
      ['gender', 'gender', at(inline, 'gender'), 'field'],
      ['marital_status', 'marital_status', at(inline, 'marital_status'), 'field'],
      ['ethnicity', 'ethnicity', at(inline, 'ethnicity'), 'field'],
    ]);
    // "a, b and c"; a label in emphasis.
    const and = 'Decide the premium band for each driver.\n**Driver record fields:** licence_years, claims_5y, sexual_orientation and annual_mileage.\n';
    expect(found(and)).toEqual([['sexual_orientation', 'sexual_orientation', at(and, 'sexual_orientation'), 'field']]);
    const bullets = 'Approve or deny each tenant application.\n\nEach application contains:\n- applicant_name\n- age\n- familial_status (as stated)\n- monthly_income\n';
    expect(found(bullets)).toEqual([
      ['age', 'age', at(bullets, 'age\n'), 'field'],
      ['familial_status', 'familial_status', at(bullets, 'familial_status'), 'field'],
    ]);
    // A bullet with a value after a colon is a field line: one place, not two.
    const typed = 'Approve or deny each tenant application.\n\nEach application contains:\n- applicant_name\n- age: integer\n- income\n';
    expect(run(typed).map((d) => [d.data.field, d.data.occurrences, d.span.start])).toEqual([['age', 1, at(typed, 'age:')]]);
    const columns = 'For each row of the applications sheet, decide APPROVE or DENY.\nColumns: applicant_id, race, income, loan_amount, decision.\n';
    expect(found(columns)).toEqual([['race', 'race', at(columns, 'race'), 'field']]);
  });

  it("reads a compound-named function's parameters and a JSON schema's properties", () => {
    const signature = 'Approve or deny each personal loan request.\nTools:\n- score_applicant(income, debts, age, marital_status) -> float\n';
    expect(found(signature)).toEqual([
      ['age', 'age', at(signature, 'age,'), 'field'],
      ['marital_status', 'marital_status', at(signature, 'marital_status'), 'field'],
    ]);
    const schema = [
      'You are the tenant-screening agent. Screen each applicant and decide APPROVE or DENY.',
      'The get_applicant tool returns:',
      '```json',
      '{"type": "object", "properties": {"income": {"type": "number"}, "nationality": {"type": "string"}, "evictions": {"type": "integer"}}}',
      '```',
      '',
    ].join('\n');
    expect(found(schema)).toEqual([['nationality', 'nationality', at(schema, 'nationality'), 'field']]);
  });

  it('reads no list that passes nothing, is no input, or is no person\'s', () => {
    // No decision: a CRM lookup whose only "decision" is choosing a tool.
    expect(found("You are Northwind's support assistant. Select the right tool for each customer question.\n- get_customer(customer_id) -> {name, age, gender, email, plan}\n")).toEqual([]);
    // Redacted items.
    expect(found('Approve, decline or refer each loan application.\nget_application(app_id) -> {business_name, owner_age (redacted), owner_gender (redacted), revenue}\n')).toEqual([]);
    expect(found('Approve or deny each claim.\nClaim record fields: claim_id, amount, claimant_name [REDACTED], date_of_birth [REDACTED], nationality [REDACTED].\n')).toEqual([]);
    // A list of characteristics to avoid, and outputs.
    const guidance = 'Shortlist or reject each applicant.\nProtected characteristics: age, disability, race, religion or belief, sex. Never ask about, infer or use any of these.\n';
    expect(found(guidance)).toEqual([]);
    expect(found('Shortlist or reject each applicant.\nOutput fields: decision, reason, gender, confidence.\n')).toEqual([]);
    expect(found('Shortlist or reject each applicant.\nProtected applicant attributes: age, religion, sex.\n')).toEqual([]);
    // The fields of a thing: a pet, a product.
    expect(found('Decide APPROVE or DECLINE for each adoption applicant.\n- get_pet(pet_id) -> {name, breed, age, sex}\n')).toEqual([]);
    expect(found('Rank the three best bottles for the customer.\nProduct fields: name, grape, country_of_origin, price.\n')).toEqual([]);
    // Code, a table's schema, SQL, prose in parentheses, a sentence after a list head.
    expect(found('Fix the failing loan eligibility test for the applicant model.\n```python\ndef get_applicant(applicant_id) -> dict:\n    """Returns {name, age, gender, income}."""\n```\n', 'x.prompt.md')).toEqual([]);
    expect(found('Decide whether to approve each loan applicant.\nData: applicants(id, name, gender, age, income)\n')).toEqual([]);
    expect(found('Answer with one SQL query per question about loan applicants.\nColumns: applicant_id, gender, age, decision.\n')).toEqual([]);
    expect(found("Decide whether to shortlist the applicant. Consider the applicant's background (age, experience) only as context.\n")).toEqual([]);
    expect(found('Approve or deny the tenant application. The form includes: a short note on why you want the flat, and your age if you like.\n')).toEqual([]);
    // Fewer than two thirds of the items are names: a sentence with commas, not a list.
    const checklist = 'Approve or deny each applicant.\nEach application includes: confirm the lease start date with the landlord by phone, check two references from previous landlords, nationality\n';
    expect(found(checklist)).toEqual([]);
  });

  it('judges a listed name by its own qualifier, and reports one the prompt tells the model to ignore at info', () => {
    const qualified = 'Classify each applicant as APPROVE or REVIEW.\nget_application(id) -> {account_age, applicant_age, income}\n';
    expect(found(qualified)).toEqual([['applicant_age', 'applicant_age', at(qualified, 'applicant_age'), 'field']]);
    const ignored = [
      'For each customer record, decide whether to show the savings offer: SHOW or SKIP.',
      'Customer record fields: customer_id, average_balance, age, gender.',
      'The age and gender fields are only there for the fairness report: ignore them completely when you decide.',
      '',
    ].join('\n');
    expect(run(ignored).map((d) => [d.data.field, d.severity, d.data.toldToIgnore])).toEqual([
      ['age', 'info', true],
      ['gender', 'info', true],
    ]);
  });
});

describe('protected-attribute-in-decision: the decision is looked for before the fields', () => {
  // With all rules, the demographic rules before this one find the mentions, and texts with mentions keep their
  // tokens: the rule then looks for a decision word in those first (`mayDecide`) and skips the fields when there is
  // none. Alone, no text has kept tokens and the fields are looked for first. Both must report the same.
  const prompts: [string, string][] = [
    ['a.prompt', 'You screen job applicants for the hiring team. Decide whether to interview each candidate.\n\nCandidate name: {{name}}\nGender: {{gender}}\nAge: {{age}}\n'],
    ['b.json', JSON.stringify({ system: 'Approve or deny each loan applicant. She or he must not be judged on race or religion.', applicant_race: 'x', religion: 'y' })],
    ['c.prompt', 'Tell the student a story about a woman and her heart rate.\nGender: female\nAge: 41\n'],
    ['d.prompt', 'Select the right tool for the customer. He is waiting.\nCustomer gender: {{gender}}\n'],
    ['e.prompt', 'Customer age: {{age}}\nCustomer religion: {{religion}}\n\nThe customer is a woman. Rate her application from 1 to 10.\n'],
    ['f.md', 'Rank these applicants for the promotion; the men and women are all engineers. Ignore their gender.\n\n| Name | Gender |\n|---|---|\n| Ann | female |\n'],
    ['g.prompt', 'You explain the insurance quote to the customer and her husband; do not recalculate or decide anything.\nAge: {{age}}\n'],
  ];

  it('reports the same with all rules as with this rule alone', () => {
    let reported = 0;
    for (const [uri, text] of prompts) {
      const all = lint({ uri, text }, defaultConfig()).diagnostics.filter((d) => d.ruleId === ID);
      const alone = run(text, uri);
      expect(all.map((d) => [d.message, d.range]), uri).toEqual(alone.map((d) => [d.message, d.range]));
      reported += all.length;
    }
    expect(reported).toBeGreaterThanOrEqual(4);
  });
});

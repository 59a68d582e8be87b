import { describe, expect, it } from 'vitest';
import { lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import rule from '../../server/src/rules/demographic-imbalance.js';

const ID = 'demographic-imbalance';
const run = (text: string, uri = 'x.prompt', options?: Record<string, unknown>) =>
  lint({ uri, text }, options ? { ...defaultConfig(), rules: { [ID]: ['warning', options] as ['warning', Record<string, unknown>] } } : defaultConfig(), {
    rules: [rule],
  }).diagnostics.filter((d) => d.ruleId === ID);

const demo = (people: [string, string][]) =>
  people.map(([name, pronoun]) => `Q: ${name} finished the report early. Did ${pronoun} finish on time?\nA: Yes.\n`).join('\n');

describe('demographic-imbalance', () => {
  it('reports a gender skew with counts and a binomial p-value, on the first line of the set', () => {
    const text = demo([
      ['Brian', 'he'],
      ['Donald', 'he'],
      ['Gary', 'he'],
      ['Jeffrey', 'he'],
      ['Scott', 'he'],
      ['Steven', 'he'],
    ]);
    const ds = run(text);
    const g = ds.find((d) => d.data.majority === 'male')!;
    expect(g).toBeDefined();
    expect(g.data).toMatchObject({ items: 'demos', n: 6, majorityCount: 6, percent: 100, counts: { female: 0, male: 6, mixed: 0, none: 0 } });
    expect(g.data.pValue).toBeCloseTo(2 / 64, 10);
    expect(g.span).toEqual({ start: 0, end: text.indexOf('\n') });
    expect(g.message).toBe('6 of 6 demos that signal one gender are male (100%, binomial p = 0.031); balance the people in them.');
    // All six names are White names: the origin skew is reported too.
    const o = ds.find((d) => d.data.majority === 'White')!;
    expect(o.data).toMatchObject({ n: 6, majorityCount: 6, counts: { white: 6 } });
  });

  it('calls a dataset\'s items "records" and a prompt\'s "demos", never "exemplars"', () => {
    const men = ['Brian', 'Donald', 'Gary', 'Jeffrey', 'Scott', 'Steven'];
    const jsonl = men.map((m) => JSON.stringify({ prompt: `${m} finished the report early. Did he finish on time?`, completion: 'Yes.' })).join('\n') + '\n';
    const ds = run(jsonl, 'x.jsonl');
    expect(ds.map((d) => d.message)).toEqual([
      '6 of 6 records that signal one gender are male (100%, binomial p = 0.031); balance the people in them.',
      '6 of the 6 names with a known origin in the records are White names (100%); vary name origins.',
    ]);
    expect(ds[0]!.data.items).toBe('records');
  });

  it('does not report balanced or small sets', () => {
    expect(run(demo([['Brian', 'he'], ['Susan', 'she'], ['Jamal', 'he'], ['Ebony', 'she'], ['Carlos', 'he'], ['Fatima', 'she']]))).toEqual([]);
    expect(run(demo([['Brian', 'he'], ['Scott', 'he'], ['Gary', 'he']]))).toEqual([]);
    expect(run('Q: What is 2+2?\nA: 4\n\nQ: What is 3+3?\nA: 6\n')).toEqual([]);
  });

  it('does not report a name-origin skew when many names have no known origin', () => {
    // R08: six Anglo names and six names in no origin list, standing where the Anglo ones stand.
    const people: [string, string][] = [
      ['Brian', 'he'], ['Hiroshi', 'he'], ['Susan', 'she'], ['Ngozi', 'she'], ['Emily', 'she'], ['Kwame', 'he'],
      ['Greg', 'he'], ['Yuki', 'she'], ['Scott', 'he'], ['Oluwaseun', 'she'], ['Amy', 'she'], ['Kenji', 'he'],
    ];
    const amounts = [42, 18, 63, 27, 90, 15, 34, 71, 12, 55, 38, 49];
    const text =
      'Extract the amount from the expense note.\n\n' +
      people.map(([n, p], i) => `Note: ${n} paid for the taxi; ${p} kept the receipt. Total $${amounts[i]}.\nAmount: ${amounts[i]}\n`).join('\n') +
      '\nNote: {{note}}\nAmount:\n';
    expect(run(text)).toEqual([]);
    // The share is an option: at 0.6 the six unknown names (50%) no longer hold the report back, and the message counts them.
    const [d, ...rest] = run(text, 'x.prompt', { maxUnknownOriginShare: 0.6 });
    expect(rest).toEqual([]);
    expect(d!.message).toBe('6 of the 6 names with a known origin in the demos are White names (100%; 6 more without a known origin); vary name origins.');
    expect(d!.data).toMatchObject({ n: 6, majorityCount: 6, counts: { white: 6 }, unknownOrigin: 6, unrecognised: 6 });
  });

  it('still reports a name-origin skew with few unknown names, and says how many', () => {
    const text = demo([
      ['Brian', 'he'], ['Susan', 'she'], ['Gary', 'he'], ['Emily', 'she'], ['Scott', 'he'], ['Amy', 'she'], ['Greg', 'he'], ['Hiroshi', 'he'],
    ]);
    const [d, ...rest] = run(text);
    expect(rest).toEqual([]);
    expect(d!.message).toBe('7 of the 7 names with a known origin in the demos are White names (100%; 1 more without a known origin); vary name origins.');
    expect(d!.data).toMatchObject({ n: 7, counts: { white: 7 }, unknownOrigin: 1, unrecognised: 1 });
    // Capitalised words where no name stands ("Terrible service", "The waiter") are not names.
    const reviews = ['Susan said the food was great.', 'Terrible service, cold soup.', 'Brian said the dessert was good.', 'The waiter was rude.',
      'Emily said the view was lovely.', 'Awful.', 'Scott said it was fine.', 'Amy said it was too loud.', 'Greg said the music was bad.'];
    const [r] = run(`Classify.\n\n${reviews.map((x) => `Review: ${x}\nSentiment: Positive\n`).join('\n')}`);
    expect(r!.message).toBe('6 of the 6 names with a known origin in the demos are White names (100%); vary name origins.');
    expect(r!.data).toMatchObject({ unknownOrigin: 0, unrecognised: 0 });
  });

  it('does not report the name origins of one family or a few demos: the names must be in at least minNameItems items (s24 hunt23)', () => {
    // s24 hunt23 genealogy-summary.prompt: one worked example, one Whitby family's records, was "6 of the 6 names
    // with a known origin in the demos are White names". The names of one item (a family, a meeting) are one choice.
    const family =
      'You help family historians turn parish and census records into a short narrative.\n\n' +
      'Records:\n' +
      '- Baptism, 14 Mar 1841: Hannah, daughter of William Storr, mariner, and Elizabeth his wife.\n' +
      '- Marriage, 1862: Hannah Storr, 21, to Thomas Harland, 24. Witnesses: Elizabeth Storr, John Harland.\n' +
      '- 1871 census: Thomas Harland, 33; Hannah, 30, wife; children Mary 8, William 5, Jane 1.\n\n' +
      'Narrative: Hannah Storr was baptised in 1841, the daughter of William Storr and his wife Elizabeth. In 1862 she married Thomas Harland; by 1871 they had three children, Mary, William and Jane.\n\n' +
      'Records:\n{{records}}\n\nNarrative:\n';
    expect(run(family)).toEqual([]);
    // The minimum is an option: at 1 the family's names are reported, with the same counts as before.
    const [d, ...rest] = run(family, 'x.prompt', { minNameItems: 1 });
    expect(rest).toEqual([]);
    expect(d!.message).toBe('6 of the 6 names with a known origin in the demos are White names (100%; 1 more without a known origin); vary name origins.');
    expect(d!.data).toMatchObject({ n: 6, majorityCount: 6, counts: { white: 6 }, unknownOrigin: 1 });
    expect(d!.span).toEqual({ start: family.indexOf('Records:'), end: family.indexOf('Records:') + 'Records:'.length });
    // Four demos of two White names each: 8 names, but in 4 items (< 5).
    const pairs = [['Brian', 'Scott'], ['Gary', 'Donald'], ['Jeffrey', 'Steven'], ['Kevin', 'Dennis']];
    const four = pairs.map(([a, b]) => `Context: ${a} and ${b} were at the store. Who paid?\nAnswer: Unknown\n`).join('\n');
    expect(run(four)).toEqual([]);
    // Five such demos are reported.
    const five = [...pairs, ['Gregory', 'Todd']].map(([a, b]) => `Context: ${a} and ${b} were at the store. Who paid?\nAnswer: Unknown\n`).join('\n');
    const [o] = run(five).filter((x) => x.data.majority === 'White');
    expect(o!.message).toBe('10 of the 10 names with a known origin in the demos are White names (100%); vary name origins.');
    expect(o!.span).toEqual({ start: 0, end: five.indexOf('\n') });
  });

  it('gives the Bertrand & Mullainathan 2004 names an origin (Meredith, Brendan, Geoffrey), so an Anglo set of them is reported', () => {
    // Meredith, Brendan and Geoffrey are in no Tzioumis top-300 list; before names_bertrand2004_race.csv they had no
    // origin, and three unknown of eight held the report back (37.5% >= maxUnknownOriginShare).
    const text = demo([
      ['Meredith', 'she'], ['Brendan', 'he'], ['Geoffrey', 'he'], ['Emily', 'she'], ['Greg', 'he'], ['Allison', 'she'], ['Todd', 'he'], ['Sarah', 'she'],
    ]);
    const [d, ...rest] = run(text);
    expect(rest).toEqual([]);
    expect(d!.message).toBe('8 of the 8 names with a known origin in the demos are White names (100%); vary name origins.');
    expect(d!.data).toMatchObject({ n: 8, counts: { white: 8 }, unknownOrigin: 0 });
  });

  it('does not report an Anglo set whose names no origin list holds (Jake, Connor, Katie: documented limit)', () => {
    // recall repro demographic-imbalance-1: Emily, Allison, Meredith and Brendan have an origin (4 < minNames); Jake,
    // Connor and Katie are SSA names in no origin list. Kelly and Murphy (SSA names too) are surnames after a first
    // name, and name no second person.
    const text = [
      ['Emily Walsh', 'ADVANCE'], ['Jake Sullivan', 'ADVANCE'], ['Allison Baker', 'HOLD'], ['Connor Murphy', 'ADVANCE'],
      ['Meredith Kelly', 'HOLD'], ['Brendan Walsh', 'ADVANCE'], ['Katie Schmidt', 'HOLD'],
    ].map(([n, v]) => `Applicant: ${n}, BSc Economics.\nVerdict: ${v}\n`).join('\n');
    expect(run(text)).toEqual([]);
    // With the unknown-share check off and minNames at 4, the four known names are reported, and the message counts the rest.
    const [d] = run(text, 'x.prompt', { maxUnknownOriginShare: 1, minNames: 4 });
    expect(d!.message).toBe('4 of the 4 names with a known origin in the demos are White names (100%; 3 more without a known origin); vary name origins.');
  });

  it('reads a surname that is also a first name as no second person (s18 recall hunt)', () => {
    // Repro demographic-imbalance-1: "Johnson" is an Asian/Pacific Islander first name in the origin data, and
    // counted as a second name it made seven White names 87.5% White.
    const contacts = ['Michael Thompson', 'David Miller', 'Robert Johnson', 'James Wilson', 'William Brown', 'Richard Davis', 'Thomas Anderson'];
    const jsonl = contacts
      .map((n) => JSON.stringify({ prompt: `Write a follow-up email.\nContact: ${n}\n`, completion: `Hi ${n.split(' ')[0]}, he asked for pricing; attached.` }))
      .join('\n');
    const origin = run(jsonl + '\n', 'x.jsonl').find((d) => d.data.majority === 'White');
    expect(origin?.data).toMatchObject({ n: 7, majorityCount: 7, percent: 100, counts: { white: 7 } });
    // A male name as a woman's surname ("Emily Thomas") does not make her item mixed.
    const women = ['Emily Thomas', 'Sarah James', 'Laura Henry', 'Megan Scott', 'Rachel Frank', 'Karen George'];
    const text = women.map((n) => `Q: ${n} finished the report early. Did she finish on time?\nA: Yes.\n`).join('\n');
    expect(run(text).find((d) => d.data.majority === 'female')?.data).toMatchObject({ counts: { female: 6, male: 0, mixed: 0, none: 0 } });
    // Two people named one after the other are still two: "Emily, Thomas" and "Emily and Thomas".
    const pairs = women.map((n) => `Q: ${n.replace(' ', ' and ')} finished the report early. Did they finish on time?\nA: Yes.\n`).join('\n');
    expect(run(pairs).filter((d) => d.data.majority === 'female')).toEqual([]);
  });

  it('does not count a record whose own text names a term of its sex\'s medicine ("antenatal", "prostate") (s22 hunt14)', () => {
    const names = ['Amira', 'Beth', 'Chloe', 'Dana', 'Elif', 'Fatima', 'Grace', 'Hana', 'Imani', 'Julia'];
    const antenatal = names
      .map((n, i) => JSON.stringify({ prompt: `Summarise the antenatal visit note.\nNote: ${n}, ${24 + i} weeks, BP 118/76.\nSummary:`, completion: ` ${n} is at ${24 + i} weeks; her blood pressure is normal.` }))
      .join('\n') + '\n';
    // Before: 1:1 "10 of 10 records that signal one gender are female (100%, binomial p = 0.002); balance the people in them."
    expect(run(antenatal, 'x.jsonl')).toEqual([]);
    const men = ['Brian', 'Donald', 'Gary', 'Jeffrey', 'Scott', 'Steven'];
    const prostate = men.map((m) => JSON.stringify({ prompt: `Summarise the prostate clinic letter for ${m}.`, completion: ` ${m}'s PSA is stable; he is due back in six months.` })).join('\n') + '\n';
    expect(run(prostate, 'x.jsonl').filter((d) => d.data.majority === 'male')).toEqual([]);
    // A term of the other sex does not excuse a record ("Brian … the antenatal class he booked for his partner"): still counted.
    const partners = men.map((m) => JSON.stringify({ prompt: `Remind ${m} that the antenatal class he booked for his partner starts on Monday.`, completion: ' Done.' })).join('\n') + '\n';
    expect(run(partners, 'x.jsonl').find((d) => d.data.majority === 'male')!.data).toMatchObject({ n: 6, majorityCount: 6 });
    // Without a sex-specific term the same women are still a skew.
    const visits = names.map((n) => JSON.stringify({ prompt: `Summarise the visit note.\nNote: ${n}, BP 118/76.\nSummary:`, completion: ` ${n}'s blood pressure is normal; she is well.` })).join('\n') + '\n';
    expect(run(visits, 'x.jsonl').find((d) => d.data.majority === 'female')!.data).toMatchObject({ n: 10, majorityCount: 10 });
  });

  it('does not count a ship called "she" as a woman', () => {
    const ships: [string, string][] = [
      ['HMS Victory', 'She is a 104-gun first-rate ship of the line, launched in 1765.'],
      ['USS Constitution', 'She is a wooden-hulled frigate of the U.S. Navy, launched in 1797.'],
      ['Cutty Sark', 'She is a British clipper ship built in 1869 for the tea trade.'],
      ['RMS Queen Mary', 'She is an ocean liner that sailed the North Atlantic from 1936 to 1967.'],
      ['Mayflower', 'She carried the Pilgrims from England to Plymouth in 1620.'],
      ['Titanic', 'She sank on her maiden voyage in April 1912.'],
    ];
    const jsonl = (what: string) =>
      ships.map(([name, text]) => JSON.stringify({ prompt: `Describe the ${what} in one sentence: ${name}`, completion: text })).join('\n') + '\n';
    expect(run(jsonl('ship'), 'x.jsonl')).toEqual([]);
    // The same records that name a person (here an occupation) still count as about women.
    const [d] = run(jsonl('nurse'), 'x.jsonl');
    expect(d!.data).toMatchObject({ majority: 'female', n: 6, counts: { female: 6, male: 0 } });
  });

  it('does not count an animal called "she" or "he" as a woman or a man', () => {
    // s23 hunt20: a dairy vet's call log, every cow "she" (a herd is mostly of one sex by the farm).
    const calls = [
      'Holstein cow, 4 years old, off her feed since yesterday, milk yield down 30%.',
      'Jersey heifer, due to calve in 5 days; she is restless and her udder is swollen.',
      'Friesian cow, 6 years, lame on the left hind; she stands with her back arched.',
      'Dairy cow, 3 weeks after calving; she has a temperature of 40.1 and her calf is weak.',
      'Brown Swiss cow, 5 years; her right front quarter is hard and hot.',
      'Ayrshire cow; she has been bloated since turnout onto clover this morning.',
    ];
    const jsonl = (list: string[]) => list.map((c) => JSON.stringify({ prompt: `Triage the farm call.\n${c}`, completion: ' Visit today.' })).join('\n') + '\n';
    expect(run(jsonl(calls), 'x.jsonl')).toEqual([]);
    // "Brown Swiss" is a breed of cattle, not Swiss people.
    expect(run(jsonl(calls.map((c) => c.replace(/^[\w ]*?(?=cow|heifer)/, 'Brown Swiss '))), 'x.jsonl')).toEqual([]);
    // A stud's stallions, "he".
    const stud = ['Thoroughbred stallion, 8 years; he is sweating and pawing at the ground.', 'Arab stallion, 12 years; he has a swollen near-fore fetlock.', 'Welsh pony stallion; he stopped eating his hay last night.', 'Shire stallion, 9 years; he is coughing after moving to a new barn.', 'Stallion, 5 years; he has a cut above his left eye.', 'Hanoverian stallion; he is reluctant to move after covering.'];
    expect(run(jsonl(stud), 'x.jsonl')).toEqual([]);
    // The pronoun of an owner ("her dog") is a person's, and records that name a person still count.
    const owners = calls.map((c) => `She says her dog is limping. ${c}`);
    expect(run(jsonl(owners), 'x.jsonl').find((d) => d.data.majority === 'female')!.data).toMatchObject({ n: 6, majorityCount: 6 });
    const farmers = calls.map((c) => `The farmer says ${c.charAt(0).toLowerCase()}${c.slice(1)}`);
    expect(run(jsonl(farmers), 'x.jsonl').find((d) => d.data.majority === 'female')!.data).toMatchObject({ n: 6, majorityCount: 6 });
  });

  it('does not count a first name right after "in" (a place, a language, a product) as a person', () => {
    // s23 hunt20: a code Q&A set about Julia, Cassandra and Jasmine, and a travel set.
    const code = [
      'How do I define a mutable struct in Julia?',
      'How do I read a CSV file in Julia with DataFrames?',
      'How do I add a secondary index in Cassandra?',
      'What is multiple dispatch in Julia?',
      'How do I set the replication factor in Cassandra?',
      'How do I mock a timer in Jasmine?',
    ];
    const qa = (list: string[]) => list.map((q) => JSON.stringify({ question: q, answer: 'Here is a minimal example from the documentation.' })).join('\n') + '\n';
    expect(run(qa(code), 'x.jsonl')).toEqual([]);
    const travel = ['Find me a hotel in Florence for three nights.', 'Things to do in Georgia with kids.', 'Best beaches in Victoria?', 'Cheap parking in Charlotte near the stadium.', 'Is it safe to swim in Savannah in July?', 'Where to eat in Sydney on a budget?'];
    expect(run(qa(travel), 'x.jsonl')).toEqual([]);
    // The same in few-shot demos.
    const demos = code.map((q) => `Q: ${q}\nA: See the documentation.\n`).join('\n');
    expect(run(demos)).toEqual([]);
    // "in" before a possessive or a full name keeps the person: still a skew.
    const people = ['Emma', 'Olivia', 'Sophie', 'Hannah', 'Chloe', 'Lucy'].map((n) => `What was the mood in ${n}'s class today?`);
    expect(run(qa(people), 'x.jsonl').find((d) => d.data.majority === 'female')!.data).toMatchObject({ n: 6, majorityCount: 6 });
    const authors = ['Charlotte Brontë', 'Jane Austen', 'Emily Dickinson', 'Sylvia Plath', 'Toni Morrison', 'Mary Shelley'].map((n) => `What themes recur in ${n}'s work?`);
    expect(run(qa(authors), 'x.jsonl').find((d) => d.data.majority === 'female')!.data).toMatchObject({ n: 6, majorityCount: 6 });
    // s23 hunt22: "confided in", "believed in", "faith in" take a person, never a place or a language.
    const pc = (list: string[]) => list.map((x) => JSON.stringify({ prompt: x, completion: ' Start by thanking them for listening.' })).join('\n') + '\n';
    const confided = ['Sarah', 'Emma', 'Olivia', 'Hannah', 'Chloe', 'Lucy'].map((n) => `I confided in ${n} about the layoffs. How do I follow up?`);
    expect(run(pc(confided), 'x.jsonl').find((d) => d.data.majority === 'female')!.data).toMatchObject({ n: 6, majorityCount: 6 });
    const believed = ['James', 'Daniel', 'Michael', 'David', 'Robert', 'Thomas'].map((n, i) => (i % 2 ? `Everyone believed in ${n} when the merger stalled. Write a toast.` : `The board kept its faith in ${n} all year. Write a toast.`));
    expect(run(pc(believed), 'x.jsonl').find((d) => d.data.majority === 'male')!.data).toMatchObject({ n: 6, majorityCount: 6 });
  });

  it('does not count a first name after "in" followed by a US state, a Canadian province or a country (or its abbreviation) as a person (s24)', () => {
    // s23 hunt22 c02: "in Charlotte NC" read NC as Charlotte's surname, so 6 of 6 records were female.
    const qa = (list: string[]) => list.map((q) => JSON.stringify({ question: q, answer: 'Here are three options with prices and opening times.' })).join('\n') + '\n';
    const places = [
      'Hotels in Savannah Georgia under $150?',
      'Parking in Charlotte NC near the stadium?',
      'Best tapas in Florence Italy?',
      'Whale watching in Victoria BC?',
      'Museums in Sydney Australia open on Monday?',
      'Markets in Florence Italy on Sunday?',
      'Street food in Charlotte North Carolina?',
      'Ski rentals in Victoria British Columbia?',
    ];
    expect(run(qa(places), 'x.jsonl')).toEqual([]);
    // A surname that is also a state or a country keeps the person when it is possessive, and other
    // surnames keep her as before: still a skew, reported on the first line.
    const people = ['Emma Jordan', 'Olivia Washington', 'Sophie England', 'Hannah Ireland', 'Chloe Smith', 'Lucy Brown'].map((n) => `What was the mood in ${n}'s class today?`);
    const text = qa(people);
    const d = run(text, 'x.jsonl').find((x) => x.data.majority === 'female')!;
    expect(d.data).toMatchObject({ n: 6, majorityCount: 6 });
    expect(d.span).toEqual({ start: 0, end: text.indexOf('\n') });
    // A word that is a state's abbreviation and an English word ("OR", "OK", "ME") is no place.
    const words = ['Emma OR Olivia', 'Sophie OK', 'Hannah ME', 'Chloe IN', 'Lucy OH', 'Amy ON'].map((n, i) => `Is there any interest in ${n}${i % 2 ? '?' : ' for the lead role?'}`);
    expect(run(qa(words), 'x.jsonl').find((x) => x.data.majority === 'female')!.data).toMatchObject({ majority: 'female' });
  });

  it('does not count a first name after to, from, near, via, around, visit or for as a person when the text says it is a place (s24)', () => {
    // s23 hunt22 c01: 7 of 7 records female in a travel set.
    const qa = (list: string[]) => list.map((q) => JSON.stringify({ question: q, answer: 'Here are three options with prices and travel times.' })).join('\n') + '\n';
    const travel = [
      'Flights to Florence from London in May?',
      'Is Charlotte a good base for a weekend trip?',
      'Best way to get from Sydney airport to the city?',
      'How far is Savannah from Atlanta?',
      'What to pack for Victoria BC in March?',
      'Day trips from Florence by train?',
      'Where to stay near Victoria station?',
      'Is Georgia expensive for backpackers?',
      'Visiting Savannah with a toddler: tips?',
      'Ferries from Victoria to Vancouver?',
    ];
    expect(run(qa(travel), 'x.jsonl')).toEqual([]);
    // Each kind of evidence on its own: a place noun after the name, a travel word before the
    // preposition, a province's or a state's abbreviation, a place said of the name.
    const nouns = ['Where to stay near Victoria station?', 'Taxi from Sydney airport?', 'Walk to Charlotte city centre?', 'Parking around Florence Street?', 'Hotels near Charlotte downtown?', 'Cafes near Victoria Station?'];
    expect(run(qa(nouns), 'x.jsonl')).toEqual([]);
    const trips = ['Flights to Florence in May?', 'Day trips from Florence by car?', 'Ferries from Victoria to Vancouver?', 'Train to Charlotte from Atlanta?', 'Cheap hotels near Sydney?', 'Road trip via Charlotte?'];
    expect(run(qa(trips), 'x.jsonl')).toEqual([]);
    const abbreviations = ['What to pack for Victoria BC?', 'Driving to Charlotte NC?', 'Moving from Florence SC?', 'Weekend near Sydney NS?', 'Visit Victoria TX?', 'Getting around Charlotte NC?'];
    expect(run(qa(abbreviations), 'x.jsonl')).toEqual([]);
    const bases = ['Is Charlotte a good base for a weekend trip?', 'Is Florence a walkable city?', 'Victoria is a lovely town. What should I see?', 'Is Sydney a safe destination for students?', 'Charlotte is a great base for hiking. Which trails?', 'Is Victoria an expensive city to visit?'];
    expect(run(qa(bases), 'x.jsonl')).toEqual([]);
  });

  it('still counts a person after to, from, near or visit without place evidence (s24)', () => {
    const pc = (list: string[]) => list.map((x) => JSON.stringify({ prompt: x, completion: ' Here is a short, polite draft.' })).join('\n') + '\n';
    const people = [
      'I sent the report to Emma yesterday. Write a follow-up.',
      'I sat near Olivia at the offsite. Write a note.',
      'I got a letter from Sarah Jordan. Write a reply.',
      'Forward the flight details to Hannah before Friday.',
      'Book a flight for Chloe and write the confirmation.',
      'We plan to visit Lucy in hospital. Write a card.',
      'Is Sophie a good fit for the team lead role?',
      'Charlotte is a city planner. Write her bio.',
      'We drove to Jennifer for the party. Write a thank-you note.',
      'Is Samantha a good base player? Write a scouting note.',
    ];
    const text = pc(people);
    const d = run(text, 'x.jsonl').find((x) => x.data.majority === 'female')!;
    expect(d.data).toMatchObject({ n: 10, majorityCount: 10 });
    expect(d.span).toEqual({ start: 0, end: text.indexOf('\n') });
  });

  describe('a first name next to a word of technology is a language, a library or a database, not a person (s24)', () => {
    // s23 hunt22 c04 and c15: code Q&A sets without "in" ("Julia vs Python", "Jasmine spies", "from Cassandra to
    // Postgres") were 6 of 6 and 7 of 7 female. Julia, Jasmine and Cassandra each stand in at most 2 of the 6 records,
    // so they are not the repeated product name of markRepeatedNames.
    const qa = (list: string[]) => list.map((q) => JSON.stringify({ question: q, answer: 'Short answer with a code sample from the documentation.' })).join('\n') + '\n';

    it('with a noun of code right after it ("Julia packages", "Jasmine spies", "Cassandra cluster")', () => {
      const nouns = [
        'How do I install Julia packages offline?',
        'Jasmine spies: how do they work?',
        'Cassandra cluster keeps losing a node. Why?',
        'Is Julia code faster than vectorised NumPy?',
        'Why do my Jasmine tests time out on CI?',
        'Which Cassandra driver supports async queries?',
      ];
      expect(run(qa(nouns), 'x.jsonl')).toEqual([]);
    });

    it('coordinated with a known technology ("Julia vs Python", "Jasmine or Jest", "from Cassandra to Postgres", "Python, Julia and R")', () => {
      const coordinated = [
        'Julia vs Python for numerical work?',
        'Jasmine or Jest for a legacy Angular app?',
        'Migrating from Cassandra to Postgres?',
        'Python, Julia and R: which one for a stats course?',
        'Mocha, Jasmine or Jest for a Node service?',
        'MongoDB or Cassandra for time series?',
      ];
      expect(run(qa(coordinated), 'x.jsonl')).toEqual([]);
      // Few-shot demos are read the same way.
      expect(run(coordinated.map((q) => `Q: ${q}\nA: See the documentation.\n`).join('\n'))).toEqual([]);
    });

    it('still counts a person beside a word of code: a verb, an appositive, an initial, a possessive', () => {
      const pc = (list: string[]) => list.map((x) => JSON.stringify({ prompt: x, completion: ' Here is a short, warm draft.' })).join('\n') + '\n';
      const people = [
        'Julia wrote the Python script last week. Write a thank-you note.',
        'Ask Jasmine from the data team about the schema. Write the message.',
        'Jasmine tested the API before the release. Write a thank-you note.',
        'Jasmine tests the API every morning. Write a thank-you note.',
        'Cassandra codes the dashboards in Python. Write a thank-you note.',
        'Can you help Julia with Python this week? Write the invitation.',
        'Julia, Python developer, joins on Monday. Write a welcome note.',
        'Cassandra and C. Lee reviewed the Java code. Write a thank-you note.',
        "Julia's package won the hackathon. Write a thank-you note.",
        'Cassandra scripts every release by hand. Write a thank-you note.',
      ];
      const text = pc(people);
      const d = run(text, 'x.jsonl').find((x) => x.data.majority === 'female')!;
      expect(d.message).toBe('10 of 10 records that signal one gender are female (100%, binomial p = 0.002); balance the people in them.');
      expect(d.data).toMatchObject({ n: 10, majorityCount: 10 });
      expect(d.span).toEqual({ start: 0, end: text.indexOf('\n') });
    });
  });

  it('does not count the indefinite pronoun "man" of German, Swedish, Danish or Norwegian as a man (s25 multilingual)', () => {
    // s25 multilingual c33: a German FAQ intent set ("Wie kann man …?") read as "9 of 9 records … male".
    const ds = (list: string[]) => list.map((text, i) => JSON.stringify({ text, label: ['konto', 'versand', 'retoure'][i % 3] })).join('\n') + '\n';
    const german = [
      'Wie kann man das Passwort zurücksetzen?',
      'Kann man die Lieferadresse noch ändern?',
      'Muss man für die Rücksendung bezahlen?',
      'Wo findet man die Rechnung?',
      'Wie ändert man die E-Mail-Adresse?',
      'Man bekommt keine Bestätigungsmail.',
    ];
    expect(run(ds(german), 'x.jsonl')).toEqual([]);
    const swedish = ['Hur kan man byta lösenord?', 'Kan man ändra adressen?', 'Måste man betala för returen?', 'Var hittar man fakturan?', 'Får man returnera öppnade varor?', 'Hur ändrar man e-postadressen?'];
    expect(run(ds(swedish), 'x.jsonl')).toEqual([]);
    const danish = ['Hvordan kan man skifte adgangskode?', 'Kan man ændre adressen?', 'Skal man betale for returneringen?', 'Hvor finder man fakturaen?', 'Må man returnere åbnede varer?', 'Hvad gør man ved en fejl?'];
    expect(run(ds(danish), 'x.jsonl')).toEqual([]);
    // The noun is still a man: in English, in Dutch ("de man kan"), and after an article in Swedish ("en man kan").
    const english = ['The man at the desk can help you.', 'A man called about his order.', 'The old man can not log in.', 'Tell the man his parcel is late.', 'A man asked for a refund.', 'The man wants a new password.'];
    expect(run(ds(english), 'x.jsonl').find((d) => d.data.majority === 'male')!.data).toMatchObject({ n: 6, majorityCount: 6 });
    const dutch = ['De man kan niet inloggen.', 'Een man wil zijn adres wijzigen.', 'De oude man kan de factuur niet vinden.', 'Een man belde over de levering.', 'De man heeft twee keer betaald.', 'Die man heeft het pakket niet opgehaald.'];
    expect(run(ds(dutch), 'x.jsonl').find((d) => d.data.majority === 'male')!.data).toMatchObject({ n: 6, majorityCount: 6 });
    const swedishNoun = ['En man kan inte logga in.', 'En gammal man kan inte hitta fakturan.', 'En ung man vill byta adress.', 'En man måste få hjälp med returen.', 'En man har betalat två gånger.', 'Varje man får en kod.'];
    expect(run(ds(swedishNoun), 'x.jsonl').find((d) => d.data.majority === 'male')!.data).toMatchObject({ n: 6, majorityCount: 6 });
  });

  it('does not count a name that most records write and none calls "she" or "he" (a product, a model) as a person each', () => {
    // s23 hunt20: a smart speaker's support set and an LLM evaluation set.
    const alexa = [
      "Alexa won't connect to my new Wi-Fi router.",
      'Alexa keeps turning on the kitchen lights at random.',
      'How do I make Alexa play music on two speakers?',
      "Alexa doesn't hear me from across the room.",
      'Can Alexa read my calendar out loud every morning?',
      'Alexa stopped announcing my doorbell.',
    ];
    const chats = (list: string[]) =>
      list.map((u) => JSON.stringify({ messages: [{ role: 'user', content: u }, { role: 'assistant', content: 'Open the app, go to Devices and follow the steps for that feature.' }] })).join('\n') + '\n';
    expect(run(chats(alexa), 'x.jsonl')).toEqual([]);
    const claude = ['Ask Claude to summarise the attached earnings call.', 'Compare Claude and Gemini on this SQL question.', 'Write a system prompt so Claude replies in Spanish.', "How do I stream Claude's responses in Python?", "Claude's answer cited a paper that doesn't exist.", "Set Claude's temperature to 0 for grading."];
    const pc = (list: string[]) => list.map((x) => JSON.stringify({ prompt: x, completion: ' Here is how to do that with the API.' })).join('\n') + '\n';
    expect(run(pc(claude), 'x.jsonl')).toEqual([]);
    // A name the records call by its pronoun is a person, however many of them write it.
    const sarah = ['Sarah has 5 apples and buys 3 more. How many does she have?', 'Sarah reads 12 pages a day. How long does she need for 84 pages?', 'Sarah saves $4 a week. How much has she saved after 9 weeks?', 'Sarah runs 3 km a day. How far does she run in a week?', 'Sarah shares 20 sweets among 4 friends. How many does each get?', 'Sarah buys 6 pens at $2. What does she pay?'];
    expect(run(pc(sarah), 'x.jsonl').find((d) => d.data.majority === 'female')!.data).toMatchObject({ n: 6, majorityCount: 6 });
    // Names that vary from record to record are people, pronouns or not.
    const women = ['Emma', 'Olivia', 'Sophie', 'Hannah', 'Chloe', 'Lucy'].map((n) => `${n} saves $4 a week. How much after 9 weeks?`);
    expect(run(pc(women), 'x.jsonl').find((d) => d.data.majority === 'female')!.data).toMatchObject({ n: 6, majorityCount: 6 });
  });

  it('counts a repeated name called "she" in a sentence every record repeats, in the same text (s23 hunt22)', () => {
    // One persona in every record; her pronoun is in the repeated instruction, which counts for no record.
    const tasks = ['works night shifts at a busy ER', 'is training two new graduates', 'asks for a schedule change', 'reports a medication error', 'wants to move to pediatrics', 'covers an extra weekend shift'];
    const pc = (list: string[]) => list.map((x) => JSON.stringify({ prompt: x, completion: ' Hi, could we find 10 minutes this week to discuss this?' })).join('\n') + '\n';
    const emily = tasks.map((t) => `Emily is a nurse who ${t}. Write the message she sends to the unit manager.`);
    expect(run(pc(emily), 'x.jsonl').find((d) => d.data.majority === 'female')!.data).toMatchObject({ n: 6, majorityCount: 6 });
    // A pronoun repeated in another text of the record (a persona system prompt) does not make a product a person.
    const alexa = ["Alexa won't connect to my new Wi-Fi router.", 'Alexa keeps turning on the kitchen lights at random.', 'How do I make Alexa play music on two speakers?', "Alexa doesn't hear me from across the room.", 'Can Alexa read my calendar out loud every morning?', 'Alexa stopped announcing my doorbell.'];
    const chats = alexa.map((u) =>
      JSON.stringify({ messages: [{ role: 'system', content: 'You answer for the support lead. Match her tone: short and friendly.' }, { role: 'user', content: u }, { role: 'assistant', content: 'Open the app, go to Devices and follow the steps for that feature.' }] }),
    );
    expect(run(chats.join('\n') + '\n', 'x.jsonl')).toEqual([]);
  });

  describe('text that most records repeat (a persona system prompt, an instruction prefix) is setup, not the people in them', () => {
    // P1-01: twelve support chats, each with the same persona system prompt and no person in the turns.
    const turns: [string, string][] = [
      ['How do I reset my password?', 'Go to Settings → Account → Reset password and follow the email link.'],
      ['Can I change my billing date?', 'Yes. Open Billing → Payment date and pick any day from 1 to 28.'],
      ['Is there a student discount?', 'Yes, 20% off with a valid student email.'],
      ['How do I cancel?', 'Open Plans → Cancel plan. Your service runs to the end of the billing period.'],
      ['Where can I download invoices?', 'Billing → Invoices; each month has a PDF link.'],
      ['Do you support two-factor authentication?', 'Yes. Turn it on under Settings → Security.'],
      ['Can I pause my plan?', 'You can pause for up to three months under Plans → Pause.'],
      ['How do I update my card?', 'Billing → Payment methods → Add card, then set it as default.'],
      ['Is my data encrypted?', 'Yes, in transit with TLS 1.3 and at rest with AES-256.'],
      ['Can I export my data?', "Settings → Privacy → Export data; you'll get a ZIP by email."],
      ['What are your support hours?', 'Chat is open 8am–10pm every day.'],
      ['Can I add a second user?', 'Yes, on the Family plan under Plans → Members.'],
    ];
    const chats = (system: string, list: [string, string][]) =>
      list.map(([user, assistant]) => JSON.stringify({ messages: [{ role: 'system', content: system }, { role: 'user', content: user }, { role: 'assistant', content: assistant }] })).join('\n') + '\n';
    const AVA = 'You are Ava, the support assistant for Lumen.';

    it('does not count a persona in every system message as an exemplar each', () => {
      expect(run(chats(AVA, turns), 'x.jsonl')).toEqual([]);
      // P1-01b: a principal the replies are written for ("Match her tone"), and the sign-off every reply repeats.
      const funmi = turns.slice(0, 6).map(([user, assistant]): [string, string] => [user, `${assistant} Best, Funmi`]);
      expect(run(chats('You draft email replies on behalf of Funmilayo Adebayo, COO of Kestrel Logistics. Match her tone: warm, brief, decisive.', funmi), 'x.jsonl')).toEqual([]);
    });

    it('does not count a persona prefix and speaker label in every prompt', () => {
      // P1-01c: the same data as prompt/completion pairs.
      const jsonl = turns.map(([user, assistant]) => JSON.stringify({ prompt: `${AVA}\n\nCustomer: ${user}\nAva:`, completion: ` ${assistant}` })).join('\n') + '\n';
      expect(run(jsonl, 'x.jsonl')).toEqual([]);
    });

    it('still reports the people in the turns that vary', () => {
      const men = ['Brian', 'Donald', 'Gary', 'Jeffrey', 'Scott', 'Steven', 'Kevin', 'Dennis'];
      const skewed = turns.slice(0, 8).map(([user, assistant], i): [string, string] => [`${user} My colleague ${men[i]} asked too; he is stuck.`, assistant]);
      const [d, ...rest] = run(chats(AVA, skewed), 'x.jsonl');
      expect(d!.message).toBe('8 of 8 records that signal one gender are male (100%, binomial p = 0.008); balance the people in them.');
      expect(d!.data).toMatchObject({ counts: { female: 0, male: 8, mixed: 0, none: 0 } });
      // The origin of the eight names is reported too; Ava, in every record, is not among them (nor a name without a known origin).
      expect(rest.map((x) => x.message)).toEqual(['8 of the 8 names with a known origin in the records are White names (100%); vary name origins.']);
      // A sentence that half of the records repeat is setup too; one that fewer repeat is not.
      const half = turns.slice(0, 8).map(([user, assistant], i): [string, string] => [i < 4 ? `${user} My husband set it up.` : user, assistant]);
      expect(run(chats('You are a support assistant.', half), 'x.jsonl')).toEqual([]);
      const five = turns.slice(0, 10).map(([user, assistant], i): [string, string] => [i < 5 ? `${user} My husband set it up.` : user, assistant]);
      expect(run(chats('You are a support assistant.', five), 'x.jsonl')).toEqual([]);
      const third = turns.slice(0, 12).map(([user, assistant], i): [string, string] => [i < 4 ? `${user} My husband set it up.` : i < 8 ? `${user} He set it up.` : user, assistant]);
      expect(run(chats('You are a support assistant.', third), 'x.jsonl')[0]!.data).toMatchObject({ counts: { female: 0, male: 8 } });
    });
  });

  describe('full names in the options of knowledge questions are answers, not a choice of names (P2-13)', () => {
    const quiz: [string, string[], string][] = [
      ['Which scientist discovered penicillin?', ['Louis Pasteur', 'Alexander Fleming', 'Robert Koch', 'Joseph Lister'], 'B'],
      ['Who proposed the heliocentric model in 1543?', ['Galileo Galilei', 'Johannes Kepler', 'Nicolaus Copernicus', 'Tycho Brahe'], 'C'],
      ['Who created the first widely used periodic table?', ['Dmitri Mendeleev', 'John Dalton', 'Antoine Lavoisier', 'Henry Moseley'], 'A'],
      ['Whose X-ray image, Photo 51, helped reveal the structure of DNA?', ['Barbara McClintock', 'Dorothy Hodgkin', 'Lise Meitner', 'Rosalind Franklin'], 'D'],
      ['Who formulated the laws of motion?', ['Isaac Newton', 'Robert Hooke', 'Edmond Halley', 'Christiaan Huygens'], 'A'],
      ['Who discovered the electron?', ['Ernest Rutherford', 'James Chadwick', 'Niels Bohr', 'J. J. Thomson'], 'D'],
    ];

    it('does not count their name origins, in JSON option arrays or lettered lines', () => {
      const json = `{\n  "examples": [\n${quiz.map(([question, options, answer]) => `    ${JSON.stringify({ question, options, answer })}`).join(',\n')}\n  ]\n}\n`;
      expect(run(json, 'x.examples.json')).toEqual([]);
      const text = quiz.map(([q, options, a]) => `Question: ${q}\n${options.map((o, i) => `(${'ABCD'[i]}) ${o}`).join('\n')}\nAnswer: (${a})\n`).join('\n');
      expect(run(text)).toEqual([]);
    });

    it('still counts their gender, and bare first names in options', () => {
      // The answers' gender still tells who a question is about ("Who refused to give up her bus seat?" / Rosa Parks
      // balances "Who led the Salt March?" / Mahatma Gandhi): six quizzes of men only are reported for gender alone.
      const men: [string, string[], string][] = [
        quiz[0]!,
        ['Who patented the telephone in 1876?', ['Alexander Graham Bell', 'Thomas Edison', 'Samuel Morse', 'Nikola Tesla'], 'A'],
        quiz[4]!,
        quiz[5]!,
        ['Who developed the first polio vaccine?', ['Jonas Salk', 'Albert Sabin', 'Edward Jenner', 'Louis Pasteur'], 'A'],
        ['Who made the first powered flight in 1903?', ['Orville Wright', 'Charles Lindbergh', 'Glenn Curtiss', 'Louis Bleriot'], 'A'],
      ];
      const text = men.map(([q, options, a]) => `Question: ${q}\n${options.map((o, i) => `(${'ABCD'[i]}) ${o}`).join('\n')}\nAnswer: (${a})\n`).join('\n');
      expect(run(text).map((d) => d.message)).toEqual(['6 of 6 demos that signal one gender are male (100%, binomial p = 0.031); balance the people in them.']);
      // Made-up people named only in the options ("(A) Brian") are the set's choice of names.
      const pairs = [['Brian', 'Scott'], ['Gary', 'Donald'], ['Jeffrey', 'Steven'], ['Kevin', 'Dennis'], ['Gregory', 'Todd'], ['Keith', 'Craig']];
      const bbq = pairs.map(([a, b]) => `Context: Two men were at the store. Who stole the apple?\n(A) ${a}\n(B) ${b}\n(C) Unknown\nAnswer: (C)\n`).join('\n');
      expect(run(bbq).map((d) => d.message)).toEqual([
        '6 of 6 demos that signal one gender are male (100%, binomial p = 0.031); balance the people in them.',
        '12 of the 12 names with a known origin in the demos are White names (100%); vary name origins.',
      ]);
    });
  });

  it('reports missing gender x ethnicity intersections', () => {
    // Women are all White, men are all Black: no Black women, no White men.
    const text = demo([
      ['Susan', 'she'],
      ['Kathleen', 'she'],
      ['Donna', 'she'],
      ['Julie', 'she'],
      ['Jamal', 'he'],
      ['Tyrone', 'he'],
      ['Darnell', 'he'],
      ['Terrell', 'he'],
    ]);
    const ds = run(text);
    expect(ds).toHaveLength(1);
    expect(ds[0]!.data).toMatchObject({ genders: 'female and male', origins: 'Black, White', missing: 'Black female, White male' });
    expect(ds[0]!.severity).toBe('info');
  });

  it('does not report an intersection that chance leaves empty: one Asian name (a man) among twelve', () => {
    // Independence expects 6 x 1 / 12 = 0.5 Asian women here: the cell is as likely empty as not.
    const people: [string, string][] = [
      ['Susan', 'she'],
      ['Kathleen', 'she'],
      ['Donna', 'she'],
      ['Julie', 'she'],
      ['Ebony', 'she'],
      ['Latoya', 'she'],
      ['Brian', 'he'],
      ['Scott', 'he'],
      ['Gary', 'he'],
      ['Jamal', 'he'],
      ['Tyrone', 'he'],
      ['Dan', 'he'],
    ];
    expect(run(demo(people))).toEqual([]);
    // The women-White / men-Black set above, 2 names expected in each empty cell, is still reported.
  });
});

describe('demographic-imbalance: names written with accents (s26)', () => {
  const SPANISH_MEN = ['José', 'Andrés', 'Tomás', 'Martín', 'Rubén', 'Joaquín', 'Germán', 'Ramón'];
  const screening = (names: string[]) =>
    'Classify whether the applicant should be interviewed. Answer Yes or No.\n\n' +
    names.map((n, i) => `Input: ${n} has five years of experience as an engineer.\nOutput: ${i % 2 ? 'Yes' : 'No'}\n`).join('\n') +
    '\nInput: {{applicant}}\nOutput:\n';
  const strip = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');

  it('counts José, Andrés, Tomás, Martín, Rubén, Joaquín and Ramón as men, as it counts them written without accents', () => {
    const text = screening(SPANISH_MEN);
    const ds = run(text);
    expect(ds).toHaveLength(1);
    const first = text.indexOf('Input: José');
    expect(ds[0]!.span).toEqual({ start: first, end: text.indexOf('\n', first) });
    expect(ds[0]!.message).toBe('7 of 7 demos that signal one gender are male (100%, binomial p = 0.016); balance the people in them.');
    // Germán is Tzioumis's German: a Hispanic name without a gender in the data (not the nationality).
    expect(ds[0]!.data).toMatchObject({ items: 'demos', n: 7, majority: 'male', majorityCount: 7, percent: 100, counts: { female: 0, male: 7, mixed: 0, none: 1 } });
    expect(ds[0]!.data.pValue).toBeCloseTo(1 / 64, 10);
    // The same findings as for the names without their accents.
    const plain = run(strip(text));
    expect(plain.map((d) => [d.message, d.span])).toEqual(ds.map((d) => [d.message, d.span]));
  });

  it('counts names in capitals with accents (JOSÉ) and French and Spanish women\'s names (Chloé, Zoé, Renée, Sofía)', () => {
    expect(run(screening(['JOSÉ', 'ANDRÉS', 'RUBÉN', 'RAMÓN', 'JOAQUÍN', 'MARTÍN'])).map((d) => d.message)).toEqual([
      '6 of 6 demos that signal one gender are male (100%, binomial p = 0.031); balance the people in them.',
    ]);
    expect(run(screening(['Chloé', 'Zoé', 'Renée', 'Sofía', 'Lucía', 'Mónica'])).map((d) => d.message)).toEqual([
      '6 of 6 demos that signal one gender are female (100%, binomial p = 0.031); balance the people in them.',
    ]);
  });

  it('finds no names in Vietnamese reviews whose sentence-initial words fold onto names of Asian origin (Thông, Làm, Tại, Từ)', () => {
    // Folded, "Làm", "Thông", "Tại", "Từ", "Dùng", "Tháng", "Thành", "Chính", "Phòng" and "Việt" are the data's
    // Lam, Thong, Tai, Tu, Dung, Thang, Thanh, Chinh, Phong and Viet (Tzioumis, Asian): counted, they made
    // "10 of the 10 names with a known origin in the demos are Asian names".
    const reviews = [
      ['Những chiếc áo này rất đẹp và vừa vặn.', 'tích cực'],
      ['Làm ơn kiểm tra lại đơn hàng, tôi nhận thiếu một món.', 'tiêu cực'],
      ['Thông tin sản phẩm không đúng với thực tế.', 'tiêu cực'],
      ['Tại cửa hàng nhân viên rất nhiệt tình.', 'tích cực'],
      ['Từ lúc mua đến giờ chưa gặp lỗi nào.', 'tích cực'],
      ['Dùng được hai ngày thì hỏng.', 'tiêu cực'],
      ['Tháng trước tôi đặt hàng mà đến giờ chưa nhận được.', 'tiêu cực'],
      ['Thành thật mà nói, chất lượng vượt mong đợi.', 'tích cực'],
      ['Chính sách đổi trả ở Việt Nam rất rõ ràng.', 'tích cực'],
      ['Phòng khách sạn sạch sẽ, giá hợp lý.', 'tiêu cực'],
    ];
    const text = 'Classify the sentiment of each review.\n\n' + reviews.map(([r, l]) => `Review: ${r}\nLabel: ${l}\n`).join('\n') + '\nReview: {{review}}\nLabel:\n';
    expect(run(text)).toEqual([]);
  });
});

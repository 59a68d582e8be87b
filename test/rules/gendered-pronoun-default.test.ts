import { describe, expect, it } from 'vitest';
import { fixAll, lint } from '../../server/src/engine/lint.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import rule from '../../server/src/rules/gendered-pronoun-default.js';

const ID = 'gendered-pronoun-default';
const run = (text: string, uri = 'x.prompt') => lint({ uri, text }, defaultConfig(), { rules: [rule] }).diagnostics.filter((d) => d.ruleId === ID);

describe('gendered-pronoun-default', () => {
  it('reports the pronoun bound to an occupation, with the BLS share of women', () => {
    const text = 'When the nurse arrives, make sure she has the chart.';
    const [d, ...rest] = run(text);
    expect(rest).toEqual([]);
    expect(text.slice(d!.span.start, d!.span.end)).toBe('she');
    expect(d!.span).toEqual({ start: 34, end: 37 });
    expect(d!.data).toMatchObject({
      pronoun: 'she',
      pronounGender: 'female',
      noun: 'nurse',
      nounSpan: { start: 9, end: 14 },
      pctWomen: 87.3,
      blsOccupation: 'Registered nurses',
      blsYear: 2025,
    });
    expect(d!.message).toBe(
      '"she" makes the nurse female by default (87.3% of registered nurses are women, BLS CPS 2025); use "they" or both forms.',
    );
    // they (with agreement), then both orders
    expect(d!.fixes.map((f) => f.edits.map((e) => e.newText).join(' '))).toEqual(['they have', 'she or he', 'he or she']);
  });

  it('leaves a unified diff pasted without a fence alone, as code (s25 code hunt)', () => {
    // A README change under review: the removed line is the diff's text, not the prompt's instruction.
    expect(run('Review the change.\ndiff --git a/README.md b/README.md\n-Each developer sets his own key.\n+Each developer sets their own key.\nAnswer:')).toEqual([]);
    // Without a diff header the same line is an instruction.
    const text = 'Review the change.\n-Each developer sets his own key.\n';
    expect(run(text).map((d) => [text.slice(d.span.start, d.span.end), d.span.start])).toEqual([['his', text.indexOf('his')]]);
  });

  it('leaves a pronoun inside an identifier, path or file name alone (s25 code hunt)', () => {
    // Coding prompts name identifiers without backticks: his_score, HIS_TOKEN, her-notes.md are names, not pronouns.
    expect(run('For each player, add his_score to the running total and return it.')).toEqual([]);
    expect(run('Each developer must set HIS_TOKEN in the env file.')).toEqual([]);
    expect(run('Every engineer reads her-notes.md first.')).toEqual([]);
    const text = 'Each developer must set his token in the env file.';
    expect(run(text).map((d) => [text.slice(d.span.start, d.span.end), d.span.start])).toEqual([['his', text.indexOf('his')]]);
  });

  it('handles possessives, role nouns without BLS data, and each/every', () => {
    const ds = run('Each engineer must commit his code daily. Ask every user to update his profile.');
    expect(ds.map((d) => [d.data.noun, d.data.pronoun])).toEqual([
      ['engineer', 'his'],
      ['user', 'his'],
    ]);
    expect(ds[0]!.data.blsOccupation).toBe('Architecture and engineering occupations');
    expect(ds[0]!.fixes[0]!.edits[0]!.newText).toBe('their');
    expect(ds[1]!.message).toBe('"his" makes the user male by default; use "they" or both forms.');
  });

  it('fixes with verb agreement and re-lints clean', () => {
    const text = 'The doctor reviews the notes. He writes a summary and he is brief.';
    const fixed = fixAll({ uri: 'x.prompt', text }, defaultConfig(), ID, { rules: [rule] });
    expect(fixed.text).toBe('The doctor reviews the notes. They write a summary and they are brief.');
    expect(run(fixed.text)).toEqual([]);
  });

  it('ignores both forms, named or gendered referents, plurals and far pronouns', () => {
    expect(run('The nurse checks that he or she has the chart.')).toEqual([]);
    expect(run('The engineer updates his/her code.')).toEqual([]);
    expect(run('The nurse, Maria, said she was tired.')).toEqual([]);
    expect(run('My mother is the nurse on duty; she is busy.')).toEqual([]);
    expect(run('A female engineer said she would help.')).toEqual([]);
    expect(run('The nurses said they were busy. Nurses help patients.')).toEqual([]);
    expect(run('The nurse arrived.\n\nShe is a character in another story.')).toEqual([]);
    expect(run('Ask the customer what they need.')).toEqual([]);
  });

  it('leaves few-shot exemplars alone by default', () => {
    const text = 'Q: The nurse said she was tired. Who was tired?\nA: The nurse.\n\nQ: The pilot said he was late. Who was late?\nA: The pilot.\n';
    expect(run(text)).toEqual([]);
  });
});

describe('gendered-pronoun-default: referents in earlier sentences', () => {
  it('still reports when a gendered noun was in an earlier sentence', () => {
    const text = 'You assist the hiring chairman.\nEach engineer we hire must defend his design.';
    const [d, ...rest] = run(text);
    expect(rest).toEqual([]);
    expect(d!.data).toMatchObject({ noun: 'engineer', pronoun: 'his' });
    expect(text.slice(d!.span.start, d!.span.end)).toBe('his');
  });

  it('skips a pronoun that can mean a gendered person named after the noun', () => {
    expect(run('The engineer met a woman. She was late.')).toEqual([]);
  });

  it('skips a pronoun that can mean a named person from an earlier sentence', () => {
    expect(run('Write a story about Maria. Describe her school.\nThe teacher should praise her.')).toEqual([]);
  });
});

/** [pronoun as written, its start, its end, noun in the message] of each finding. */
const found = (text: string) => run(text).map((d) => [text.slice(d.span.start, d.span.end), d.span.start, d.span.end, d.data.noun]);

describe('gendered-pronoun-default: named people (hunt-precision items 2, 3, P3)', () => {
  it('skips a pronoun for a person named by a first name of any origin, or with no gender in the data', () => {
    // R02: Priya, Aisha, Mei, Lakisha and Rahul are in the origin lists only; the others in no list.
    for (const name of ['Priya', 'Aisha', 'Mei', 'Oluwaseun', 'Yuki', 'Siobhan', 'Ngozi', 'Olga', 'Lakisha', 'Xiomara']) {
      expect(run(`${name} is a surgeon. She trained at Johns Hopkins.`), name).toEqual([]);
    }
    for (const name of ['Rahul', 'Kwame', 'Hiroshi']) expect(run(`${name} is a nurse. He trained at Johns Hopkins.`), name).toEqual([]);
    expect(run('Dr. Okafor was the nurse on call. He stayed late.')).toEqual([]);
    expect(run('Kwame, a nurse, said he was tired.')).toEqual([]);
    // A name without gender data may be the referent whatever the pronoun's gender.
    expect(run('Priya asked the nurse whether she was free.')).toEqual([]);
    expect(run('Rahul wrote the report. Ask the engineer whether he agrees.')).toEqual([]);
  });

  it('skips a pronoun for a noun with a name in apposition or a title', () => {
    expect(run('The nurse, Priya, said she was tired.')).toEqual([]);
    expect(run('The engineer, Dr. Nguyen, said he would fix it.')).toEqual([]);
    expect(run('The engineer, Hiroshi Tanaka, said he would fix it.')).toEqual([]);
    expect(run('Ask the engineer Dr. Nguyen whether he agrees.')).toEqual([]);
    expect(run('Dr. Nguyen leads the team. Ask the engineer whether he agrees.')).toEqual([]);
  });

  it('skips a pronoun for a noun identified by a handle or an account ID after it (s21 hunt13 c02)', () => {
    expect(run('Look up the profile of the user with handle @priya_codes and list her last five repositories.')).toEqual([]);
    expect(run('Fetch the user @jdoe and list his followers.')).toEqual([]);
    expect(run('Find the customer with account number 88213 and email her the invoice.')).toEqual([]);
    expect(run('Open the ticket of the customer with ID 4417 and ask him to confirm.')).toEqual([]);
    // No identifier: still a default.
    expect(run('Find the customer with account problems and email her the invoice.').map((d) => d.data.pronoun)).toEqual(['her']);
    expect(run('Ask the user with the email question whether he has logged in.').map((d) => d.data.pronoun)).toEqual(['he']);
    expect(run('Email the user at @support and tell him the fix.').map((d) => d.data.pronoun)).toEqual(['him']);
  });

  it('skips "Her name is ..." and later pronouns for that person', () => {
    expect(run('The new engineer starts Monday. Her name is Priya. Draft a welcome message.')).toEqual([]);
    expect(run('The new engineer starts Monday. His full name is Kwame Mensah. He likes tea.')).toEqual([]);
  });

  it('accepts any name of the pronoun\'s gender in reach, not only the nearest, and no name in a place name', () => {
    expect(run("Maria Lopez is a surgeon at St. Vincent's. She trained at Johns Hopkins.")).toEqual([]);
    expect(run("Maria works with the surgeon at St. Luke's. She trained in Boston.")).toEqual([]);
    expect(run('Emily Chen is a pilot for Delta and flies with Captain Robert Hale. She joined in 2015.')).toEqual([]);
    expect(run('Maria asked the surgeon to call Robert. She was worried.')).toEqual([]);
    // A saint's name is no referent: the pronoun is still a default for the surgeon.
    expect(found("Our surgeon works at St. Vincent's. He trained in Boston.")).toEqual([['He', 36, 38, 'surgeon']]);
  });

  it('passes the realistic hospital bio (clean/18-named-surgeon)', () => {
    const text =
      'Write a short, friendly bio for the hospital website.\n\n' +
      "Dr. Maria Lopez is a cardiothoracic surgeon at St. Vincent's. She trained at Johns Hopkins and has performed over 2,000 valve repairs. In her free time she coaches youth soccer.\n\n" +
      'Dr. James Okafor is a pediatric nurse practitioner. He joined the team in 2019 and leads the asthma clinic. His patients call him "Dr. J".\n\n' +
      'Keep each bio under 80 words and write in the third person.\n';
    expect(run(text)).toEqual([]);
  });

  it('still reports defaults next to names, titles and sentence openers that name no one', () => {
    expect(found('Ask the doctor whether he is available.')).toEqual([['he', 23, 25, 'doctor']]);
    // Maria is a woman's name: "he" cannot mean her.
    expect(found('Maria asked the doctor whether he was available.')).toEqual([['he', 31, 33, 'doctor']]);
    expect(found('This is a nurse. She is busy.')).toEqual([['She', 17, 20, 'nurse']]);
    expect(found('User is a nurse. She is busy.')).toEqual([['She', 17, 20, 'nurse']]);
    expect(found('Yesterday, a nurse said she was tired.')).toEqual([['she', 24, 27, 'nurse']]);
    expect(found("The surgeon, who trained at St. Luke's, said he was ready.")).toEqual([['he', 45, 47, 'surgeon']]);
    expect(found('Min: 5. Send the report to the manager so he can sign it.')).toEqual([['he', 42, 44, 'manager']]);
  });

  it('writes the noun as in the text when it has capitals past the first letter (R13)', () => {
    const [d, ...rest] = run('Email the CEO and ask whether he approved the budget.');
    expect(rest).toEqual([]);
    expect(d!.span).toEqual({ start: 30, end: 32 });
    expect(d!.data.noun).toBe('CEO');
    expect(d!.message).toBe('"he" makes the CEO male by default (33% of chief executives are women, BLS CPS 2025); use "they" or both forms.');
    // Capitals throughout (pronoun too) are not an acronym.
    expect(run('THE NURSE SAID SHE WAS TIRED.')[0]!.data.noun).toBe('nurse');
  });
});

describe('gendered-pronoun-default: names in no list, titles, animals (hunt2 P1-04, P2-07, P2-08)', () => {
  it('skips a pronoun when a name in no list is the subject of a verb (P1-04, P1-04c)', () => {
    for (const name of ['Ngozi', 'Chidinma', 'Blessing', 'Precious', 'Grace', 'Nguyen']) {
      expect(run(`${name} asked the nurse to bring her glasses.`), name).toEqual([]);
    }
    for (const name of ['Kwame', 'Hiroshi', 'Hiroshi Tanaka', 'Chidi', 'Oluwaseun', 'Olamide', 'Sherlock']) {
      expect(run(`${name} asked the doctor whether he could see the results today.`), name).toEqual([]);
    }
    expect(run('Kwame will ask the doctor whether he can go.')).toEqual([]);
    expect(run('Ngozi quickly asked the nurse to bring her glasses.')).toEqual([]);
    expect(run('Yesterday, Ngozi asked the nurse to bring her glasses.')).toEqual([]);
  });

  it('skips a pronoun for a name after "named"/"called" or in an appositive, whatever noun it is with (P1-04e, P1-04g)', () => {
    expect(run('A customer named Olamide wrote in. Apologise to the customer and tell her the refund is on its way.')).toEqual([]);
    expect(run('A patient called Chidinma says the nurse forgot her.')).toEqual([]);
    expect(run('Write a story in which the detective, Hiroshi Tanaka, explains to the doctor how he solved the case.')).toEqual([]);
    expect(run('Oluwaseun, a detective, explains to the doctor how he solved the case.')).toEqual([]);
    expect(run('Write a story in which the detective, Holmes, explains to the doctor how he solved the case.')).toEqual([]);
  });

  it('still reports next to capitalised openers, organisations and imperatives', () => {
    expect(found('Everything was ready. Ask the nurse whether she is free.')).toEqual([['she', 44, 47, 'nurse']]);
    expect(found('Having finished, the nurse said she would go.')).toEqual([['she', 32, 35, 'nurse']]);
    expect(found('However, the nurse, tired, said she would go.')).toEqual([['she', 32, 35, 'nurse']]);
    expect(found('If needed, ask the nurse whether she is free.')).toEqual([['she', 33, 36, 'nurse']]);
    expect(found('The Board approved the plan. Ask the engineer whether he agrees.')).toEqual([['he', 54, 56, 'engineer']]);
    expect(found('Acme Corp sends the customer a receipt; thank him.')).toEqual([['him', 46, 49, 'customer']]);
    expect(found('Please ask the nurse whether she is free.')).toEqual([['she', 29, 32, 'nurse']]);
  });

  it('reports after an imperative with a plural object, which is no name and its verb (s25 fair b03)', () => {
    // "Keep sentences short": "sentences" looked like a present tense, and "Keep" like a name in no list, in reach.
    const guide = 'Keep sentences short and use the active voice.\n\n- Each manager should thank his team by name.\n';
    expect(found(guide)).toEqual([['his', guide.indexOf('his'), guide.indexOf('his') + 3, 'manager']]);
    const bullets = 'Use bullets. Avoid acronyms. Each engineer must commit his code daily.';
    expect(found(bullets)).toEqual([['his', bullets.indexOf('his'), bullets.indexOf('his') + 3, 'engineer']]);
    const answers = 'Write answers in plain English. When the nurse arrives, make sure she has the chart.';
    expect(found(answers)).toEqual([['she', answers.indexOf('she'), answers.indexOf('she') + 3, 'nurse']]);
    // A markdown heading is a title: "Internal comms" is no name and its verb.
    const heading = '# Internal comms style guide\n\n- Each manager should thank his team by name.\n';
    expect(found(heading)).toEqual([['his', heading.indexOf('his'), heading.indexOf('his') + 3, 'manager']]);
    // A name in no list before its verb is still a person in reach.
    expect(run('Kwame writes reports. Ask the doctor whether she is free.')).toEqual([]);
  });

  it('reports after an imperative with a bare plural person noun, which is its object, not a name and a verb (recall12)', () => {
    // "Remind students": the plural role noun is no present-tense verb, so "Remind" is no name in reach.
    expect(found('Remind students of the rules: each student must bring his own goggles.')).toEqual([['his', 54, 57, 'student']]);
    expect(found('Tell customers about the sale. When a customer calls, confirm his address.')).toEqual([['his', 62, 65, 'customer']]);
    expect(found('Ask users to log in. If a user is locked out, reset his password.')).toEqual([['his', 52, 55, 'user']]);
    expect(found('Greet visitors at the door. Every visitor must sign her name.')).toEqual([['her', 52, 55, 'visitor']]);
    // Still a name and its verb: a plural that is also a common verb, or a verb that is no person noun.
    expect(run('Ngozi parents alone. Ask the doctor whether she is free.')).toEqual([]);
    expect(run('Ngozi tutors students. Ask the doctor whether she is free.')).toEqual([]);
    expect(run('Ngozi nurses her mother at home. Ask the doctor whether she is free.')).toEqual([]);
    // Mid-sentence a capitalised word before a plural person noun is still read as before.
    expect(run('Yesterday, Ngozi asked the nurse to bring her glasses.')).toEqual([]);
  });

  it('takes characters by surname and title + surname as named people (P2-07)', () => {
    expect(run("Nwosu read the pathologist's note twice before she looked up.")).toEqual([]);
    expect(run('Inspector Nwosu questions the guest. She asks where he was at midnight.')).toEqual([]);
    expect(run('In this scene, Nurse Nwosu enters the ward. She asks for the chart.')).toEqual([]);
    expect(run('Write a scene: Inspector Nwosu enters the lobby. She asks for the key log.')).toEqual([]);
    expect(run('Nurse Nwosu enters the ward and she asks for the chart.')).toEqual([]);
    expect(run("Becker studied the pathologist's report. He said it was odd.")).toEqual([]);
    const story =
      'Story so far:\nThe body was found in room 412 at 06:40. Nwosu read the pathologist\'s note twice before she looked up. ' +
      'Becker was already at the window, frowning at the fire escape. "He came in this way," he said. "Or someone wants us to think so."';
    expect(run(story)).toEqual([]);
  });

  it('takes a sex-specific animal between the noun and the pronoun as a referent of its gender (P2-08)', () => {
    expect(run('The veterinarian examined the mare; she was limping.')).toEqual([]);
    expect(run('The farmer sold the bull because he was too aggressive.')).toEqual([]);
    expect(run('The farmer says the cow is pregnant; she is due in May.')).toEqual([]);
    expect(run('The farmer checked the hen; she had laid two eggs.')).toEqual([]);
    // A hen is no referent for "he".
    expect(found('The farmer checked the hen; he was pleased.')).toEqual([['he', 28, 30, 'farmer']]);
  });
});

describe('gendered-pronoun-default: sex-specific medicine and pregnancy (hunt3 P1)', () => {
  /** Expects one finding: the first whole-word `pronoun` in the text, bound to `noun`. */
  const reportedOnce = (text: string, pronoun: string, noun: string) => {
    const i = text.search(new RegExp(`\\b${pronoun}\\b`));
    expect(found(text), text).toEqual([[pronoun, i, i + pronoun.length, noun]]);
  };
  it('skips a pronoun whose sentence, or its noun\'s, has a sex-specific term of its gender (repros 1, 2, 5)', () => {
    expect(run('Before recommending a medicine, ask the patient whether she is pregnant or breastfeeding.')).toEqual([]);
    expect(run('If an employee tells you she is pregnant, record the absence separately.')).toEqual([]);
    expect(run('Ask the pregnant patient whether she has any bleeding.')).toEqual([]);
    expect(run('Ask the patient whether she is due for cervical screening.')).toEqual([]);
    expect(run('Ask the patient whether he has had a vasectomy.')).toEqual([]);
    expect(run('Ask the patient about testicular pain. Ask whether it started before his fall.')).toEqual([]);
    // The controls stay clean.
    expect(run('Before recommending a medicine, ask the patient whether they are pregnant or breastfeeding.')).toEqual([]);
    expect(run('Ask the expectant mother whether she has any bleeding.')).toEqual([]);
  });

  it('skips a patient\'s pronoun when the document names a sex-specific clinic or service first (repros 3, 4)', () => {
    expect(run('You book antenatal appointments. Ask the patient whether her last period was more than 10 weeks ago.')).toEqual([]);
    expect(run('You run the prostate clinic questionnaire. Ask the patient how often his stream is weak.')).toEqual([]);
  });

  it('reports nothing in the tester\'s antenatal, urology and HR prompts (h47, h48, h49)', () => {
    const h47 =
      "You are a booking assistant for an antenatal clinic. At the start of each call,\nconfirm the patient's name and date of birth. Then ask the patient whether her\n" +
      'last menstrual period was more than 10 weeks ago, and whether she has had any\nbleeding or pain. If the patient says she is under 16, transfer the call to the\n' +
      'safeguarding midwife.\n\nOffer the first available booking appointment and read back the date and time.\n\nCaller: {{transcript}}\n';
    const h48 =
      '# Urology pre-clinic questionnaire\n\nYou run the pre-clinic questionnaire for the prostate clinic. Ask the patient the\n' +
      'International Prostate Symptom Score (IPSS) questions one at a time.\n\n' +
      '1. Over the past month, how often has the patient had a sensation of not emptying his\n   bladder completely after urinating?\n' +
      '2. How often has he had to urinate again less than two hours after he finished?\n3. How often has he found his stream weak?\n\n' +
      'Score each answer 0-5 and report the total at the end.\n';
    const h49 =
      "You answer line managers' questions about the absence policy.\n\nIf an employee tells you she is pregnant, remind the manager that pregnancy-related\n" +
      'sickness absence must be recorded separately and must not count towards triggers\nunder the attendance policy (Equality Act 2010, s.18).\n\n' +
      "Manager's question: {{question}}\n";
    expect(run(h47, 'h47-antenatal-booking.prompt')).toEqual([]);
    expect(run(h48, 'h48-urology-intake.prompt.md')).toEqual([]);
    expect(run(h49, 'h49-hr-instructions.prompt')).toEqual([]);
  });

  it('still reports a pronoun of the other sex, or with no such term in reach', () => {
    reportedOnce('Ask the pregnant patient whether his bleeding has stopped.', 'his', 'patient');
    reportedOnce('You run the prostate clinic questionnaire. Ask the patient whether she has pain.', 'she', 'patient');
    reportedOnce('You book antenatal appointments. Ask the patient whether he has pain.', 'he', 'patient');
    reportedOnce('Ask the patient whether she has any allergies.', 'she', 'patient');
    reportedOnce('You work at a general practice. Ask the patient whether she has any allergies.', 'she', 'patient');
    reportedOnce('Ask the engineer whether his team still covers the maternity ward.', 'his', 'engineer');
    // Two-word terms need both words: a cervical spine is no one's sex.
    reportedOnce('Ask the patient whether she has cervical spine pain.', 'she', 'patient');
    // A term after the pronoun's sentence is out of reach.
    reportedOnce('Ask the patient whether she has allergies. Pregnancy tests run on Mondays.', 'she', 'patient');
  });

  it('takes a setting for role nouns named after it, not for staff or a role named before it', () => {
    // The clinic gives the patient's sex, not the doctor's.
    const staff = 'You are a booking assistant for an antenatal clinic. When the doctor calls, tell her the schedule.';
    reportedOnce(staff, 'her', 'doctor');
    // The patient was named before the clinic: the document is not set in it.
    const text = 'Ask the patient for their date of birth. If they are pregnant, refer them to the antenatal clinic. Ask the patient whether she has any allergies.';
    reportedOnce(text, 'she', 'patient');
    // A sex-specific word with no setting noun after it is no setting.
    reportedOnce('You answer questions about pregnancy and allergies. Ask the patient whether she has any allergies.', 'she', 'patient');
  });
});

describe('gendered-pronoun-default: recruiters and personas (s16 recall P2)', () => {
  it('takes "recruiter" as an occupation (BLS Human resources workers), so the message names it, not a noun on the line above', () => {
    const one = 'Never promise a salary; the recruiter will discuss it once he has approval.';
    const [d, ...rest] = run(one);
    expect(rest).toEqual([]);
    expect(d!.span).toEqual({ start: one.indexOf(' he ') + 1, end: one.indexOf(' he ') + 3 });
    expect(d!.data).toMatchObject({ noun: 'recruiter', nounSpan: { start: one.indexOf('recruiter'), end: one.indexOf('recruiter') + 9 }, pctWomen: 78.3, blsOccupation: 'Human resources workers' });
    // b18: the bullet above names a surgeon; the recruiter's "he" was reported as "makes the surgeon male".
    const bullets = '- If a surgeon applies, ask whether he holds current ATLS certification.\n- Never promise a salary; the recruiter will discuss it once he has approval.\n';
    const ds = run(bullets);
    expect(ds.map((x) => [bullets.slice(x.span.start, x.span.end), x.data.noun, bullets.slice((x.data.nounSpan as { start: number }).start, (x.data.nounSpan as { end: number }).end)])).toEqual([
      ['he', 'surgeon', 'surgeon'],
      ['he', 'recruiter', 'recruiter'],
    ]);
  });

  it('does not take the persona the prompt speaks to ("You are DevHelper, an assistant") for a person a later pronoun may mean', () => {
    const text = 'You are DevHelper, an assistant embedded in our developer portal.\n\nWhen a developer asks a question, check which team he is on.\n';
    const [d, ...rest] = run(text);
    expect(rest).toEqual([]);
    expect(d!.span).toEqual({ start: text.indexOf(' he ') + 1, end: text.indexOf(' he ') + 3 });
    expect(d!.data).toMatchObject({ noun: 'developer' });
    for (const persona of ["You're Maya, a friendly support bot.", 'Your name is Maya.', 'You are Ada, an assistant.', "My name's Kai and I run the help desk."]) {
      const t = `${persona} When the nurse calls, tell her the ward number.`;
      expect(run(t).map((x) => t.slice(x.span.start, x.span.end)), persona).toEqual(['her']);
    }
  });

  it('still takes third-person names, and a possessive after "I am", as people the pronoun may mean', () => {
    for (const t of [
      'Maya is a friendly support bot. When the nurse calls, tell her the ward number.',
      'You work with Maya, a nurse. When the doctor calls, tell her the ward number.',
      'I am Priya\u2019s manager. When the engineer calls, tell her the ward number.',
      'You are helping Priya. When the engineer calls, tell her the ward number.',
    ]) {
      expect(run(t), t).toEqual([]);
    }
  });
});

describe('gendered-pronoun-default: interviewer, reviewer, moderator (s17 recall)', () => {
  it('takes them as role nouns (not occupations), with the pronoun range and the noun span', () => {
    for (const noun of ['interviewer', 'reviewer', 'moderator']) {
      const text = `After the call, the ${noun} should explain his decision in the notes.`;
      const [d, ...rest] = run(text);
      expect(rest).toEqual([]);
      expect(d!.span).toEqual({ start: text.indexOf(' his ') + 1, end: text.indexOf(' his ') + 4 });
      expect(d!.data).toMatchObject({ noun, nounSpan: { start: text.indexOf(noun), end: text.indexOf(noun) + noun.length } });
      // A role, not an occupation: no BLS share.
      expect(d!.data.pctWomen).toBeUndefined();
    }
  });

  it('still exempts a named or gendered referent in reach', () => {
    expect(run('Maria is the reviewer; she should explain her decision.')).toEqual([]);
    expect(run('The moderator, Priya, should explain her decision.')).toEqual([]);
  });
});

describe('gendered-pronoun-default: a speaker the lexicon does not know (s17 precision hunt 5)', () => {
  it('does not give the pronoun after "<unknown noun> said" to an earlier role noun', () => {
    for (const text of [
      'The reviewer checked the timing data. The race director said he would publish results at noon.',
      'The reviewer is assigned automatically; the maintainer said he would merge after CI passes.',
      'Interview notes: the interviewer arrived first, and the site manager explained she had moved the meeting.',
    ]) {
      expect(run(text), text).toEqual([]);
    }
  });

  it('still reports the role noun when it is the speaker, or the word before the verb is no speaker', () => {
    const cases: [string, string][] = [
      ['The nurse said she would come back later.', 'she'],
      ['The reviewer, who said he was busy, left early.', 'he'],
      ['The reviewer then said he would merge.', 'he'],
    ];
    for (const [text, pronoun] of cases) {
      const ds = run(text);
      expect(ds, text).toHaveLength(1);
      expect(text.slice(ds[0]!.span.start, ds[0]!.span.end), text).toBe(pronoun);
    }
  });
});

describe('gendered-pronoun-default: a name a cast list or character card introduces (s18 precision6 item 2)', () => {
  const repro =
    '## NPCs\n\n- **Brom Ashgrave**, blacksmith. He is gruff but fond of the player.\n- **Marta Venn**, innkeeper. She gossips about everyone.\n';

  it('takes a name in no list that opens a verbless line or sentence for a person the pronoun may mean', () => {
    expect(run(repro, 'npcs.prompt.md')).toEqual([]);
    // --fix leaves Marta's "She" alone.
    expect(fixAll({ uri: 'npcs.prompt.md', text: repro }, defaultConfig(), ID, { rules: [rule] }).text).toBe(repro);
    for (const text of [
      'Greet the player. Marta, the innkeeper. She is gruff.',
      'Greet the player. Marta, innkeeper. She is gruff.',
      'Greet the player. Marta (innkeeper). She is gruff.',
      'Greet the player. Marta, innkeeper; she gossips.',
      'Greet the player.\n- Marta. She is gruff.\n',
      'Greet the player.\n- **Marta**. She is gruff.\n',
      'Greet the player.\n1. Ilse (innkeeper). She is gruff.\n',
      'Greet the player.\n- **Oduya Mbeki**, ferryman. He is gruff.\n',
      "Greet the player.\n- **Marta Venn**, innkeeper of the Huntsman's Rest. She gossips about everyone.\n",
      // A bold name before its verb is a subject as a plain one is ("Marta runs the inn").
      'Greet the player.\n- **Marta** runs the inn. She is gruff.\n',
    ]) {
      expect(run(text, 'x.prompt.md'), text).toEqual([]);
    }
  });

  it('still reports when no name opens such a line: ordinary sentences, openers with a verb, labels', () => {
    const cases: [string, [string, number, number, string][]][] = [
      ['The player picks a class. He then rolls.', [['He', 26, 28, 'player']]],
      ['Then the player picks a class. Later, he rolls.', [['he', 38, 40, 'player']]],
      ['Players take turns; the player picks a class. Each round he rolls.', [['he', 57, 59, 'player']]],
      // A capitalised word in no list with a comma, but the sentence goes on to a verb: no introduction.
      ['Greet the player. Afterwards, he rolls.', [['he', 30, 32, 'player']]],
      ['Greet the player. Afterwards, the player picks a card. He rolls.', [['He', 55, 57, 'player']]],
      // A one-word sentence mid-line, and a bold label with a colon, name no one.
      ['Greet the player. Thanks. He rolls.', [['He', 26, 28, 'player']]],
      ['- The player picks a class.\n- **Setting**: a tavern. He orders ale.\n', [['He', 53, 55, 'player']]],
      // One letter at a line start is an option label, no name.
      ['What should the player do next?\nA. He should rest.\n', [['He', 35, 37, 'player']]],
    ];
    for (const [text, want] of cases) expect(found(text), text).toEqual(want);
  });
});

describe('gendered-pronoun-default: modifiers between the determiner and the noun (s18 recall2 item 3)', () => {
  /** [pronoun, start, end, noun, the noun as its nounSpan gives it] for each finding. */
  const bound = (text: string) =>
    run(text).map((d) => {
      const ns = d.data.nounSpan as { start: number; end: number };
      return [text.slice(d.span.start, d.span.end), d.span.start, d.span.end, d.data.noun, text.slice(ns.start, ns.end)];
    });

  it('binds a role noun after hyphenated modifiers or up to three modifiers (repro gendered-pronoun-default-1)', () => {
    const cases: [string, [string, number, number, string, string][]][] = [
      [
        'The on-call engineer decides whether the outage is local; do not promise anything until he confirms.',
        [['he', 88, 90, 'engineer', 'engineer']],
      ],
      ['Ask the full-time nurse whether she has finished the chart.', [['she', 32, 35, 'nurse', 'nurse']]],
      ['Tell the new senior developer that he can merge after review.', [['he', 35, 37, 'developer', 'developer']]],
      ['Ask the lead backend engineer whether he has reviewed it.', [['he', 38, 40, 'engineer', 'engineer']]],
      ['Ask the new part-time night-shift nurse whether she is free.', [['she', 48, 51, 'nurse', 'nurse']]],
      ['A third-party entry-level front-end developer said he would help.', [['he', 51, 53, 'developer', 'developer']]],
      // The last of several role nouns in the phrase is the one bound ("customer support engineer").
      ['Ask the customer support engineer whether he fixed it.', [['he', 42, 44, 'engineer', 'engineer']]],
    ];
    for (const [text, want] of cases) expect(bound(text), text).toEqual(want);
  });

  it('keeps the exclusions with modifiers: names, titles, gender words, possessives, function words', () => {
    for (const text of [
      // Named people, before or after the noun.
      'The on-call engineer, Priya, says she will call back.',
      'Ask the new senior developer, Priya, whether she can merge.',
      'Tell the new senior developer Maria Lopez that she can merge.',
      'The well-known surgeon Maria Lopez said she would operate.',
      'The award-winning chef, Priya, said she was ready.',
      'Priya is a full-time nurse. She works nights.',
      'Dr. Okafor was the on-call nurse that night; she was tired.',
      'Kwame, a part-time nurse, said she was tired.',
      // A capitalised modifier or noun is a name or title, not a generic noun.
      'Ask the Vice-President whether he agrees.',
      'Ask the ex-President whether he agrees.',
      'Ask the senior Acme engineer whether he agrees.',
      'Ask the Acme senior engineer whether he agrees.',
      'In this scene, the head Nurse Nwosu enters the ward. She asks for the chart.',
      'Ask the co-founder whether he agrees.',
      // Gender given by a modifier: no default, whichever pronoun follows.
      'A female on-call engineer said she would help.',
      'A female on-call engineer said he would help.',
      'The male night-shift nurse said she would help.',
      // Someone else's: a possessive or a possessive pronoun before the modifiers.
      "Ask the patient's full-time nurse whether she is free.",
      'Ask his new senior engineer whether he is free.',
      // A preposition, conjunction or verb between: the noun is not the determiner's.
      'The patient told nurse Kim that she was tired.',
      'The customer asked whether engineer input helps; he will decide.',
      // An age describes one person (a persona or a case), not a default (recall2 c25's personas).
      '**Persona:** A 34-year-old software engineer who wants to get back in shape. He works long hours.',
      'Ask the 29 year old nurse whether she works nights.',
      'A 52-year-old bank manager recovering from a knee injury. He prefers low-impact workouts.',
      // …and so does an age after the noun (hunt11 c45: a promptfoo character var).
      'Write a story about a retired teacher in her eighties who learns to skateboard.',
      'Write a story about a retired teacher in her eighties. She learns to skateboard.',
      'The nurse, in his early 30s, asks whether he can swap shifts.',
      'Describe an engineer in her mid-forties who is changing careers.',
      'A pilot in his late sixties explains why he still flies.',
      // More than three modifiers.
      'Ask the very new senior staff engineer whether he is free.',
      // Both forms.
      'The senior on-call nurse said he or she would help.',
    ]) {
      expect(run(text), text).toEqual([]);
    }
  });

  it('still reports a default when "in her/his" after the noun is no age', () => {
    const a = 'Tell the teacher in her classroom that she can leave.';
    expect(found(a)).toEqual([
      ['her', a.indexOf(' her ') + 1, a.indexOf(' her ') + 4, 'teacher'],
      ['she', a.indexOf('she'), a.indexOf('she') + 3, 'teacher'],
    ]);
    const b = 'Ask the engineer in his thirtieth week whether he is free.';
    expect(found(b)).toEqual([
      ['his', b.indexOf('his'), b.indexOf('his') + 3, 'engineer'],
      ['he', b.indexOf(' he ') + 1, b.indexOf(' he ') + 3, 'engineer'],
    ]);
  });

  it('takes any capitalised word right after the noun as a name, as the docs say (not only names in the data)', () => {
    for (const text of [
      'Write to the night-shift supervisor Olamide; she starts at 9.',
      'Write to the supervisor Olamide; she starts at 9.',
      'Ask our long-time engineer Kwabena whether he is free.',
      'Give the well-known Nurse Ratched role to whoever; she is cruel.',
    ]) {
      expect(run(text), text).toEqual([]);
    }
    // A person word, an opener or text in capitals is no name.
    expect(bound('Ask the nurse I met whether she is free.')).toEqual([['she', 28, 31, 'nurse', 'nurse']]);
    expect(bound('Ask the on-call engineer today whether he is free.')).toEqual([['he', 39, 41, 'engineer', 'engineer']]);
    expect(bound('Ask the on-call engineer Today whether he is free.')).toEqual([['he', 39, 41, 'engineer', 'engineer']]);
    expect(bound('Ask the engineer ASAP whether he is free.')).toEqual([['he', 30, 32, 'engineer', 'engineer']]);
  });
});

describe('gendered-pronoun-default: "which"/"whose"/"what" before the noun (s19 hunt8 b01, repro r1)', () => {
  /** [pronoun, start, end, noun, the noun as its nounSpan gives it] for each finding. */
  const bound = (text: string) =>
    run(text).map((d) => {
      const ns = d.data.nounSpan as { start: number; end: number };
      return [text.slice(d.span.start, d.span.end), d.span.start, d.span.end, d.data.noun, text.slice(ns.start, ns.end)];
    });

  it('binds the noun of "which", "whose" or "what" when it is its clause\'s subject (a verb follows)', () => {
    const cases: [string, [string, number, number, string, string][]][] = [
      // repro r1-which-attorney-he.prompt: "he" at column 77 of line 1.
      [
        'Tell the caller which attorney will call back, and that he will call from a withheld number.',
        [['he', 56, 58, 'attorney', 'attorney']],
      ],
      ['Ask which engineer is on call and tell him the outage is over.', [['him', 39, 42, 'engineer', 'engineer']]],
      ['Find the patient whose surgeon is on call and page him.', [['him', 51, 54, 'surgeon', 'surgeon']]],
      ['Say what lawyer would take the case and why she would.', [['she', 44, 47, 'lawyer', 'lawyer']]],
      // With modifiers, and capitalised at a sentence start.
      ['Which on-call engineer approved it? Ask whether he checked.', [['he', 48, 50, 'engineer', 'engineer']]],
      // The nurse is the object ("the caller saw"): the pronoun goes to the caller, not the nurse.
      ['Ask which nurse the caller saw and whether she was kind.', [['she', 43, 46, 'caller', 'caller']]],
      // "whichever" and "any" were determiners already.
      ['Whichever engineer is on call must page his lead.', [['his', 40, 43, 'engineer', 'engineer']]],
      ['Any nurse who is free should log her hours.', [['her', 33, 36, 'nurse', 'nurse']]],
    ];
    for (const [text, want] of cases) expect(bound(text), text).toEqual(want);
  });

  it('leaves the noun unbound when the clause has another subject, or no role noun follows', () => {
    for (const text of [
      // No role noun after "which"/"whose".
      'Offer the slots and book which he prefers.',
      'Ask for the name of the contact, whose name he gave earlier.',
      'Ask whose phone he used.',
      // The noun is the object: the clause's subject is someone else, whom the pronoun means.
      'Ask which attorney he prefers.',
      'Ask whose lawyer she fired last year.',
      'Ask what engineer they assigned and whether he agreed.',
      // No verb after the noun.
      'Ask which engineer to call.',
      "Note which engineer's laptop he used.",
      // A name after "which" is still a subject ("Kwame said"): the pronoun may mean him.
      'Open the file which Kwame said the engineer wrote before he left.',
    ]) {
      expect(run(text), text).toEqual([]);
    }
  });
});

describe('gendered-pronoun-default: a "which" question that names its alternatives (s23 hunt19)', () => {
  it('does not report the pronoun when the question offers named people after it', () => {
    for (const text of [
      'Which author published her first novel first, Jane Austen or Charlotte Brontë?',
      // A title before an alternative's first name (s23 hunt21 c60).
      'Which GP founded her own surgery in the village in 1952, Dr Mary Evans or Dr Susan Hale?',
      'Which lecturer wrote her thesis on Keats, Dr Anna Reid or Professor Jane Cole?',
      // The full stop of "Jr." does not end the question.
      'Which leader gave his most famous speech at the Lincoln Memorial, Martin Luther King Jr. or Malcolm X?',
      'Which civil rights leader was younger when he died, Malcolm X or Martin Luther King Jr.?',
      // Hard-wrapped prose: the question goes on after the line break (s23 hunt19 civil-rights-sources.prompt.md).
      'For example: Which leader gave his\nmost famous speech at the Lincoln Memorial, Martin Luther King Jr. or Malcolm X? Answer it in one\nsentence.',
    ]) {
      expect(run(text), text).toEqual([]);
    }
  });

  it('still reports the pronoun without named alternatives, outside a "which" question, or after the question ends', () => {
    for (const text of [
      'Which author published her first novel first?',
      // Alternatives that are no people.
      'Which engineer is on call tonight, and can he cover the release, the backend team or the platform team?',
      // Names, but no "which" question: the names are whom to page.
      'Ask the engineer on call to tell him to page Maria or John?',
      // The question ends before the names.
      'Which engineer said he would fix it? Page Maria or John.',
      // Titles and surnames only.
      'Which GP founded her own surgery, Dr Evans or Dr Hale?',
      'Which engineer said he would fix it. Page Maria or John.',
      // A blank line ends the question.
      'Which author published her first novel first?\n\nor Jane Austen or Charlotte Brontë?',
    ]) {
      expect(run(text), text).toHaveLength(1);
    }
  });

  it('still reports the pronoun when an alternative has a first name of the other gender (s23 hunt21)', () => {
    // The pronoun alone picks one of the alternatives: the default, or a giveaway of the answer.
    for (const text of [
      'Which nurse finished her shift early, James or Emily?',
      'Which engineer finished his report first, Maria or John?',
      'Which author published her first novel first, Charles Dickens or Jane Austen?',
    ]) {
      expect(run(text), text).toHaveLength(1);
    }
    // Alternatives of the pronoun's gender, or of no gender the data gives, are still the people it ranges over.
    for (const text of ['Which nurse finished her shift early, Sarah or Emily?', 'Which engineer finished his report first, Priya or John?']) {
      expect(run(text), text).toEqual([]);
    }
  });
});

describe('gendered-pronoun-default: British and Commonwealth role nouns (s23 hunt19 M3)', () => {
  it('takes "solicitor" as an occupation: hunt19 c08 names the solicitor, not the client before it', () => {
    const c08 = [
      'You are the intake assistant for Greenway Community Law Centre. When a client writes to ask about',
      'progress on their case, thank them, tell them their case reference, and explain that the solicitor',
      'handling the case will reply once he has reviewed the latest documents. Never give legal advice.',
      '',
      'Client message: {{message}}',
    ].join('\n');
    const [d, ...rest] = run(c08);
    expect(rest).toEqual([]);
    expect(d!.span).toEqual({ start: c08.indexOf(' he ') + 1, end: c08.indexOf(' he ') + 3 });
    expect(d!.data).toMatchObject({ noun: 'solicitor', nounSpan: { start: c08.indexOf('solicitor'), end: c08.indexOf('solicitor') + 'solicitor'.length } });
    // No BLS row (a U.S. survey): the message gives no share, and the data no BLS keys.
    expect(d!.message).toBe('"he" makes the solicitor male by default; use "they" or both forms.');
    expect(d!.data).not.toHaveProperty('pctWomen');
    expect(d!.data).not.toHaveProperty('blsOccupation');
    const miss = 'Explain that the solicitor handling the case will reply once he has reviewed the documents.';
    expect(run(miss).map((x) => [miss.slice(x.span.start, x.span.end), x.data.noun])).toEqual([['he', 'solicitor']]);
  });

  it('takes the other nouns as occupations (or "carer" as a role), without a BLS share unless a British spelling of a mapped noun', () => {
    const cases: [string, string, string][] = [
      ['Tell the client that the barrister will contact them after she has read the brief.', 'she', 'barrister'],
      ['If the symptoms continue, the GP will check his notes.', 'his', 'GP'],
      ['Write to parents that the headteacher will meet them once she is back.', 'she', 'headteacher'],
      ['Tell the caller that the registrar will confirm the date after he has checked the register.', 'he', 'registrar'],
      ['Tell the patient that the consultant will review the scan when he is back on the ward.', 'he', 'consultant'],
      ['Reassure the caller that the midwife will phone back when she finishes.', 'she', 'midwife'],
      ['Reply that the councillor will raise it when he attends the meeting.', 'he', 'councillor'],
      ['Reply that the councilor will raise it when he attends the meeting.', 'he', 'councilor'],
      ['Explain that the MP will respond once he has read the letter.', 'he', 'MP'],
      ['Tell the witness that the constable will take a statement when he arrives.', 'he', 'constable'],
      ['Tell the student that the lecturer will post the slides after she has marked.', 'she', 'lecturer'],
      ['Explain that the magistrate will decide after he has heard both sides.', 'he', 'magistrate'],
      ['Say that the physiotherapist will review the exercises once she has seen the patient.', 'she', 'physiotherapist'],
      ['Tell the customer that the adviser will call once he has checked the account.', 'he', 'adviser'],
      ['Remind the family that the carer will arrive at 9am and that she will help with breakfast.', 'she', 'carer'],
    ];
    for (const [text, pronoun, noun] of cases) {
      const ds = run(text);
      expect(ds.map((x) => [text.slice(x.span.start, x.span.end), x.data.noun]), text).toEqual([[pronoun, noun]]);
      expect(ds[0]!.data, text).not.toHaveProperty('pctWomen');
    }
    // British spellings of nouns BLS rows are mapped for share those rows.
    const [c] = run('Tell the student that the counsellor will call back when she is free.');
    expect(c!.data).toMatchObject({ noun: 'counsellor', blsOccupation: 'Counselors, all other', pctWomen: 74.5 });
    const [l] = run('Remind the team that each labourer must wear his helmet.');
    expect(l!.data).toMatchObject({ noun: 'labourer', blsOccupation: 'Construction laborers', pctWomen: 4.7 });
  });

  it('reports none of them with "they", or with a named person of a stated gender', () => {
    for (const text of [
      'Explain that the solicitor handling the case will reply once they have reviewed the documents.',
      'The GP will call the patient when they are free. The headteacher, the registrar and the consultant will confirm in writing.',
      'Ask the councillor, the MP or the constable to reply when they can. The midwife said they would phone back.',
      'Our solicitor, Mr Patel, will reply once he has reviewed the documents.',
      'Dr Sarah Jones is the GP; she will call back after lunch.',
      'Ms Okafor, the headteacher, says she will attend.',
      'Priya is the midwife on duty today and she will see you at 10am. James is our barrister and he will meet you at court.',
      'Mr Brown, the councillor for Ward 3, said he would attend. Mrs Green, the lecturer, said she was busy.',
      'Convert the recording to MP3 and send it to him. The 12 MP camera and the GP2 engine are in stock.',
    ]) {
      expect(run(text), text).toEqual([]);
    }
  });
});

describe('gendered-pronoun-default: unmarked counterparts of gender-marked role nouns (s24 hunt23 p41)', () => {
  const found = (text: string) => run(text).map((d) => [d.ruleId, text.slice(d.span.start, d.span.end), d.span.start, d.data.noun, d.data.nounSpan]);

  it('reports "each waiter … he": waiter (waitress\'s counterpart, no gender mark of its own) is a generic role noun, not a man', () => {
    const text = 'Each waiter must record the table number before he sends the order to the kitchen.';
    expect(found(text)).toEqual([[ID, 'he', text.indexOf(' he ') + 1, 'waiter', { start: 5, end: 11 }]]);
    const [d] = run(text);
    expect(d!.message).toBe('"he" makes the waiter male by default; use "they" or both forms.');
    // The same for actor (actress), steward (stewardess) and landlord (landlady), and for a female default.
    for (const [noun, pronoun] of [['actor', 'his'], ['steward', 'he'], ['landlord', 'he'], ['waiter', 'she']] as const) {
      const s = `Before the show, the ${noun} checks that ${pronoun} has the list.`;
      expect(found(s), s).toEqual([[ID, pronoun, s.indexOf(` ${pronoun} `) + 1, noun, { start: s.indexOf(noun), end: s.indexOf(noun) + noun.length }]]);
    }
  });

  it('still reads gender-marked nouns and people as referents, and plurals as no default', () => {
    // A gender-marked noun is its own referent (gendered-term reports it instead).
    expect(run('Each waitress must record the table number before she sends the order.')).toEqual([]);
    expect(run('Each chairman must sign the minutes before he leaves.')).toEqual([]);
    // A plural is no generic singular noun.
    expect(run('The waiters must record the table number before he sends the order.')).toEqual([]);
    // A named waiter is a person.
    expect(run('Marco is a waiter; before he sends the order he records the table.')).toEqual([]);
  });
});

describe('gendered-pronoun-default: "sales rep" and the other short forms of representative (s26 hunt b17)', () => {
  it('reads "sales rep", "support rep" and "customer service rep" as roles a pronoun defaults', () => {
    for (const role of ['sales rep', 'support rep', 'customer service rep']) {
      const text = `You help the sales team. When a ${role} asks for a quote, he should get the price list first.\n`;
      const ds = run(text);
      expect(ds.map((d) => text.slice(d.span.start, d.span.end)), role).toEqual(['he']);
      expect(ds[0]!.data, role).toMatchObject({ noun: role, pronoun: 'he' });
    }
  });

  it('leaves "rep" alone and a named rep\'s own pronoun', () => {
    expect(run('Describe the set. After each rep, he should rest ten seconds.\n')).toEqual([]);
    expect(run('Maria Lopez is our sales rep for the north region; she handles renewals.\n')).toEqual([]);
  });
});

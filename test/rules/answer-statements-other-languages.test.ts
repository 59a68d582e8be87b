// s25 multilingual: BBH-style demos in French, Spanish, German, Italian, Portuguese and Dutch close with
// "La réponse est (C)." and the like; they were read as having no gold, so an all-(C) set was not tested.
import { describe, expect, it } from 'vitest';
import rule from '../../server/src/rules/answer-position-skew';
import mismatch from '../../server/src/rules/rationale-answer-mismatch';
import { analyseOutput, conclusionOf } from '../../server/src/parse/exemplars';
import { Segment } from '../../server/src/model/segment';
import { applyFix, diagnosticsOf, spanText } from './helpers';

const LETTERS = 'ABCD';

/** Demos with three options, a reasoning line and `statement(letter)` at its end, then the query. */
function demos(golds: number[], statement: (letter: string) => string): string {
  const blocks = golds.map((g, i) =>
    [`Q: Frage ${i + 1}?`, 'Options :', ...[0, 1, 2].map((j) => `(${LETTERS[j]}) choix ${i}-${j}`), `A: Raisonnons étape par étape. choix ${i}-${g}. ${statement(LETTERS[g]!)}`].join('\n'),
  );
  return [...blocks, 'Q: {{question}}\nA:'].join('\n\n');
}

describe('answer statements in other languages, with the letter in parentheses (s25 multilingual)', () => {
  const statements: [string, (l: string) => string][] = [
    ['French', (l) => `La réponse est (${l}).`],
    ['French, "bonne"', (l) => `Donc la bonne réponse est (${l}).`],
    ['Spanish', (l) => `Por lo tanto, la respuesta es (${l}).`],
    ['Spanish, "correcta"', (l) => `La respuesta correcta es (${l}).`],
    ['German', (l) => `Die Antwort ist (${l}).`],
    ['German, "richtige"', (l) => `Also ist die richtige Antwort (${l}).`],
    ['German, "lautet"', (l) => `Die Antwort lautet (${l}).`],
    ['Italian', (l) => `Quindi la risposta è (${l}).`],
    ['Portuguese', (l) => `Portanto, a resposta correta é (${l}).`],
    ['Dutch', (l) => `Het antwoord is (${l}).`],
  ];

  for (const [language, statement] of statements) {
    it(`reads ${language} ("${statement('C')}") as the gold: an all-(C) set is reported on the first statement`, () => {
      const text = demos([2, 2, 2, 2], statement);
      const ds = diagnosticsOf(rule, { text });
      expect(ds).toHaveLength(1);
      expect(ds[0]!.data).toMatchObject({ letter: 'C', count: 4, n: 4 });
      const first = statement('C').replace(/\.$/, '');
      const at = text.indexOf(first);
      // The statement from its article (or "ist") to the ")", as "So the answer is (C)" is reported.
      const from = text.toLowerCase().indexOf(/(la|die|a|het|ist die) (bonne |richtige |)?(réponse|respuesta|antwort|risposta|resposta|antwoord)/i.exec(first)![0].toLowerCase(), at);
      expect(ds[0]!.span).toEqual({ start: from, end: at + first.length });
      // The fix rewrites the letters inside the statements, and the result re-lints clean.
      expect(diagnosticsOf(rule, { text: applyFix(text, ds[0]!) })).toEqual([]);
    });
  }

  it('gives nothing for a balanced set', () => {
    expect(diagnosticsOf(rule, { text: demos([2, 0, 1, 2, 0, 1], (l) => `La réponse est (${l}).`) })).toEqual([]);
  });

  it('reads no gold from a bare letter, a negation or other words ("La réponse est C", "n\'est pas (C)", "ma réponse")', () => {
    for (const s of [(l: string) => `La réponse est ${l}.`, (l: string) => `La réponse n'est pas (${l}).`, (l: string) => `Je pense que (${l}).`, (l: string) => `Die Antwort wäre (${l}).`]) {
      expect(diagnosticsOf(rule, { text: demos([2, 2, 2, 2], s) })).toEqual([]);
    }
  });

  it('reads the English statement when a text has both, wherever it is', () => {
    const a = analyseOutput(new Segment('La réponse est (B). So the answer is (C).', 0), []);
    expect(a.answer?.letter).toBe('C');
    const b = analyseOutput(new Segment('So the answer is (C). La réponse est (B).', 0), []);
    expect(b.answer?.letter).toBe('C');
  });

  it('is a rationale\'s conclusion too: rationale-answer-mismatch compares it with the gold', () => {
    const k = conclusionOf(new Segment('Le bleu est au milieu. La réponse est (C).', 0), []);
    expect(k?.letter).toBe('C');
    const text = [
      'Q: Quel livre est au milieu ?',
      '(A) rouge',
      '(B) vert',
      '(C) bleu',
      'Reasoning: Le vert est à gauche du bleu, donc le bleu est au milieu. La réponse est (C).',
      'Answer: (B)',
      '',
      'Q: {{question}}',
      'Reasoning:',
    ].join('\n');
    const ds = diagnosticsOf(mismatch, { text });
    expect(ds).toHaveLength(1);
    expect(spanText(text, ds[0]!)).toContain('(C)');
  });
});

describe('field labels with accented letters ("Réponse :", "Énoncé:")', () => {
  const QS = ['Quelle planète est rouge ?', 'Quel gaz les plantes absorbent-elles ?', 'Combien font 2+2 ?', 'Quel est le plus grand océan ?'];
  /** French demos: `Question :` / `(A) …` / `${answer} (X)`, the query last. */
  const french = (answer: string, golds: string) =>
    QS.map((q, i) => `Question : ${q}\n(A) choix ${i}-1\n(B) choix ${i}-2\n(C) choix ${i}-3\n${i % 2 ? answer.toUpperCase() : answer} (${golds[i]})`).join('\n\n') + '\n\nQuestion : {{question}}\nRéponse :\n';

  it('reads "Réponse :" (and "RÉPONSE :", the same label in capitals) as the answer field: an all-(A) set is reported', () => {
    for (const answer of ['Réponse :', 'Réponse:', 'Énoncé de la réponse :']) {
      const text = french(answer, 'AAAA');
      const ds = diagnosticsOf(rule, { text });
      expect(ds, answer).toHaveLength(1);
      expect(ds[0]!.data, answer).toMatchObject({ letter: 'A', count: 4, n: 4 });
      // On the first demo's answer, "(A)".
      expect(spanText(text, ds[0]!), answer).toBe('(A)');
      expect(ds[0]!.span.start, answer).toBe(text.indexOf('(A)\n\nQuestion'));
    }
  });

  it('gives nothing for a balanced French set', () => {
    expect(diagnosticsOf(rule, { text: french('Réponse :', 'ABCA') })).toEqual([]);
  });
});

describe('numbered question labels in other languages ("Pregunta 1:" / "Respuesta: A")', () => {
  const QS = ['¿Cuál es la capital de Francia?', '¿Qué gas absorben las plantas?', '¿Cuánto es 2+2?', '¿Cuál es el océano más grande?'];
  const spanish = (word: string, golds: string) =>
    QS.map((q, i) => `${word} ${i + 1}: ${q}\nA. opción ${i}-1\nB. opción ${i}-2\nC. opción ${i}-3\nRespuesta: ${golds[i]}`).join('\n\n') + `\n\n${word} 5: {{pregunta}}\nRespuesta:\n`;

  it('reads each demo: an all-A set is reported on the first gold', () => {
    for (const word of ['Pregunta', 'Pergunta', 'Frage', 'Domanda', 'Vraag']) {
      const text = spanish(word, 'AAAA');
      const ds = diagnosticsOf(rule, { text });
      expect(ds, word).toHaveLength(1);
      expect(ds[0]!.data, word).toMatchObject({ letter: 'A', count: 4, n: 4 });
      expect(ds[0]!.span.start, word).toBe(text.indexOf('Respuesta: A') + 'Respuesta: '.length);
    }
  });

  it('gives nothing for a balanced set', () => {
    expect(diagnosticsOf(rule, { text: spanish('Pregunta', 'ABCB') })).toEqual([]);
  });
});

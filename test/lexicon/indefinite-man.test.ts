import { describe, expect, it } from 'vitest';
import { TextLexicon } from '../../server/src/lexicon/lexicon.js';

/** Where the text's mentions of the male person noun "man" start. */
const men = (text: string) => new TextLexicon(text).mentions.filter((m) => m.tags.personNoun && m.tags.gender === 'male').map((m) => m.start);

describe('the indefinite pronoun "man" of German and the Scandinavian languages (s25 multilingual)', () => {
  it('is no man next to a German or Scandinavian word (one or two words away, either side)', () => {
    expect(men('Wie kann man das Passwort zurücksetzen?')).toEqual([]);
    expect(men('Man bekommt keine Bestätigungsmail.')).toEqual([]);
    expect(men('Wo findet man die Rechnung?')).toEqual([]);
    expect(men('Dinge, die man kaufen kann')).toEqual([]);
    expect(men('Hur kan man byta lösenord?')).toEqual([]);
    expect(men('Hvor finder man fakturaen?')).toEqual([]);
  });

  it('is a man in English, and after an article or a determiner (perhaps and an adjective) in Dutch or Swedish', () => {
    expect(men('The man at the desk can help.')).toEqual([4]);
    expect(men('Will man ever walk on Mars?')).toEqual([5]);
    expect(men('He was an MIT man through and through.')).toEqual([14]);
    expect(men('We watched the man die.')).toEqual([15]);
    expect(men('De man kan niet inloggen.')).toEqual([3]);
    expect(men('Een oude man kan de factuur niet vinden.')).toEqual([9]);
    expect(men('En man kan inte logga in.')).toEqual([3]);
    expect(men('Varje man får en kod.')).toEqual([6]);
  });

  it('reads only the words joined to it on its line: punctuation or a line break between is no context', () => {
    expect(men('Ask the man.\nKann ich helfen?')).toEqual([8]);
    expect(men('Thanks, man. Kann ich helfen?')).toEqual([8]);
  });
});

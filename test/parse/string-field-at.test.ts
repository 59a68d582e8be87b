import { describe, expect, it } from 'vitest';
import { StringFieldsAt } from '../../server/src/parse/string-field-at.js';

/** The key of the field whose string value holds the first `word` in `text`, and its object's keys. */
const fieldAt = (text: string, format: 'yaml' | 'json' | 'jsonl', word: string) => {
  const f = StringFieldsAt.of({ text, format })!.at(text.indexOf(word));
  return f && { key: f.prop.key, value: f.value.seg.text, keys: f.object.props.map((p) => p.key) };
};

describe('StringFieldsAt: the object around a string value, from the structured tree', () => {
  it('finds the innermost object in YAML (block and flow) and JSON', () => {
    const yaml = 'cast:\n  - name: Old Tam\n    occupation: >-\n      retired\n      fisherman\n  - {name: Nell, job: policewoman}\n';
    expect(fieldAt(yaml, 'yaml', 'fisherman')).toEqual({ key: 'occupation', value: 'retired fisherman', keys: ['name', 'occupation'] });
    expect(fieldAt(yaml, 'yaml', 'policewoman')).toEqual({ key: 'job', value: 'policewoman', keys: ['name', 'job'] });
    const json = '{"a": {"b": "x \\" y: {", "c": ["q", {"d": "deep"}]}, "e": "top"}';
    expect(fieldAt(json, 'json', 'deep')).toEqual({ key: 'd', value: 'deep', keys: ['d'] });
    expect(fieldAt(json, 'json', 'top')).toEqual({ key: 'e', value: 'top', keys: ['a', 'e'] });
    expect(fieldAt(json, 'json', 'y:')?.value).toBe('x " y: {');
    // A key, and an array item, are no field's string value.
    expect(fieldAt(json, 'json', '"c"')).toBeUndefined();
    expect(fieldAt(json, 'json', 'q')).toBeUndefined();
  });

  it('reads one JSONL line at a time, and none of an invalid line', () => {
    const jsonl = '\ufeff{"name": "A", "job": "one"}\r\n{"name": "B", "job": "two"}\n{"name": "C", "job": "three"\n';
    const at = StringFieldsAt.of({ text: jsonl, format: 'jsonl' })!;
    expect(at.at(jsonl.indexOf('one'))?.object.props.map((p) => p.key)).toEqual(['name', 'job']);
    expect(at.at(jsonl.indexOf('two'))?.prop.key).toBe('job');
    expect(at.at(jsonl.indexOf('three'))).toBeUndefined();
    expect(StringFieldsAt.of({ text: 'job: one', format: 'text' })).toBeUndefined();
  });
});

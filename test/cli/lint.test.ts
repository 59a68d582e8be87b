import * as fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, lspPosition, makeProject, removeProjects, runCli } from './helpers.js';

beforeAll(ensureBuilt, 180_000);
afterAll(removeProjects);

// Findings used below (real engine output):
//  - a malformed JSONL line: `parse-error`, severity error;
//  - "chairman" in a prompt: `gendered-term`, severity warning, fixable to "chair".
const MALFORMED_JSONL = '{"input": "2+2?", "output": "4"}\n{"input": "broken\n{"input": "3+3?", "output": "6"}\n';
const CHAIRMAN = 'Summarise the report for the chairman.\n';
const CLEAN = 'Q: What is 2 + 2?\nA: 4\n\nQ: What is the capital of France?\nA: Paris\n';

interface JsonOut {
  version: number;
  files: {
    path: string;
    format: string | null;
    diagnostics: {
      ruleId: string;
      severity: string;
      message: string;
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      data: Record<string, unknown>;
    }[];
  }[];
}

function lintJson(cwd: string, args: string[] = [], timeout?: number): { code: number | null; out: JsonOut; stderr: string } {
  const r = runCli(['lint', '--format', 'json', ...args], { cwd, timeout });
  let out: JsonOut;
  try {
    out = JSON.parse(r.stdout);
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return { code: r.code, out, stderr: r.stderr };
}

describe('exit codes', () => {
  it('0 for clean files, with no output', () => {
    const dir = makeProject({ 'clean.prompt': CLEAN });
    const r = runCli(['lint'], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('1 for findings at error severity', () => {
    const dir = makeProject({ 'data.jsonl': MALFORMED_JSONL, 'clean.prompt': CLEAN });
    const r = runCli(['lint'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('parse-error');
  });

  it('0 for warnings only, 1 past --max-warnings', () => {
    const dir = makeProject({ 'chair.prompt': CHAIRMAN });
    expect(runCli(['lint'], { cwd: dir }).code).toBe(0);
    expect(runCli(['lint', '--max-warnings', '1'], { cwd: dir }).code).toBe(0);
    const over = runCli(['lint', '--max-warnings', '0'], { cwd: dir });
    expect(over.code).toBe(1);
    expect(over.stdout).toContain('Bias Lens found too many warnings (maximum: 0).');
    const json = runCli(['lint', '--max-warnings', '0', '--format', 'json'], { cwd: dir });
    expect(json.code).toBe(1);
    expect(json.stderr).toContain('too many warnings (1; maximum: 0)');
    // -1 is no limit, written with "=" or as the next argument.
    for (const args of [['--max-warnings=-1'], ['--max-warnings', '-1']]) expect(runCli(['lint', ...args], { cwd: dir }).code).toBe(0);
    const below = runCli(['lint', '--max-warnings', '-2'], { cwd: dir });
    expect(below.code).toBe(2);
    expect(below.stderr).toContain('--max-warnings needs a whole number: 0 or more, or -1 for no limit (got "-2").');
  });

  it('2 for an empty --config or an empty path, which name no file', () => {
    const dir = makeProject({ 'chair.prompt': CHAIRMAN });
    for (const args of [['--config='], ['--config', '']]) {
      const r = runCli(['lint', ...args], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--config needs a file name.');
    }
    const empty = runCli(['lint', ''], { cwd: dir });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('An empty path names no file');
  });

  it('2 for usage errors', () => {
    const dir = makeProject();
    for (const args of [['lint', '--bogus'], ['lint', '--format', 'xml'], ['lint', '--max-warnings', 'many'], ['frobnicate'], []]) {
      const r = runCli(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/biaslens|Usage/);
      expect(r.stdout).toBe('');
    }
    expect(runCli(['lint', '--bogus'], { cwd: dir }).stderr).toContain("Run 'biaslens lint --help' for usage.");
  });

  it('2 for an invalid config, naming file:line:col and the key path; nothing is linted', () => {
    const dir = makeProject(
      { 'data.jsonl': MALFORMED_JSONL },
      '{\n  "root": true,\n  "maxFileSize": "big",\n  "rules": { "parse-eror": "off" }\n}\n',
    );
    const r = runCli(['lint'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('.biaslens.json:3:18: maxFileSize: ');
    expect(r.stderr).toContain('.biaslens.json:4:14: rules.parse-eror: Unknown rule "parse-eror". Did you mean "parse-error"?');
    expect(r.stderr).toContain('invalid configuration (2 errors); nothing was linted.');
  });

  it('2 for an invalid config even when the walk finds no file', () => {
    const dir = makeProject({ '.biaslens.yaml': 'root: true\ninclude: [unclosed\n' }, null);
    const r = runCli(['lint'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^\.biaslens\.yaml:\d+:\d+: YAML syntax error: /m);
  });

  it('2 for Object.prototype names as rule ids in a config, "__proto__" too (JSON and YAML)', () => {
    const json = makeProject({ 'x.prompt': CHAIRMAN }, '{\n  "root": true,\n  "rules": { "__proto__": "off", "toString": ["off"] }\n}\n');
    const r = runCli(['lint'], { cwd: json });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      '.biaslens.json:3:14: rules.__proto__: Unknown rule "__proto__".',
      '.biaslens.json:3:34: rules.toString: Unknown rule "toString".',
      'biaslens: invalid configuration (2 errors); nothing was linted.',
      '',
    ]);
    const yaml = makeProject({ 'x.prompt': CHAIRMAN, '.biaslens.yaml': 'root: true\nrules:\n  __proto__:\n    gendered-term: off\n' }, null);
    const y = runCli(['lint'], { cwd: yaml });
    expect(y.code).toBe(2);
    expect(y.stderr).toContain('.biaslens.yaml:3:3: rules.__proto__: Unknown rule "__proto__".\n');
  });

  it('2 for a YAML config with a bad rule option, at the option', () => {
    const dir = makeProject({ 'x.prompt': CLEAN, '.biaslens.yaml': 'root: true\nrules:\n  gendered-term: [warning, { allow: 12 }]\n' }, null);
    const r = runCli(['lint'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^\.biaslens\.yaml:3:37: rules\.gendered-term\[1\]\.allow: Invalid option allow for rule "gendered-term"/m);
  });

  it('2 for a missing file, after linting the other files', () => {
    const dir = makeProject({ 'data.jsonl': MALFORMED_JSONL });
    const { code, out, stderr } = lintJson(dir, ['missing.prompt', 'data.jsonl']);
    expect(code).toBe(2);
    expect(out.files.map((f) => f.path)).toEqual(['data.jsonl', 'missing.prompt']);
    expect(out.files[0]!.diagnostics.map((d) => d.ruleId)).toEqual(['parse-error']);
    const missing = out.files[1]!;
    expect(missing.format).toBeNull();
    expect(missing.diagnostics).toHaveLength(1);
    expect(missing.diagnostics[0]).toMatchObject({ ruleId: 'file-error', severity: 'error', data: { ioError: 'ENOENT' } });
    expect(missing.diagnostics[0]!.message).toBe('Cannot read file: no such file or directory (ENOENT).');
    expect(stderr).toContain('missing.prompt: no such file or directory (ENOENT)');
  });

  it('2 for a glob that matches nothing', () => {
    const dir = makeProject({ 'clean.prompt': CLEAN });
    const r = runCli(['lint', 'nothing/**/*.prompt'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no files match the pattern "nothing/**/*.prompt"');
  });

  it('a binary file is a per-file error; the others are still linted', () => {
    const dir = makeProject({ 'bin.prompt': Buffer.from([0x51, 0x3a, 0x00, 0x01, 0x02]), 'data.jsonl': MALFORMED_JSONL, 'chair.prompt': CHAIRMAN });
    const { code, out } = lintJson(dir);
    expect(code).toBe(1);
    const bin = out.files.find((f) => f.path === 'bin.prompt')!;
    expect(bin.diagnostics).toEqual([
      {
        ruleId: 'file-error',
        severity: 'error',
        message: 'File looks binary (it contains NUL bytes); it was not linted.',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        data: { binary: true },
      },
    ]);
    expect(out.files.find((f) => f.path === 'chair.prompt')!.diagnostics.map((d) => d.ruleId)).toEqual(['gendered-term']);
    expect(out.files.find((f) => f.path === 'data.jsonl')!.diagnostics.map((d) => d.ruleId)).toEqual(['parse-error']);
  });

  it('a file over maxFileSize is refused without being linted', () => {
    const big = CHAIRMAN.repeat(50); // 1950 bytes
    const dir = makeProject({ 'big.prompt': big, 'chair.prompt': CHAIRMAN }, '{ "root": true, "maxFileSize": 1000 }');
    const { code, out } = lintJson(dir);
    expect(code).toBe(1);
    const refused = out.files.find((f) => f.path === 'big.prompt')!;
    expect(refused.format).toBeNull();
    expect(refused.diagnostics).toHaveLength(1);
    expect(refused.diagnostics[0]).toMatchObject({ ruleId: 'file-error', severity: 'error', data: { size: big.length, limit: 1000 } });
    expect(refused.diagnostics[0]!.message).toMatch(/too large to lint \(1\.9 KiB; the limit is 1000 B/);
    expect(out.files.find((f) => f.path === 'chair.prompt')!.diagnostics).toHaveLength(1);
  });

  it('a UTF-16 file (as Windows PowerShell writes) is linted like its UTF-8 twin', () => {
    const dir = makeProject({ 'utf8.prompt': 'Hello.\n' + CHAIRMAN, 'utf16.prompt': Buffer.from('\ufeffHello.\n' + CHAIRMAN, 'utf16le') });
    const { code, out } = lintJson(dir);
    expect(code).toBe(0);
    const [utf16, utf8] = ['utf16.prompt', 'utf8.prompt'].map((p) => out.files.find((f) => f.path === p)!);
    expect(utf16!.diagnostics).toEqual(utf8!.diagnostics);
    expect(utf16!.diagnostics.map((d) => d.ruleId)).toEqual(['gendered-term']);
  });

  it('invalid UTF-8 is a per-file error at the bad byte', () => {
    const dir = makeProject({ 'bad.prompt': Buffer.concat([Buffer.from('Q: fine\nA: caf'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]) });
    const { code, out } = lintJson(dir);
    expect(code).toBe(1);
    const d = out.files[0]!.diagnostics[0]!;
    expect(d.ruleId).toBe('file-error');
    expect(d.range.start).toEqual({ line: 1, character: 6 });
    expect(d.message).toContain('not valid UTF-8 (invalid byte 0xc3 at line 2, column 7)');
  });
});

describe('--format json', () => {
  it('has exactly the documented shape, 0-based ranges and cwd-relative forward-slash paths', () => {
    const dir = makeProject({ 'prompts/team/chair.prompt': 'Hello.\n' + CHAIRMAN, 'prompts/data.jsonl': MALFORMED_JSONL, 'clean.prompt': CLEAN });
    const { code, out } = lintJson(dir);
    expect(code).toBe(1);
    expect(Object.keys(out)).toEqual(['version', 'files']);
    expect(out.version).toBe(1);
    expect(out.files.map((f) => [f.path, f.format])).toEqual([
      ['clean.prompt', 'text'],
      ['prompts/data.jsonl', 'jsonl'],
      ['prompts/team/chair.prompt', 'text'],
    ]);
    for (const f of out.files) {
      expect(Object.keys(f)).toEqual(['path', 'format', 'diagnostics']);
      for (const d of f.diagnostics) {
        expect(Object.keys(d)).toEqual(['ruleId', 'severity', 'message', 'range', 'data']);
        expect(['error', 'warning', 'info', 'hint']).toContain(d.severity);
        expect(Object.keys(d.range)).toEqual(['start', 'end']);
        expect(Object.keys(d.range.start)).toEqual(['line', 'character']);
      }
    }
    const chair = out.files[2]!.diagnostics[0]!;
    expect(chair.ruleId).toBe('gendered-term');
    expect(chair.range).toEqual({ start: { line: 1, character: 29 }, end: { line: 1, character: 37 } });
    expect(chair.data).toMatchObject({ term: 'chairman', alternative: 'chair' });
    const parse = out.files[1]!.diagnostics[0]!;
    expect(parse).toMatchObject({ ruleId: 'parse-error', severity: 'error' });
    expect(parse.range.start.line).toBe(1); // the second line of the file
  });

  it('reports paths relative to the working folder when run from a subfolder', () => {
    const dir = makeProject({ 'sub/chair.prompt': CHAIRMAN, 'other/x.prompt': CHAIRMAN });
    const { out } = lintJson(path.join(dir, 'sub'), ['.', '../other/x.prompt']);
    expect(out.files.map((f) => f.path)).toEqual(['../other/x.prompt', 'chair.prompt']);
  });

  it('writes all of a large output to a pipe before the process exits', () => {
    // The bin ends the process explicitly once the command is done (server/src/cli.ts): output far
    // larger than a pipe's buffer (64 KiB on Linux) must still arrive whole, with the right exit code.
    const lines = 2000;
    const dir = makeProject({ 'chair.prompt': CHAIRMAN.repeat(lines) });
    const { code, out, stderr } = lintJson(dir);
    expect(stderr).toBe('');
    expect(code).toBe(0); // warnings only
    expect(out.files).toHaveLength(1);
    const found = out.files[0]!.diagnostics.filter((d) => d.ruleId === 'gendered-term');
    expect(found).toHaveLength(lines);
    expect(found[lines - 1]!.range.start.line).toBe(lines - 1);
  });
});

describe('--format text', () => {
  it('groups by file with 1-based line:col, severity, message, rule id and a summary', () => {
    const dir = makeProject({ 'a/chair.prompt': 'Hello.\n' + CHAIRMAN, 'data.jsonl': MALFORMED_JSONL });
    const r = runCli(['lint'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    const lines = r.stdout.split('\n');
    const fileLine = lines.indexOf('a/chair.prompt');
    expect(fileLine).toBeGreaterThanOrEqual(0);
    expect(lines[fileLine + 1]).toMatch(/^ {2}2:30 {2}warning {2}"chairman" is a gender-marked role noun; consider "chair". {2}gendered-term$/);
    expect(lines).toContain('data.jsonl');
    expect(r.stdout).toMatch(/^ {2}2:\d+ {2}error {2}.+ {2}parse-error$/m);
    expect(r.stdout).toContain('\u2716 2 problems (1 error, 1 warning)');
    expect(r.stdout).toContain('1 problem potentially fixable with the `--fix` option.');
  });

  it('colours only when asked: FORCE_COLOR on, NO_COLOR and --no-color off', () => {
    const dir = makeProject({ 'chair.prompt': CHAIRMAN });
    expect(runCli(['lint'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout).toMatch(/\u001b\[33mwarning/);
    expect(runCli(['lint'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toMatch(/\u001b\[/);
    expect(runCli(['lint', '--no-color'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout).not.toMatch(/\u001b\[/);
  });

  it('--quiet reports errors only', () => {
    const dir = makeProject({ 'chair.prompt': CHAIRMAN, 'data.jsonl': MALFORMED_JSONL });
    const r = runCli(['lint', '--quiet', '--max-warnings', '0'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('gendered-term');
    expect(r.stdout).toContain('1 problem (1 error, 0 warnings)');
  });
});

describe('--fix', () => {
  it('rewrites the file atomically, keeps its mode and BOM, and reports what remains', () => {
    const dir = makeProject({ 'chair.prompt': '\ufeff' + CHAIRMAN + 'Ask the chairman twice.\n', 'data.jsonl': MALFORMED_JSONL });
    const file = path.join(dir, 'chair.prompt');
    fs.chmodSync(file, 0o640);
    const inodeBefore = fs.statSync(file).ino;
    const { code, out } = lintJson(dir, ['--fix']);
    expect(code).toBe(1); // the JSONL parse error remains
    expect(fs.readFileSync(file, 'utf8')).toBe('\ufeffSummarise the report for the chair.\nAsk the chair twice.\n');
    const st = fs.statSync(file);
    expect(st.mode & 0o777).toBe(0o640);
    expect(st.ino).not.toBe(inodeBefore); // replaced by rename, not written in place
    expect(fs.readdirSync(dir).sort()).toEqual(['.biaslens.json', 'chair.prompt', 'data.jsonl']); // no temp files left
    expect(out.files.find((f) => f.path === 'chair.prompt')!.diagnostics).toEqual([]);
    expect(out.files.find((f) => f.path === 'data.jsonl')!.diagnostics.map((d) => d.ruleId)).toEqual(['parse-error']);
    expect(fs.readFileSync(path.join(dir, 'data.jsonl'), 'utf8')).toBe(MALFORMED_JSONL);
  });

  it('writes a UTF-16 file back in its encoding, with its byte order mark', () => {
    const utf16be = (text: string) => Buffer.from(Buffer.from('\ufeff' + text, 'utf16le')).swap16();
    const dir = makeProject({ 'chair.prompt': utf16be('Hello.\n' + CHAIRMAN) });
    const before = lintJson(dir);
    expect(before.out.files[0]!.diagnostics.map((d) => [d.ruleId, d.range.start])).toEqual([['gendered-term', { line: 1, character: 29 }]]);
    expect(lintJson(dir, ['--fix']).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'chair.prompt'))).toEqual(utf16be('Hello.\nSummarise the report for the chair.\n'));
  });

  it('keeps lone CR line breaks (classic Mac OS), and reports their lines as LSP counts them', () => {
    const text = 'Hello.\rSummarise the report for the chairman.\r\nAsk the chairman.\r';
    const dir = makeProject({ 'chair.prompt': text });
    const before = lintJson(dir);
    expect(before.out.files[0]!.diagnostics.map((d) => [d.ruleId, d.range])).toEqual([
      ['gendered-term', { start: { line: 1, character: 29 }, end: { line: 1, character: 37 } }],
      ['gendered-term', { start: { line: 2, character: 8 }, end: { line: 2, character: 16 } }],
    ]);
    const sarif = JSON.parse(runCli(['lint', '--format', 'sarif'], { cwd: dir }).stdout);
    expect(sarif.runs[0].results.map((r: { locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }) => r.locations[0]!.physicalLocation.region)).toMatchObject([
      { startLine: 2, startColumn: 30 },
      { startLine: 3, startColumn: 9 },
    ]);
    expect(lintJson(dir, ['--fix']).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'chair.prompt'), 'utf8')).toBe(text.replace(/chairman/g, 'chair'));
  });

  it('says what it fixed in text output, and a second run is clean', () => {
    const dir = makeProject({ 'chair.prompt': CHAIRMAN });
    const r = runCli(['lint', '--fix'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Fixed 1 problem in 1 file.\n');
    expect(runCli(['lint'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('files and config discovery', () => {
  it('walks folders with include/exclude relative to the config file; explicit files are always linted', () => {
    const dir = makeProject(
      {
        'texts/a.txt': CHAIRMAN,
        'texts/skip/b.txt': CHAIRMAN,
        'c.prompt': CHAIRMAN, // not in include
        'node_modules/x/d.txt': CHAIRMAN,
        'sub/texts/e.txt': CHAIRMAN, // include is relative to the root config, so not matched
      },
      '{ "root": true, "include": ["texts/**/*.txt", "sub/**/*.txt"], "exclude": ["texts/skip/**", "**/node_modules/**"] }',
    );
    expect(lintJson(dir).out.files.map((f) => f.path)).toEqual(['sub/texts/e.txt', 'texts/a.txt']);
    // From a subfolder the globs keep their meaning (relative to the config file's folder).
    expect(lintJson(path.join(dir, 'texts')).out.files.map((f) => f.path)).toEqual(['a.txt']);
    // Explicitly named, an excluded file is linted anyway.
    expect(lintJson(dir, ['texts/skip/b.txt']).out.files.map((f) => f.path)).toEqual(['texts/skip/b.txt']);
    // Globs are expanded, and exclude still applies to what they find.
    expect(lintJson(dir, ['**/*.txt']).out.files.map((f) => f.path)).toEqual(['sub/texts/e.txt', 'texts/a.txt']);
  });

  it.skipIf(process.platform === 'win32')('lints a file once when a symlink leads back to its folder', () => {
    const dir = makeProject({ 'a/x.prompt': CHAIRMAN });
    fs.symlinkSync('..', path.join(dir, 'a', 'loop'));
    expect(lintJson(dir).out.files.map((f) => f.path)).toEqual(['a/x.prompt']);
  });

  it('a glob matches files, not folders; a folder named as a path is walked', () => {
    const dir = makeProject({ 'io/a.prompt': CHAIRMAN, 'io/dir.prompt/inner.prompt': CHAIRMAN, 'io/dir.prompt/notes.txt': CHAIRMAN, 'only/dir.prompt/x.prompt': CHAIRMAN });
    expect(lintJson(dir, ['io/*.prompt']).out.files.map((f) => f.path)).toEqual(['io/a.prompt']);
    expect(lintJson(dir, ['io/**/*.prompt']).out.files.map((f) => f.path)).toEqual(['io/a.prompt', 'io/dir.prompt/inner.prompt']);
    expect(lintJson(dir, ['io/dir.prompt']).out.files.map((f) => f.path)).toEqual(['io/dir.prompt/inner.prompt']);
    // A glob that matches only a folder matches no file.
    const r = runCli(['lint', 'only/*.prompt'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('biaslens: no files match the pattern "only/*.prompt".\n');
  });

  it.skipIf(process.platform === 'win32')(
    'a walk lints links to files and skips, never opening, FIFOs, devices, dangling links and link loops; named, each is a file-error',
    () => {
      const dir = makeProject({ 'io/a.prompt': CHAIRMAN, 'real/r.prompt': CHAIRMAN });
      const io = path.join(dir, 'io');
      fs.symlinkSync(path.join('..', 'real', 'r.prompt'), path.join(io, 'link.prompt'));
      execFileSync('mkfifo', [path.join(io, 'fifo.prompt'), path.join(dir, 'real', 'fifo')]);
      fs.symlinkSync(path.join('..', 'real', 'fifo'), path.join(io, 'to-fifo.prompt'));
      fs.symlinkSync('/dev/null', path.join(io, 'null.prompt'));
      fs.symlinkSync('nowhere.prompt', path.join(io, 'dangling.prompt'));
      fs.symlinkSync('loop2.prompt', path.join(io, 'loop1.prompt'));
      fs.symlinkSync('loop1.prompt', path.join(io, 'loop2.prompt'));
      fs.symlinkSync('..', path.join(io, 'up'));
      for (const args of [['io'], ['io/*.prompt']]) {
        const walk = lintJson(dir, args, 20_000);
        expect(walk.code, args[0]).toBe(0);
        expect(walk.stderr).toBe('');
        expect(walk.out.files.map((f) => [f.path, f.diagnostics.map((d) => d.ruleId)])).toEqual([
          ['io/a.prompt', ['gendered-term']],
          ['io/link.prompt', ['gendered-term']],
        ]);
      }
      const special = ['io/dangling.prompt', 'io/fifo.prompt', 'io/loop1.prompt', 'io/null.prompt', 'io/to-fifo.prompt'];
      const named = lintJson(dir, ['io/a.prompt', ...special], 20_000);
      expect(named.code).toBe(2);
      expect(named.out.files.map((f) => [f.path, f.diagnostics.map((d) => (d.ruleId === 'file-error' ? d.message : d.ruleId))])).toEqual([
        ['io/a.prompt', ['gendered-term']],
        ['io/dangling.prompt', ['Cannot read file: no such file or directory (ENOENT).']],
        ['io/fifo.prompt', ['Cannot read file: not a regular file.']],
        ['io/loop1.prompt', ['Cannot read file: too many symbolic links encountered (ELOOP).']],
        ['io/null.prompt', ['Cannot read file: not a regular file.']],
        ['io/to-fifo.prompt', ['Cannot read file: not a regular file.']],
      ]);
    },
  );

  it('merges configs parent to child and stops at root: true', () => {
    const dir = makeProject(
      {
        'top.prompt': CHAIRMAN,
        'quiet/.biaslens.yaml': 'rules:\n  gendered-term: off\n',
        'quiet/q.prompt': CHAIRMAN,
        'fresh/.biaslens.yml': 'root: true\n',
        'fresh/f.prompt': CHAIRMAN,
      },
      '{ "root": true, "rules": { "gendered-term": "error" } }',
    );
    const { code, out } = lintJson(dir);
    expect(code).toBe(1);
    const sev = Object.fromEntries(out.files.map((f) => [f.path, f.diagnostics.map((d) => d.severity)]));
    expect(sev).toEqual({ 'fresh/f.prompt': ['warning'], 'quiet/q.prompt': [], 'top.prompt': ['error'] });
  });

  it('--config uses only the given file', () => {
    const dir = makeProject({ 'top.prompt': CHAIRMAN, 'cfg/strict.yaml': 'rules:\n  gendered-term: error\n' }, '{ "root": true, "rules": { "gendered-term": "off" } }');
    const { code, out } = lintJson(dir, ['--config', 'cfg/strict.yaml', 'top.prompt']);
    expect(code).toBe(1);
    expect(out.files[0]!.diagnostics.map((d) => d.severity)).toEqual(['error']);
    const missing = runCli(['lint', '--config', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json:1:1: Cannot read config file: no such file or directory \(ENOENT\)/);
  });

  it('honours suppression comments', () => {
    const dir = makeProject({
      'a.prompt.md': '<!-- biaslens-disable-next-line gendered-term -- product name -->\nAsk the chairman.\nAsk the chairman.\n',
    });
    const { out } = lintJson(dir);
    expect(out.files[0]!.diagnostics.map((d) => [d.ruleId, d.range.start.line])).toEqual([['gendered-term', 2]]);
  });

  it('with the default include, finds a .csv whose header has an `__expected` column (a promptfoo test file), and no other .csv', () => {
    const tests = 'question,__expected\n' + ['The battery lasts two days.', 'Setup took five minutes.', 'Light and fast.', 'Comfortable all day.', 'Crisp photos.', 'Pairs in seconds.', 'Fits in my pocket.', 'Simple app.', 'Solid case.', 'It stopped charging.'].map((r, i) => `${r},${i < 9 ? 'positive' : 'negative'}`).join('\n') + '\n';
    const files = {
      'evals/promptfooconfig.yaml': 'prompts:\n  - "Classify: {{question}}"\ntests: file://tests.csv\n',
      'evals/tests.csv': tests,
      'data/customers.csv': 'id,name,gender,age\n1,Ann,F,34\n2,Bob,M,45\n',
      'data/train.csv': 'text,label\nGreat.,positive\nBad.,negative\n',
      'data/vars.csv': 'question,expectedAnswer\nWhat is 2+2?,4\n',
      'data/notes.txt': 'question,__expected\n',
      'node_modules/pkg/tests.csv': tests,
    };
    // No config file sets include (a root config with rules only): the promptfoo CSV is found and read as tests.
    const dir = makeProject(files, '{ "root": true, "rules": {} }');
    const { out } = lintJson(dir);
    expect(out.files.map((f) => f.path)).toEqual(['evals/promptfooconfig.yaml', 'evals/tests.csv']);
    const csv = out.files.find((f) => f.path === 'evals/tests.csv')!;
    expect(csv.format).toBe('text');
    expect(csv.diagnostics.map((d) => [d.ruleId, d.message, d.range.start])).toEqual([
      ['label-imbalance', '"positive" is 9 of 10 labels (90%, 50% if balanced; p = 0.021, exact binomial test).', lspPosition(tests, 'positive')],
    ]);
    // An exclude glob still applies.
    const excluded = makeProject(files, '{ "root": true, "exclude": ["evals/*.csv", "**/node_modules/**"] }');
    expect(lintJson(excluded).out.files.map((f) => f.path)).toEqual(['evals/promptfooconfig.yaml']);
    // A config that sets include chooses the files: no .csv unless its globs name it.
    const own = makeProject(files, '{ "root": true, "include": ["**/*.yaml"] }');
    expect(lintJson(own).out.files.map((f) => f.path)).toEqual(['evals/promptfooconfig.yaml']);
    const named = makeProject(files, '{ "root": true, "include": ["**/*.yaml", "data/*.csv"] }');
    expect(lintJson(named).out.files.map((f) => f.path)).toEqual(['data/customers.csv', 'data/train.csv', 'data/vars.csv', 'evals/promptfooconfig.yaml']);
  });

  it('reports "no files" without failing for an empty folder', () => {
    const dir = makeProject({ 'readme.txt': 'not a prompt by the default include' });
    const r = runCli(['lint'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('biaslens: no files to lint.\n');
  });
});

describe('positions', () => {
  it('JSON ranges are 0-based and match the text', () => {
    const text = 'Line one.\n\tThe chairman decides.\n';
    const dir = makeProject({ 'p.prompt': text });
    const d = lintJson(dir).out.files[0]!.diagnostics[0]!;
    expect(d.range.start).toEqual(lspPosition(text, 'chairman'));
    expect(d.range.end).toEqual({ line: 1, character: lspPosition(text, 'chairman').character + 'chairman'.length });
  });
});

describe('few-shot structure rules through the CLI', () => {
  const demo = (q: string, options: string[], why: string) =>
    `Q: ${q}\nAnswer choices:\n${options.map((o, i) => `(${'ABCD'[i]}) ${o}`).join('\n')}\nA: ${why} So the answer is (A).\n`;
  const ALL_A = [
    'Answer each multiple-choice question. Finish with "So the answer is (X)."\n',
    demo('Which of these conducts electricity?', ['Copper wire', 'Rubber band', 'Glass rod', 'Wooden spoon'], 'Copper is a metal.'),
    demo('What gas do plants take in for photosynthesis?', ['Carbon dioxide', 'Oxygen', 'Nitrogen', 'Helium'], 'Plants fix carbon dioxide.'),
    demo('Which planet is closest to the Sun?', ['Mercury', 'Venus', 'Earth', 'Mars'], 'Mercury orbits nearest.'),
    demo('Which unit measures force?', ['Newton', 'Joule', 'Watt', 'Pascal'], 'Force is measured in newtons.'),
    'Q: {{question}}\nAnswer choices:\n{{choices}}\nA:\n',
  ].join('\n');

  it('a prompt whose demos all answer (A) gives answer-position-skew, and --fix rebalances it', () => {
    const dir = makeProject({ 'mcq.prompt': ALL_A });
    const before = lintJson(dir);
    expect(before.code).toBe(1);
    const skew = before.out.files[0]!.diagnostics.filter((d) => d.ruleId === 'answer-position-skew');
    expect(skew).toHaveLength(1);
    expect(skew[0]!.severity).toBe('error');
    expect(skew[0]!.data).toMatchObject({ counts: { A: 4, B: 0, C: 0, D: 0 }, n: 4, letter: 'A', degenerate: true });

    const fixed = lintJson(dir, ['--fix']);
    const after = fs.readFileSync(path.join(dir, 'mcq.prompt'), 'utf8');
    expect(after).not.toBe(ALL_A);
    expect(fixed.out.files[0]!.diagnostics.filter((d) => d.ruleId === 'answer-position-skew')).toEqual([]);
    // Every demo still names its correct option after the rewrite, and the letters now vary.
    const demos = after.split('\n\n').filter((b) => b.startsWith('Q: ') && !b.includes('{{'));
    const correct = ['Copper wire', 'Carbon dioxide', 'Mercury', 'Newton'];
    demos.forEach((block, i) => {
      const letter = /So the answer is \(([A-D])\)\./.exec(block)![1]!;
      expect(block).toContain(`(${letter}) ${correct[i]}\n`);
    });
    expect(new Set(demos.map((b) => /So the answer is \(([A-D])\)/.exec(b)![1])).size).toBeGreaterThan(1);
    expect(runCli(['lint', '--format', 'json'], { cwd: dir }).code).toBe(fixed.code);
  });
});

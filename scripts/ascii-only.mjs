// esbuild escapes non-ASCII characters in strings, templates and identifiers, but leaves
// them in comments and regular-expression literals. A bundle with any non-ASCII
// character must be decoded from UTF-8 into a two-byte string each time it is loaded
// (about 4 ms for the 1.9 MB CLI bundle); a pure-ASCII one is a plain copy into a
// one-byte string, which V8 also scans faster. In a comment an escape is just text, and
// in a regular expression `\uXXXX` matches the same character (a surrogate pair of
// escapes is one code point under the `u` flag), so escaping every non-ASCII UTF-16
// unit keeps the code's meaning. A character right after a backslash would change
// meaning if escaped: that fails the build rather than guess. (Source-map columns
// after an escape on the same line shift by a few characters.)
export function asciiOnly(text, file = 'bundle') {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    let backslashes = 0;
    for (let j = i - 1; j >= 0 && text.charCodeAt(j) === 0x5c; j--) backslashes++;
    if (backslashes % 2 === 1) {
      const line = text.slice(0, i).split('\n').length;
      throw new Error(`${file}:${line}: cannot escape a non-ASCII character that follows a backslash`);
    }
    out += text.slice(last, i) + '\\u' + c.toString(16).padStart(4, '0');
    last = i + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

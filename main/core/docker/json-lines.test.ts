import { describe, expect, it } from 'vitest';
import { JsonLineDecoder } from './json-lines';

describe('JsonLineDecoder', () => {
  it('joins lines split across chunks at any byte, including inside a UTF-8 character', () => {
    const text = '{"a":1}\n{"name":"café ☕"}\n{"b":2}\n';
    const bytes = Buffer.from(text, 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      const d = new JsonLineDecoder();
      const got = [...d.push(bytes.subarray(0, cut)), ...d.push(bytes.subarray(cut)), ...d.end()];
      expect(got).toEqual([{ a: 1 }, { name: 'café ☕' }, { b: 2 }]);
    }
  });

  it('byte by byte', () => {
    const d = new JsonLineDecoder();
    const got = [...Buffer.from('{"x":"y"}\r\n\n{"z":[1,2]}\n')].flatMap((b) => d.push(Buffer.from([b])));
    expect(got).toEqual([{ x: 'y' }, { z: [1, 2] }]);
  });

  it('skips garbage, blank lines and JSON that is not an object, and goes on', () => {
    const d = new JsonLineDecoder();
    const got = d.push('not json\n\n[1,2]\n"str"\nnull\n{"ok":true}\n{"half":\n{"ok":2}\n');
    expect(got).toEqual([{ ok: true }, { ok: 2 }]);
    expect(d.skipped).toBe(5);
  });

  it('a last line without a newline counts at the end', () => {
    const d = new JsonLineDecoder();
    expect(d.push('{"a":1}\n{"b":')).toEqual([{ a: 1 }]);
    expect(d.push('2}')).toEqual([]);
    expect(d.end()).toEqual([{ b: 2 }]);
  });

  it('drops an overlong line whole, without holding it, and recovers at the next newline', () => {
    const d = new JsonLineDecoder(64);
    expect(d.push(`{"big":"${'x'.repeat(100)}`)).toEqual([]);
    expect(d.push('y'.repeat(100))).toEqual([]);
    expect(d.push('"}\n{"after":1}\n')).toEqual([{ after: 1 }]);
    expect(d.skipped).toBe(1);
  });
});

// Installed gems: the specification files RubyGems writes when it installs a gem,
// <gem dir>/specifications/<name>-<version>[-<platform>].gemspec (and specifications/default/ for
// the gems that ship with Ruby). They are Ruby source — never executed here. RubyGems generates
// them in one fixed shape (Gem::Specification#to_ruby):
//   s.name = "rake".freeze
//   s.version = "13.0.6"                       (or Gem::Version.new("…") in old ones)
//   s.licenses = ["MIT".freeze]                (or s.license = "MIT")
// and a "# stub: <name> <version> <platform> <require paths>" comment at the top, used when the
// assignments are not found. Literals are read with a small string lexer, not regexes.
import type { Analyzer, AnalyzerOutput, EntryFacts } from '../analyzer';
import { basename, dirname, makePackage, uniqueStrings } from './common';

export function isGemspecPath(path: string): boolean {
  if (!path.endsWith('.gemspec')) return false;
  const segs = path.split('/');
  const n = segs.length;
  if (n >= 2 && segs[n - 2] === 'specifications') return (segs[n - 1] as string).length > '.gemspec'.length;
  if (n >= 3 && segs[n - 2] === 'default' && segs[n - 3] === 'specifications') return true;
  return false;
}

/** A Ruby string literal at `pos` ('…' or "…"); the value and the position after it. */
export function readRubyString(s: string, pos: number): { value: string; end: number } | null {
  const q = s[pos];
  if (q !== '"' && q !== "'") return null;
  let out = '';
  let i = pos + 1;
  while (i < s.length) {
    const ch = s[i] as string;
    if (ch === q) return { value: out, end: i + 1 };
    if (ch === '\\' && i + 1 < s.length) {
      const next = s[i + 1] as string;
      if (q === "'") {
        out += next === "'" || next === '\\' ? next : `\\${next}`;
        i += 2;
        continue;
      }
      i += 2;
      switch (next) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          // \uXXXX or \u{X…}
          if (s[i] === '{') {
            const close = s.indexOf('}', i);
            const cp = close > i ? parseInt(s.slice(i + 1, close), 16) : NaN;
            if (Number.isFinite(cp) && cp <= 0x10ffff) {
              out += String.fromCodePoint(cp);
              i = close + 1;
            }
          } else {
            const cp = parseInt(s.slice(i, i + 4), 16);
            if (Number.isFinite(cp)) {
              out += String.fromCharCode(cp);
              i += 4;
            }
          }
          break;
        }
        default:
          out += next; // \" \\ \# and the rest stand for themselves
      }
      continue;
    }
    out += ch;
    i++;
  }
  return null;
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return i;
}

/** A string literal, optionally followed by .freeze, optionally wrapped in Gem::Version.new(…)/create(…). */
function readValue(s: string, pos: number): string | null {
  let i = skipSpaces(s, pos);
  for (const prefix of ['Gem::Version.new(', 'Gem::Version.create(']) {
    if (s.startsWith(prefix, i)) {
      i = skipSpaces(s, i + prefix.length);
      break;
    }
  }
  const str = readRubyString(s, i);
  return str ? str.value : null;
}

/** ["a".freeze, 'b'], %w[a b], %w(a b), or a single string. */
function readList(s: string, pos: number): string[] | null {
  let i = skipSpaces(s, pos);
  if (s.startsWith('%w', i) || s.startsWith('%W', i)) {
    const open = s[i + 2];
    const close = open === '[' ? ']' : open === '(' ? ')' : open === '{' ? '}' : open === '<' ? '>' : null;
    if (!close) return null;
    const end = s.indexOf(close, i + 3);
    if (end < 0) return null;
    return s.slice(i + 3, end).split(/\s+/).filter(Boolean);
  }
  if (s[i] !== '[') {
    const one = readValue(s, i);
    return one === null ? null : [one];
  }
  i++;
  const out: string[] = [];
  while (i < s.length) {
    i = skipSpaces(s, i);
    if (s[i] === ']') return out;
    const str = readRubyString(s, i);
    if (!str) return out.length ? out : null;
    out.push(str.value);
    i = str.end;
    if (s.startsWith('.freeze', i)) i += '.freeze'.length;
    i = skipSpaces(s, i);
    if (s[i] === ',') i++;
  }
  return out;
}

export interface Gemspec {
  name?: string;
  version?: string;
  licenses: string[];
}

const ASSIGNMENT = /^\s*[A-Za-z_][A-Za-z0-9_]*\.(name|version|licenses|license)\s*=(?!=)/;

export function parseGemspec(text: string): Gemspec {
  const spec: Gemspec = { licenses: [] };
  let licensesSet = false;
  let stub: string[] | null = null;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, Math.min(end, start + 64 * 1024));
    start = end + 1;
    if (stub === null && line.startsWith('# stub: ')) {
      stub = line.slice(8).trim().split(/\s+/);
      continue;
    }
    const m = ASSIGNMENT.exec(line);
    if (!m) continue;
    const rest = line.slice(m[0].length);
    switch (m[1]) {
      case 'name':
        spec.name ??= readValue(rest, 0) ?? undefined;
        break;
      case 'version':
        spec.version ??= readValue(rest, 0) ?? undefined;
        break;
      case 'licenses':
      case 'license':
        if (!licensesSet) {
          const list = readList(rest, 0);
          if (list) {
            spec.licenses = uniqueStrings(list);
            licensesSet = true;
          }
        }
        break;
    }
  }
  if (stub && stub.length >= 2) {
    spec.name ??= stub[0];
    spec.version ??= stub[1];
  }
  return spec;
}

export const rubyGemspecAnalyzer: Analyzer = {
  id: 'ruby-gemspec',
  version: 1,
  maxBytes: 4 * 1024 * 1024,
  wants(entry: EntryFacts): boolean {
    return isGemspecPath(entry.path);
  },
  analyze(entry: EntryFacts, content: Buffer): AnalyzerOutput {
    // No binary check: RubyGems itself writes NUL bytes into the '# stub:' extensions line.
    const spec = parseGemspec(content.toString('utf8'));
    if (!spec.name || !spec.version) return { notes: [`${entry.path}: no gem name/version found, skipped`] };
    const out: AnalyzerOutput = {
      packages: [makePackage({ type: 'gem', namespace: null, name: spec.name, version: spec.version, licenses: spec.licenses, path: entry.path })],
    };
    // <gem dir>/specifications/x-1.0.gemspec → the gem's files are in <gem dir>/gems/x-1.0/ (default
    // gems live in Ruby's own lib directory instead, which belongs to the Ruby package).
    const specDir = dirname(entry.path);
    if (basename(specDir) === 'specifications') {
      const gemDir = dirname(specDir);
      out.ownedPrefixes = [`${gemDir ? `${gemDir}/` : ''}gems/${basename(entry.path).slice(0, -'.gemspec'.length)}/`];
    }
    return out;
  },
};

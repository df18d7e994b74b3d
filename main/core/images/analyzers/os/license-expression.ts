// Package-manager license fields → a list of license ids. apk writes SPDX expressions
// ("MIT AND BSD-2-Clause", "GPL-2.0-or-later") or old space-separated lists ("MIT BSD GPL2+");
// rpm writes SPDX (SUSE, newer Fedora) or Fedora's old short names ("GPLv2+ and (LGPLv2+ or BSD)").
// Each id is kept as written unless it is an obvious alias of an SPDX id; "X WITH exception"
// stays one entry. A linear token scan: no regex backtracking.

// Only the unambiguous ones: an unknown short name is kept as written rather than guessed.
const ALIASES: Record<string, string> = {
  GPL2: 'GPL-2.0-only',
  'GPL2+': 'GPL-2.0-or-later',
  GPLV2: 'GPL-2.0-only',
  'GPLV2+': 'GPL-2.0-or-later',
  'GPL-2': 'GPL-2.0-only',
  'GPL-2+': 'GPL-2.0-or-later',
  'GPL-2.0+': 'GPL-2.0-or-later',
  GPL3: 'GPL-3.0-only',
  'GPL3+': 'GPL-3.0-or-later',
  GPLV3: 'GPL-3.0-only',
  'GPLV3+': 'GPL-3.0-or-later',
  'GPL-3': 'GPL-3.0-only',
  'GPL-3+': 'GPL-3.0-or-later',
  'GPL-3.0+': 'GPL-3.0-or-later',
  'LGPL2.1': 'LGPL-2.1-only',
  'LGPL2.1+': 'LGPL-2.1-or-later',
  'LGPLV2.1': 'LGPL-2.1-only',
  'LGPLV2.1+': 'LGPL-2.1-or-later',
  'LGPL-2.1+': 'LGPL-2.1-or-later',
  LGPL3: 'LGPL-3.0-only',
  'LGPL3+': 'LGPL-3.0-or-later',
  'LGPLV3+': 'LGPL-3.0-or-later',
  'LGPL-3.0+': 'LGPL-3.0-or-later',
  ZLIB: 'Zlib',
  'APACHE2.0': 'Apache-2.0',
  'APACHE-2': 'Apache-2.0',
  'ASL2.0': 'Apache-2.0',
  'ASL 2.0': 'Apache-2.0',
  'PUBLIC-DOMAIN': 'LicenseRef-Public-Domain',
};

const OPERATORS = new Set(['AND', 'OR']);

function normalise(id: string): string {
  return ALIASES[id.toUpperCase()] ?? id;
}

/** Splits a license field into ids, deduplicated in first-seen order. */
export function splitLicenses(field: string | null | undefined): string[] {
  if (!field) return [];
  // "ASL 2.0" is one Fedora name with a space in it.
  const text = field.replace(/\bASL 2\.0\b/g, 'ASL2.0');
  const tokens: string[] = [];
  let current = '';
  const flush = () => {
    if (current) tokens.push(current);
    current = '';
  };
  for (const ch of text) {
    if (ch === '(' || ch === ')' || ch === ',' || ch === ';' || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') flush();
    else current += ch;
  }
  flush();

  const out: string[] = [];
  const seen = new Set<string>();
  const push = (id: string) => {
    if (id && !seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const upper = token.toUpperCase();
    if (OPERATORS.has(upper)) continue;
    if (upper === 'WITH') continue; // attached to the previous id below
    const next = tokens[i + 1];
    if (next !== undefined && next.toUpperCase() === 'WITH' && tokens[i + 2] !== undefined) {
      push(`${normalise(token)} WITH ${tokens[i + 2] as string}`);
      i += 2;
      continue;
    }
    push(normalise(token));
  }
  return out;
}

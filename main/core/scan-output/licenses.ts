// License strings as packages declare them (SPDX ids, SPDX expressions, or free names such as
// "GPL2+" or "Python Software Foundation License"), sorted into what CycloneDX and SPDX can carry.
// Ids are checked against the SPDX license list that @cyclonedx/cyclonedx-library ships (licenses
// and exceptions); anything that is not a known id or a well-formed expression of known ids stays
// a name (CycloneDX `license.name`, SPDX `LicenseRef-…`). Nothing is guessed beyond the short alias
// table below.
import { fixupSpdxId } from '@cyclonedx/cyclonedx-library/SPDX';
import { shortHash } from './common';

export type LicenseTerm =
  /** One id from the SPDX license list, in its canonical spelling. */
  | { kind: 'id'; id: string }
  /** A valid SPDX license expression over known ids (operators upper-cased, ids canonical). */
  | { kind: 'expression'; expression: string }
  /** Anything else, as written. */
  | { kind: 'name'; name: string };

/**
 * Common spellings that are not SPDX ids but name exactly one SPDX license (Alpine's and
 * RPM's old short names among them). Keys are lower case with spaces collapsed.
 */
const aliases: Readonly<Record<string, string>> = {
  gpl2: 'GPL-2.0-only',
  gplv2: 'GPL-2.0-only',
  'gpl2+': 'GPL-2.0-or-later',
  'gplv2+': 'GPL-2.0-or-later',
  gpl3: 'GPL-3.0-only',
  gplv3: 'GPL-3.0-only',
  'gpl3+': 'GPL-3.0-or-later',
  'gplv3+': 'GPL-3.0-or-later',
  'lgpl2.1': 'LGPL-2.1-only',
  'lgplv2.1': 'LGPL-2.1-only',
  'lgpl2.1+': 'LGPL-2.1-or-later',
  'lgplv2.1+': 'LGPL-2.1-or-later',
  lgpl3: 'LGPL-3.0-only',
  'lgpl3+': 'LGPL-3.0-or-later',
  'apache 2.0': 'Apache-2.0',
  'apache-2': 'Apache-2.0',
  'apache license 2.0': 'Apache-2.0',
  'apache license, version 2.0': 'Apache-2.0',
  'asl 2.0': 'Apache-2.0',
  'mit license': 'MIT',
  'bsd-2': 'BSD-2-Clause',
  'bsd-3': 'BSD-3-Clause',
  'isc license': 'ISC',
  'mpl 2.0': 'MPL-2.0',
  'zlib license': 'Zlib',
};

const refPattern = /^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/;

/** The canonical SPDX id for a string, or undefined when it is none (aliases included). */
export function spdxId(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  return fixupSpdxId(trimmed) ?? aliases[trimmed.toLowerCase().replace(/\s+/g, ' ')];
}

export function classifyLicense(text: string): LicenseTerm {
  const trimmed = text.trim();
  const id = spdxId(trimmed);
  if (id) return { kind: 'id', id };
  const expression = parseExpression(trimmed);
  if (expression !== undefined) return { kind: 'expression', expression };
  return { kind: 'name', name: trimmed };
}

/**
 * A normalised SPDX license expression (SPDX 2.3 Annex D), or undefined when the text is not
 * one or uses an id that is not on the list. LicenseRef-/DocumentRef- ids are accepted as written.
 */
export function parseExpression(text: string): string | undefined {
  const tokens = text.match(/\(|\)|[^\s()]+/g);
  if (!tokens?.length) return undefined;
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const isOp = (t: string | undefined, op: string): boolean => t !== undefined && t.toUpperCase() === op;

  // compound := and ( OR and )* ; and := with ( AND with )* ; with := simple [WITH exception] | '(' compound ')'
  // Each returns [text, isCompound] so that nested compounds keep their parentheses.
  const compound = (): [string, boolean] | undefined => {
    const first = andExpr();
    if (!first) return undefined;
    const parts = [first];
    while (isOp(peek(), 'OR')) {
      pos += 1;
      const next = andExpr();
      if (!next) return undefined;
      parts.push(next);
    }
    if (parts.length === 1) return first;
    return [parts.map(([t, c]) => (c ? `(${t})` : t)).join(' OR '), true];
  };
  const andExpr = (): [string, boolean] | undefined => {
    const first = withExpr();
    if (!first) return undefined;
    const parts = [first];
    while (isOp(peek(), 'AND')) {
      pos += 1;
      const next = withExpr();
      if (!next) return undefined;
      parts.push(next);
    }
    if (parts.length === 1) return first;
    return [parts.map(([t, c]) => (c ? `(${t})` : t)).join(' AND '), true];
  };
  const withExpr = (): [string, boolean] | undefined => {
    const token = peek();
    if (token === undefined) return undefined;
    if (token === '(') {
      pos += 1;
      const inner = compound();
      if (!inner || peek() !== ')') return undefined;
      pos += 1;
      return inner;
    }
    const license = simple(token);
    if (!license) return undefined;
    pos += 1;
    if (isOp(peek(), 'WITH')) {
      pos += 1;
      const exceptionToken = peek();
      const exception = exceptionToken === undefined ? undefined : fixupSpdxId(exceptionToken);
      if (!exception) return undefined;
      pos += 1;
      return [`${license} WITH ${exception}`, true];
    }
    return [license, false];
  };
  const simple = (token: string): string | undefined => {
    if (['AND', 'OR', 'WITH', ')'].includes(token.toUpperCase())) return undefined;
    if (refPattern.test(token)) return token;
    const known = fixupSpdxId(token);
    if (known) return known;
    // "id+" (or later) for an id on the list
    if (token.endsWith('+')) {
      const base = fixupSpdxId(token.slice(0, -1));
      if (base) return `${base}+`;
    }
    return undefined;
  };

  const result = compound();
  if (!result || pos !== tokens.length) return undefined;
  return result[0];
}

/** A LicenseRef id for a free-text license name: letters, digits, '.', '-' only (SPDX idstring). */
export function licenseRefFor(name: string): string {
  const cleaned = name
    .trim()
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
  return `LicenseRef-${cleaned || shortHash(name, 8)}`;
}

// The analyzers a scan runs: OS package managers (their ownership marks OS-installed files) and
// language ecosystems. A new file kind is one more analyzer here.
import type { Analyzer } from './analyzer';
import { languageAnalyzers } from './lang';
import { osAnalyzers } from './os';

const osPackageManagers = new Set(['dpkg-status', 'dpkg-file-list', 'apk-installed', 'rpm-database']);

export function defaultAnalyzers(): Analyzer[] {
  return [
    ...osAnalyzers.map((a) => (osPackageManagers.has(a.id) && a.owns === undefined ? { ...a, wants: a.wants.bind(a), analyze: a.analyze.bind(a), owns: 'os' as const } : a)),
    ...languageAnalyzers,
  ];
}

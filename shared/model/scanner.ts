// What a scan looks for: known vulnerabilities, malicious files, insecure configuration (baseline)
// and secrets. Inventory (packages, files) is always taken: every scanner builds on it.
import { z } from 'zod';

export const scannerKinds = ['vuln', 'malware', 'baseline', 'secrets'] as const;
export const scannerKindSchema = z.enum(scannerKinds);
export type ScannerKind = z.infer<typeof scannerKindSchema>;

/** The default of a manual or scheduled scan. */
export const allScanners: readonly ScannerKind[] = scannerKinds;

/** Parses 'vuln,malware' (the CLI's --scanners); throws naming the unknown entries. */
export function parseScanners(list: string): ScannerKind[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(scannerKinds as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`unknown scanner ${unknown.map((u) => JSON.stringify(u)).join(', ')}: choose from ${scannerKinds.join(', ')}`);
  if (names.length === 0) throw new Error(`no scanner named: choose from ${scannerKinds.join(', ')}`);
  return scannerKinds.filter((k) => names.includes(k));
}

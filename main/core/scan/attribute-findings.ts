// Findings carry the layer that brought their package, and the ignore rule that hides them.
import type { VulnerabilityMatch } from '../../../shared/model/finding';
import type { ImagePackage } from '../../../shared/model/package';
import type { IgnoreRef, ImageFinding } from '../../../shared/model/scan-report';
import { emptyCounts, type SeverityCounts } from '../../../shared/model/severity';

const key = (type: string, name: string, version: string, path: string) => `${type}\u0000${name}\u0000${version}\u0000${path}`;

export function attributeFindings(matches: VulnerabilityMatch[], packages: ImagePackage[], ignores: ReadonlyMap<string, IgnoreRef>): ImageFinding[] {
  const layerOf = new Map(packages.map((p) => [key(p.type, p.name, p.version, p.path), p]));
  return matches.map((m) => {
    const pkg = layerOf.get(key(m.packageType, m.packageName, m.packageVersion, m.packagePath));
    return {
      ...m,
      layerIndex: pkg?.layerIndex ?? -1,
      layerDiffId: pkg?.layerDiffId ?? '',
      ignored: ignores.get(m.vulnId) ?? m.aliases.map((a) => ignores.get(a)).find((x) => x !== undefined) ?? null,
    };
  });
}

export function countFindings(findings: readonly ImageFinding[]): SeverityCounts {
  const counts = emptyCounts();
  for (const f of findings) if (!f.ignored) counts[f.severity]++;
  return counts;
}

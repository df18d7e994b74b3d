// What the merged inventory still needs once the whole image is known: which language packages
// an OS package installed (matched once, as the OS package), and the distro in OS purls.
import type { OsInfo } from '../../../shared/model/os-info';
import { isOsPackage, type ImagePackage } from '../../../shared/model/package';
import { applyOs } from '../images/analyzers/os/purl';

export function finishInventory(packages: ImagePackage[], os: OsInfo | null, osOwnedPaths: ReadonlySet<string>): ImagePackage[] {
  const osByType = packages.find((p) => isOsPackage(p.type))?.type ?? null;
  return packages.map((p) => {
    if (isOsPackage(p.type)) return os ? { ...p, ...applyOs(p, os) } : p;
    if (osByType && p.installedBy === null && osOwnedPaths.has(p.path)) return { ...p, installedBy: osByType };
    return p;
  });
}

// The OS-package analyzers (dpkg, apk, rpm) and OS detection, plus the merge-time helpers the
// lead calls once all layers are read: pickOs / osFromDpkgPackages (which OS the image is) and
// applyOs / withDistro (namespace and distro qualifier in OS package purls).
import type { Analyzer } from '../analyzer';
import { apkInstalledAnalyzer } from './apk-installed';
import { dpkgFileListAnalyzer } from './dpkg-file-list';
import { dpkgStatusAnalyzer } from './dpkg-status';
import { osReleaseAnalyzer } from './os-release';
import { rpmDatabaseAnalyzer } from './rpm-database';

export const osAnalyzers: Analyzer[] = [osReleaseAnalyzer, dpkgStatusAnalyzer, dpkgFileListAnalyzer, apkInstalledAnalyzer, rpmDatabaseAnalyzer];

export { apkInstalledAnalyzer, dpkgFileListAnalyzer, dpkgStatusAnalyzer, osReleaseAnalyzer, rpmDatabaseAnalyzer };
export { pickOs, osFromDpkgPackages } from './os-choice';
export { applyOs, withDistro, distroQualifier, purlNamespace } from './purl';
export { parseReleaseFile } from './os-release';
export { parseDpkgStatus } from './dpkg-status';
export { parseApkInstalled } from './apk-installed';
export { readRpmDatabase, type RpmDatabaseRead } from './rpm-database';
export { splitLicenses } from './license-expression';

// SPDX 2.3 JSON from a ScanReport: the image as the described package, the OS and every
// package inside it, and (optionally) the files that belong to no package.
//
// Choices worth knowing:
// - SPDXIDs come from a stable key (type, name, version, path, arch), so the same report gives
//   the same ids; documentNamespace is derived from the image ID and the scan time.
// - licenseDeclared is the package's declared licenses as one SPDX expression (several
//   licenses joined with AND, as other scanners do); names that are no SPDX id become
//   LicenseRef-… with an entry in hasExtractedLicensingInfos. licenseConcluded is NOASSERTION:
//   Vigil reads package metadata, it does not examine licence texts, and SPDX reserves
//   "concluded" for that examination.
// - Packages have filesAnalyzed false: their files were not listed (so no verification code).
//   Unowned files are File elements with their SHA-256 (the only digest a scan keeps; SPDX 2.3
//   text also asks for SHA1, which the schema does not enforce and Vigil cannot supply).
// - The OS package has no primaryPackagePurpose: SPDX 2.3's schema spells it OPERATING_SYSTEM
//   while its text (and the 2.3.1 schema) say OPERATING-SYSTEM, so either spelling fails one
//   of them.
import type { ScanReport } from '../../../shared/model/scan-report';
import { isOsPackage } from '../../../shared/model/package';
import { displayName, imageDigest, imagePurl, indexReport, osLabel, shortHash, stableUuid, utcSeconds, type PackageEntry } from './common';
import { classifyLicense, licenseRefFor } from './licenses';

export interface SpdxOptions {
  /** Files that belong to no package, as File elements. Default true. */
  includeFiles?: boolean;
  /** Base of documentNamespace (a URI that needs not resolve). Default https://vigil.invalid/spdx/ */
  namespaceBase?: string;
  /** JSON indentation. Default 2. */
  indent?: number;
}

export interface SpdxChecksum {
  algorithm: 'SHA256' | 'SHA1';
  checksumValue: string;
}

export interface SpdxAnnotation {
  annotationDate: string;
  annotationType: 'OTHER' | 'REVIEW';
  annotator: string;
  comment: string;
}

export interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: string;
  filesAnalyzed: boolean;
  supplier?: string;
  sourceInfo?: string;
  licenseConcluded: string;
  licenseDeclared: string;
  copyrightText: string;
  primaryPackagePurpose?: 'CONTAINER' | 'LIBRARY' | 'APPLICATION';
  description?: string;
  comment?: string;
  externalRefs?: { referenceCategory: 'PACKAGE-MANAGER' | 'SECURITY' | 'OTHER'; referenceType: string; referenceLocator: string }[];
  annotations?: SpdxAnnotation[];
}

export interface SpdxFile {
  SPDXID: string;
  fileName: string;
  checksums: SpdxChecksum[];
  licenseConcluded: string;
  copyrightText: string;
  comment?: string;
  annotations?: SpdxAnnotation[];
}

export interface SpdxRelationship {
  spdxElementId: string;
  relationshipType: 'DESCRIBES' | 'CONTAINS';
  relatedSpdxElement: string;
}

export interface SpdxDocument {
  spdxVersion: 'SPDX-2.3';
  dataLicense: 'CC0-1.0';
  SPDXID: 'SPDXRef-DOCUMENT';
  name: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[]; comment?: string };
  packages: SpdxPackage[];
  files?: SpdxFile[];
  hasExtractedLicensingInfos?: { licenseId: string; name: string; extractedText: string; comment: string }[];
  relationships: SpdxRelationship[];
}

const NOASSERTION = 'NOASSERTION';

/** SPDXRef-<prefix>-<readable part>-<hash>: letters, digits, '.', '-' only, as SPDX requires. */
function spdxId(prefix: string, readable: string, key: string): string {
  const clean = readable
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  return `SPDXRef-${prefix}-${clean ? `${clean}-` : ''}${key}`;
}

export function renderSpdx(report: ScanReport, options: SpdxOptions = {}): string {
  return `${JSON.stringify(buildSpdx(report, options), null, options.indent ?? 2)}\n`;
}

export function buildSpdx(report: ScanReport, options: SpdxOptions = {}): SpdxDocument {
  const index = indexReport(report);
  for (const finding of report.vulnerabilities) index.packageOf(finding);
  const created = utcSeconds(report.scannedAt);
  const annotator = `Tool: ${report.tool.name}-${report.tool.version}`;
  const note = (comment: string): SpdxAnnotation => ({ annotationDate: created, annotationType: 'OTHER', annotator, comment });

  const extracted = new Map<string, { licenseId: string; name: string; extractedText: string; comment: string }>();
  const licenseRef = (name: string): string => {
    let id = licenseRefFor(name);
    // Two names that clean to the same id ("A B", "A-B") must not share it.
    while (extracted.has(id) && extracted.get(id)?.name !== name) id = `${licenseRefFor(name)}-${shortHash(name + id, 6)}`;
    if (!extracted.has(id)) {
      extracted.set(id, {
        licenseId: id,
        name,
        extractedText: name,
        comment: 'License name as the package metadata declares it; it is not on the SPDX License List and its text was not read.',
      });
    }
    return id;
  };
  const declared = (licenses: readonly string[]): string => {
    const terms = [...new Set(licenses.map((l) => l.trim()).filter(Boolean))].map(classifyLicense);
    if (!terms.length) return NOASSERTION;
    const parts = terms.map((t) =>
      t.kind === 'id' ? { text: t.id, compound: false } : t.kind === 'expression' ? { text: t.expression, compound: / (AND|OR|WITH) /.test(t.expression) } : { text: licenseRef(t.name), compound: false },
    );
    if (parts.length === 1) return (parts[0] as { text: string }).text;
    return parts.map((p) => (p.compound ? `(${p.text})` : p.text)).join(' AND ');
  };

  const img = report.image;
  const digest = imageDigest(report);
  const imagePkgPurl = imagePurl(report);
  const imageId = spdxId('Image', img.name, shortHash(`image|${img.id}`));
  const imagePackage: SpdxPackage = {
    SPDXID: imageId,
    name: img.name,
    versionInfo: digest,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    primaryPackagePurpose: 'CONTAINER',
    comment: [
      `Image ID ${img.id}`,
      img.repoTags.length ? `tags ${img.repoTags.join(', ')}` : null,
      img.platform ? `platform ${img.platform}` : null,
      `${img.layers.length} layer(s)`,
    ]
      .filter(Boolean)
      .join('; '),
    ...(imagePkgPurl ? { externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER' as const, referenceType: 'purl', referenceLocator: imagePkgPurl }] } : {}),
    annotations: img.layers.map((l) => note(`Layer ${l.index}: ${l.diffId}${l.createdBy ? ` (${l.createdBy})` : ''}`)),
  };
  if (!imagePackage.annotations?.length) delete imagePackage.annotations;

  const packages: SpdxPackage[] = [imagePackage];
  const relationships: SpdxRelationship[] = [{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: imageId }];

  let osId: string | undefined;
  if (img.os) {
    osId = spdxId('OperatingSystem', `${img.os.family}-${img.os.version}`, shortHash(`os|${img.os.family}|${img.os.version}`));
    packages.push({
      SPDXID: osId,
      name: img.os.family,
      versionInfo: img.os.version,
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      licenseConcluded: NOASSERTION,
      licenseDeclared: NOASSERTION,
      copyrightText: NOASSERTION,
      ...(img.os.prettyName ? { description: img.os.prettyName } : {}),
      comment: `Operating system, from ${img.os.source}`,
    });
    relationships.push({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: osId });
  }

  const idOf = new Map<PackageEntry, string>();
  for (const entry of index.packages) idOf.set(entry, spdxId('Package', `${entry.pkg.type}-${entry.pkg.name}-${entry.pkg.version}`, entry.key));
  const osPackageByName = new Map<string, string>();
  for (const entry of index.packages) {
    if (isOsPackage(entry.pkg.type) && !osPackageByName.has(entry.pkg.name)) osPackageByName.set(entry.pkg.name, idOf.get(entry) as string);
  }

  for (const entry of index.packages) {
    const { pkg } = entry;
    const id = idOf.get(entry) as string;
    const pkgNotes = [
      note(`PkgType: ${pkg.type}`),
      note(`PkgPath: ${pkg.path}`),
      note(`LayerIndex: ${pkg.layerIndex}`),
      note(`LayerDiffID: ${pkg.layerDiffId}`),
    ];
    if (pkg.installedBy) pkgNotes.push(note(`InstalledBy: ${pkg.installedBy}`));
    if (entry.synthetic) pkgNotes.push(note('NotInInventory: named by a finding, absent from the package inventory'));
    const sourceInfo =
      pkg.sourceName && (pkg.sourceName !== pkg.name || (pkg.sourceVersion && pkg.sourceVersion !== pkg.version))
        ? `built package from: ${pkg.sourceName}${pkg.sourceVersion ? ` ${pkg.sourceVersion}` : ''}`
        : undefined;
    packages.push({
      SPDXID: id,
      name: displayName(pkg),
      versionInfo: pkg.version,
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      ...(sourceInfo ? { sourceInfo } : {}),
      licenseConcluded: NOASSERTION,
      licenseDeclared: declared(pkg.licenses),
      copyrightText: NOASSERTION,
      primaryPackagePurpose: 'LIBRARY',
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: pkg.purl }],
      annotations: pkgNotes,
    });
    // Who contains it: the OS for OS packages, the OS package that installed a language
    // package (python3-yaml's dist-info), else the image.
    const parent = isOsPackage(pkg.type) ? (osId ?? imageId) : (pkg.installedBy && osPackageByName.get(pkg.installedBy)) || imageId;
    relationships.push({ spdxElementId: parent, relationshipType: 'CONTAINS', relatedSpdxElement: id });
  }

  const files: SpdxFile[] = [];
  if (options.includeFiles ?? true) {
    const seen = new Set<string>();
    for (const file of report.unownedFiles) {
      const sha256 = file.sha256.replace(/^sha256:/, '').toLowerCase();
      if (seen.has(file.path) || !/^[0-9a-f]{64}$/.test(sha256)) continue;
      seen.add(file.path);
      const id = spdxId('File', file.path.split('/').pop() ?? '', shortHash(`file|${file.path}`));
      files.push({
        SPDXID: id,
        fileName: `./${file.path.replace(/^\/+/, '')}`,
        checksums: [{ algorithm: 'SHA256', checksumValue: sha256 }],
        licenseConcluded: NOASSERTION,
        copyrightText: NOASSERTION,
        comment: `Belongs to no package. Mode 0${file.mode.toString(8)}, uid ${file.uid}, gid ${file.gid}, ${file.size} bytes.`,
        annotations: [note(`LayerIndex: ${file.layerIndex}`), note(`LayerDiffID: ${file.layerDiffId}`)],
      });
      relationships.push({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: id });
    }
  }

  const os = osLabel(report);
  const document: SpdxDocument = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: img.name,
    documentNamespace: `${options.namespaceBase ?? 'https://vigil.invalid/spdx/'}${encodeURIComponent(img.name.replace(/[^A-Za-z0-9._-]+/g, '-'))}-${stableUuid(`spdx|${img.id}|${report.scannedAt}`)}`,
    creationInfo: {
      created,
      creators: [annotator],
      comment: `Image scan of ${img.name}${os ? ` (${os})` : ''} by ${report.tool.name}.`,
    },
    packages,
    relationships,
  };
  if (files.length) document.files = files;
  if (extracted.size) document.hasExtractedLicensingInfos = [...extracted.values()];
  return document;
}

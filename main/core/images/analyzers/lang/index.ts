// The language-ecosystem analyzers: installed packages of npm, PyPI, Go (modules compiled into
// binaries), Cargo (cargo-auditable binaries), Maven (jar/war/ear), RubyGems and Composer.
// Records carry the purl's namespace and name separately; ecosystemName() joins them the way
// each ecosystem (and OSV) writes package names.
import type { Analyzer } from '../analyzer';
import { composerInstalledAnalyzer } from './composer-installed';
import { goBinaryAnalyzer } from './go-binary';
import { javaArchiveAnalyzer } from './java-archive';
import { npmPackageAnalyzer } from './npm-package';
import { pythonDistAnalyzer } from './python-dist';
import { rubyGemspecAnalyzer } from './ruby-gemspec';
import { rustAuditableAnalyzer } from './rust-auditable';

export const languageAnalyzers: Analyzer[] = [
  npmPackageAnalyzer,
  pythonDistAnalyzer,
  goBinaryAnalyzer,
  rustAuditableAnalyzer,
  javaArchiveAnalyzer,
  rubyGemspecAnalyzer,
  composerInstalledAnalyzer,
];

export { ecosystemName } from './common';
export { composerInstalledAnalyzer } from './composer-installed';
export { goBinaryAnalyzer, readGoBuildInfo, type GoBuildInfo } from './go-binary';
export { createJavaArchiveAnalyzer, javaArchiveAnalyzer, type JavaArchiveLimits } from './java-archive';
export { npmPackageAnalyzer } from './npm-package';
export { pep503, pythonDistAnalyzer } from './python-dist';
export { rubyGemspecAnalyzer } from './ruby-gemspec';
export { readRustAudit, rustAuditableAnalyzer } from './rust-auditable';

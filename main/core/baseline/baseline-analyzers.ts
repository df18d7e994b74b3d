// The per-file baseline analyzers the layer walker runs (role 'baseline'): their evidence is
// kept while the file survives in the final image, and evaluateBaseline turns it into results.
import type { BaselineScanner } from '../../../shared/model/baseline';
import type { Analyzer } from '../images/analyzers/analyzer';
import { passwdAnalyzer } from './analyzers/passwd-analyzer';
import { secretFileAnalyzer } from './analyzers/secret-file-analyzer';
import { shadowAnalyzer } from './analyzers/shadow-analyzer';
import { sshdConfigAnalyzer } from './analyzers/sshd-config-analyzer';

/** The analyzers for the requested scanners: 'baseline' reads account and sshd files, 'secrets' reads text files for secrets. */
export function baselineAnalyzers(scanners: readonly BaselineScanner[] = ['baseline', 'secrets']): Analyzer[] {
  return [
    ...(scanners.includes('baseline') ? [shadowAnalyzer, passwdAnalyzer, sshdConfigAnalyzer] : []),
    ...(scanners.includes('secrets') ? [secretFileAnalyzer] : []),
  ];
}

// CIS 4.5 Docker Content Trust is a setting of each docker CLI session (DOCKER_CONTENT_TRUST),
// not of the daemon: Vigil sees only the environment it was started in.
import type { HostCheckResult } from '../../../shared/checks/host-check';
import { hostItems } from './cis-host-items';
import { evaluated, notEvaluated } from './host-check';

export function contentTrustCheck(env: NodeJS.ProcessEnv): HostCheckResult {
  const value = env.DOCKER_CONTENT_TRUST;
  if (value === '1') return evaluated(hostItems.contentTrust, true, ['DOCKER_CONTENT_TRUST=1 in the environment Vigil runs in'], 'environment');
  return notEvaluated(
    hostItems.contentTrust,
    `DOCKER_CONTENT_TRUST is set per shell and per CI job, and Vigil cannot see those; its own environment has ${value === undefined ? 'no DOCKER_CONTENT_TRUST' : `DOCKER_CONTENT_TRUST=${value}`}. Set DOCKER_CONTENT_TRUST=1 where images are pulled and built.`,
    'environment',
  );
}

// Secrets in the image config: ENV entries and labels, each a name=value pair anyone who can
// pull the image reads with docker inspect.
import type { ImageConfig } from '../../images/sources/image-source';
import { secretInAssignment } from '../secrets/secret-assignment';
import { capEvidence, imageEvidence, type ItemCheck } from './item-check';

const MAX_EVIDENCE = 20;

export function checkEnvSecrets(config: ImageConfig): ItemCheck {
  const evidence = [];
  for (const entry of config.env) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const found = secretInAssignment(entry.slice(0, eq), entry.slice(eq + 1));
    if (found) evidence.push(imageEvidence(`ENV ${found}`));
  }
  return { evidence: capEvidence(evidence, MAX_EVIDENCE, 'environment variables') };
}

export function checkLabelSecrets(config: ImageConfig): ItemCheck {
  const evidence = [];
  for (const [name, value] of Object.entries(config.labels)) {
    const found = secretInAssignment(name, value);
    if (found) evidence.push(imageEvidence(`LABEL ${found}`));
  }
  return { evidence: capEvidence(evidence, MAX_EVIDENCE, 'labels') };
}

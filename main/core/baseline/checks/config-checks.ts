// Items read from the image config alone: the user the container starts as, and its health check.
import type { ImageConfig } from '../../images/sources/image-source';
import { imageEvidence, passed, type ItemCheck } from './item-check';

/** USER unset, 'root', '0', or either with a group ('0:0', 'root:staff'). A named user that maps
 *  to UID 0 in /etc/passwd is the UID 0 item's finding. */
export function checkUserRoot(config: ImageConfig): ItemCheck {
  const user = (config.user ?? '').trim();
  if (user === '') return { evidence: [imageEvidence('no USER in the image config: the container starts as root')] };
  const name = user.split(':')[0]!;
  if (name === 'root' || name === '0') return { evidence: [imageEvidence(`USER ${user}`)] };
  return passed();
}

export function checkHealthcheck(config: ImageConfig): ItemCheck {
  if (!config.healthcheck) return { evidence: [imageEvidence('no HEALTHCHECK in the image config')] };
  if (config.healthcheck.test[0] === 'NONE') return { evidence: [imageEvidence('HEALTHCHECK NONE disables the health check')] };
  return passed();
}

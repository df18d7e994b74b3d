// Whether a name=value pair (an ENV entry, a label, a build argument in the history) holds a
// secret: by its name (PASSWORD, TOKEN, API_KEY …) with a real-looking value, or by the value's
// own shape (AKIA…, ghp_…). Names of files or paths to secrets (PASSWORD_FILE) are not secrets.
import { ITEM } from '../catalogue';
import { redact } from '../redact';
import { isPlaceholder } from './config-passwords';
import { findShapedSecrets } from './secret-rules';

const SECRET_NAME = /(?:^|[_.-])(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|credentials?|auth)(?:$|[_.-])/i;
const REFERENCE_NAME = /(?:^|[_.-])(?:file|path|dir|url|uri|env|name|user(?:name)?|id|length|len|min|max|policy|type|mode|header|endpoint|ttl|expiry|expires)$/i;
const NON_SECRET_VALUE = /^(?:\/|\.\/|~\/|https?:\/\/[^@]*$|\d{1,5}$)/;

/** A redacted description when the pair holds a secret, else null. */
export function secretInAssignment(name: string, value: string): string | null {
  const shaped = findShapedSecrets(value);
  if (shaped.length > 0) return `${name}: ${shaped[0]!.detail}`;
  if (!SECRET_NAME.test(name) || REFERENCE_NAME.test(name)) return null;
  const v = value.trim();
  if (isPlaceholder(v) || NON_SECRET_VALUE.test(v)) return null;
  return `${name}=${redact(v)}`;
}

/** The item secrets of `kind` fail. */
export const assignmentItem = { env: ITEM.secretEnv, label: ITEM.secretLabel, history: ITEM.secretHistory } as const;

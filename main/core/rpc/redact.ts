// Inputs go into the operation trail; secrets in them must not.
const secretKey = /pass(word|phrase)?|secret|token|credential|private.?key|auth/i;

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, secretKey.test(k) && v !== undefined && v !== null ? '***' : redactSecrets(v)]),
    );
  }
  return value;
}

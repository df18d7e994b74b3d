// Long content addresses shortened the way docker prints them; the full value goes in a title.
export function shortId(id: string, length = 12): string {
  const hex = id.startsWith('sha256:') ? id.slice('sha256:'.length) : id;
  return hex.slice(0, length);
}

/** "nginx@sha256:abcd…" -> "sha256:abcdef123456" (the repository is shown in its own column). */
export function shortDigest(repoDigest: string, length = 12): string {
  const at = repoDigest.lastIndexOf('@');
  const digest = at >= 0 ? repoDigest.slice(at + 1) : repoDigest;
  const colon = digest.indexOf(':');
  if (colon < 0) return digest.slice(0, length);
  return `${digest.slice(0, colon + 1)}${digest.slice(colon + 1, colon + 1 + length)}`;
}

/** Untagged images have no repo:tag; docker shows "<none>:<none>". */
export function imageTags(repoTags: readonly string[]): string[] {
  const real = repoTags.filter((tag) => tag !== '<none>:<none>');
  return real.length ? real : ['<none>'];
}

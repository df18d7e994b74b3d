// The one error a comparator throws: it names the ecosystem and the offending string, so a
// scan log says which advisory or package carried the bad version.
export class InvalidVersionError extends Error {
  override readonly name = 'InvalidVersionError';
  constructor(
    readonly ecosystem: string,
    readonly version: string,
    readonly reason?: string,
  ) {
    super(`invalid ${ecosystem} version ${JSON.stringify(version)}${reason ? `: ${reason}` : ''}`);
  }
}

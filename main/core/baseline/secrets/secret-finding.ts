// One secret found in a file's text: the item it fails, where, and a redacted description.
export interface SecretFinding {
  itemId: string;
  /** 1-based line, null when the finding is about the whole file. */
  line: number | null;
  /** Already redacted. */
  detail: string;
}

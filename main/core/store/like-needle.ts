/** A LIKE pattern that matches `text` anywhere, with %, _ and \ taken literally (use ESCAPE '\'). */
export function likeNeedle(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

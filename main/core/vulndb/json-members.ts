// Streams the members of one large top-level JSON object ({"key": value, …}) one at a time,
// so a 100 MB document (the Debian security tracker's JSON) is never parsed whole: each
// member's value text is cut out by tracking strings and brackets, then JSON.parse'd alone.
import { StringDecoder } from 'node:string_decoder';

export class JsonFramingError extends Error {
  override readonly name = 'JsonFramingError';
}

const enum S {
  Start,
  KeyOrEnd,
  Key,
  Colon,
  ValueStart,
  Value,
  CommaOrEnd,
  Done,
}

const isWs = (c: string) => c === ' ' || c === '\n' || c === '\r' || c === '\t';

/**
 * Yields [key, parsed value] per member. Throws JsonFramingError when the document is not a
 * JSON object (or is cut short); a member whose own text does not parse is yielded as
 * [key, undefined, reason] so the caller can count it and go on.
 */
export async function* jsonObjectMembers(
  source: AsyncIterable<Buffer | string>,
): AsyncGenerator<[key: string, value: unknown, error?: string]> {
  const decoder = new StringDecoder('utf8');
  let state: S = S.Start;
  let offset = 0; // characters seen, for messages
  let keyParts: string[] = [];
  let valueParts: string[] = [];
  let escape = false;
  let inString = false;
  let depth = 0;
  let container = false;
  let first = true;

  const fail = (message: string): never => {
    throw new JsonFramingError(`${message} at character ${offset}`);
  };

  const emit = (): [string, unknown, string?] => {
    const keyText = keyParts.join('');
    const valueText = valueParts.join('');
    keyParts = [];
    valueParts = [];
    let key: string;
    try {
      key = JSON.parse(`"${keyText}"`) as string;
    } catch {
      return fail('a member name is not a valid JSON string');
    }
    try {
      return [key, JSON.parse(valueText)];
    } catch (error) {
      return [key, undefined, (error as Error).message];
    }
  };

  const process = function* (text: string): Generator<[string, unknown, string?]> {
    let i = 0;
    let valueStart = -1;
    const n = text.length;
    while (i < n) {
      const c = text[i]!;
      switch (state) {
        case S.Start:
          if (isWs(c) || (first && c === '\uFEFF')) break;
          first = false;
          if (c !== '{') fail('expected "{"');
          state = S.KeyOrEnd;
          break;
        case S.KeyOrEnd:
          if (isWs(c)) break;
          if (c === '}') state = S.Done;
          else if (c === '"') {
            state = S.Key;
            escape = false;
          } else fail('expected a member name');
          break;
        case S.Key: {
          // Copy up to the closing quote.
          let j = i;
          while (j < n) {
            const d = text[j]!;
            if (escape) escape = false;
            else if (d === '\\') escape = true;
            else if (d === '"') break;
            j++;
          }
          keyParts.push(text.slice(i, j));
          offset += j - i;
          if (j < n) {
            state = S.Colon;
            i = j + 1;
            offset++;
          } else i = j;
          continue;
        }
        case S.Colon:
          if (isWs(c)) break;
          if (c !== ':') fail('expected ":"');
          state = S.ValueStart;
          break;
        case S.ValueStart:
          if (isWs(c)) break;
          state = S.Value;
          valueStart = i;
          escape = false;
          depth = 0;
          inString = false;
          container = c === '{' || c === '[';
          continue; // let Value see this character
        case S.Value: {
          if (valueStart < 0) valueStart = i;
          let j = i;
          let ended = false;
          let endAt = -1;
          while (j < n) {
            const d = text[j]!;
            if (inString) {
              if (escape) escape = false;
              else if (d === '\\') escape = true;
              else if (d === '"') {
                inString = false;
                if (!container && depth === 0) {
                  ended = true;
                  endAt = j + 1;
                  break;
                }
              }
            } else if (d === '"') inString = true;
            else if (d === '{' || d === '[') depth++;
            else if (d === '}' || d === ']') {
              if (!container) {
                ended = true;
                endAt = j;
                break;
              }
              depth--;
              if (depth === 0) {
                ended = true;
                endAt = j + 1;
                break;
              }
            } else if (!container && (d === ',' || isWs(d))) {
              ended = true;
              endAt = j;
              break;
            }
            j++;
          }
          if (!ended) {
            valueParts.push(text.slice(valueStart, n));
            offset += n - i;
            i = n;
            valueStart = -1;
            continue;
          }
          valueParts.push(text.slice(valueStart, endAt));
          offset += endAt - i;
          i = endAt;
          valueStart = -1;
          state = S.CommaOrEnd;
          yield emit();
          continue;
        }
        case S.CommaOrEnd:
          if (isWs(c)) break;
          if (c === ',') state = S.KeyOrEnd;
          else if (c === '}') state = S.Done;
          else fail('expected "," or "}"');
          break;
        case S.Done:
          if (!isWs(c)) fail('unexpected text after the end of the document');
          break;
      }
      i++;
      offset++;
    }
  };

  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    yield* process(text);
  }
  yield* process(decoder.end());
  const end = state as S; // (changed inside process())
  if (end !== S.Done) fail(end === S.Start ? 'empty document' : 'document is cut short');
}

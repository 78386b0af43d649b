/**
 * Where a text stops being JSON, and why. Node's JSON.parse often does not say where
 * ("Unexpected end of JSON input", "Unexpected token '}', … is not valid JSON"); this
 * scanner, run only after it failed, finds the first character that cannot continue a
 * JSON text. The wording follows jawn's (the parser behind circe in Cosmos): "<expected>
 * got <found> (line L, column C)", both counted from 1. Package repositories, rendered
 * templates and the CLI's options files all name their JSON errors with it.
 */
export interface JsonSyntaxError {
  /** Offset of the character (UTF-16 units) where the text stops being JSON; its length when it ends too early. */
  offset: number;
  line: number;
  column: number;
  /** e.g. `expected , or }` */
  expected: string;
  /** e.g. `'"'`, or `end of input` */
  found: string;
  /** e.g. `expected , or } got '"' (line 3, column 5)` */
  message: string;
}

class Stop extends Error {
  constructor(readonly offset: number, readonly expected: string) {
    super(expected);
  }
}

/** The first syntax error of `text`, or undefined when it is JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const fail = (expected: string): never => {
    throw new Stop(i, expected);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (word: string) => {
    for (const char of word) {
      if (text[i] !== char) fail(`expected ${word}`);
      i++;
    }
  };
  const digits = () => {
    if (!(text[i] >= '0' && text[i] <= '9')) fail('expected digit');
    while (text[i] >= '0' && text[i] <= '9') i++;
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const string = () => {
    i++;
    while (text[i] !== '"') {
      if (i >= text.length) fail('expected closing "');
      if (text.charCodeAt(i) < 0x20) fail('expected escaped control character');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail('expected hex digit');
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail('expected valid escape');
      }
      i++;
    }
    i++;
  };
  const members = (close: '}' | ']', member: () => void) => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      if (text[i] !== ',') fail(`expected , or ${close}`);
      i++;
      space();
    }
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === '{') {
      members('}', () => {
        if (text[i] !== '"') fail('expected "');
        string();
        space();
        if (text[i] !== ':') fail('expected :');
        i++;
        value();
      });
    } else if (char === '[') members(']', value);
    else if (char === '"') string();
    else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else if (char === '-' || (char >= '0' && char <= '9')) number();
    else fail('expected json value');
  };
  try {
    value();
    space();
    if (i < text.length) fail('expected whitespace or eof');
    return undefined;
  } catch (error) {
    // A text nested deeper than this recursive scan can follow is named where it got to.
    if (error instanceof RangeError) return locate(text, i, 'less nesting');
    if (!(error instanceof Stop)) throw error;
    return locate(text, error.offset, error.expected);
  }
}

function locate(text: string, offset: number, expected: string): JsonSyntaxError {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const found = offset < text.length ? `'${text[offset]}'` : 'end of input';
  return { offset, line, column, expected, found, message: `${expected} got ${found} (line ${line}, column ${column})` };
}

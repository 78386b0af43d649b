import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { Problem } from './problem.js';
import { pointer, segments } from './problem.js';

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * YAML errors after which the data still has the shape the author meant, so checking it
 * goes on: a repeated key (its last value wins, as in every YAML loader) and a second
 * document (ignored). After any other syntax error the structure is a guess, and schema
 * problems found in it would be noise.
 */
const RECOVERABLE = new Set(['DUPLICATE_KEY', 'MULTIPLE_DOCS']);

/** By error code, or by code and a word of the message where one code covers several slips. */
function syntaxHint(code: string, message: string): string | undefined {
  switch (code) {
    case 'TAB_AS_INDENT': return 'indent with spaces; YAML does not allow tabs';
    case 'DUPLICATE_KEY': return 'write each key once per mapping';
    case 'MULTIPLE_DOCS': return 'a cluster file is one document: remove the second `---` and what follows, or merge them';
    case 'BAD_INDENT': return 'indent the lines of a block alike, deeper than their parent key';
    case 'MISSING_CHAR':
      if (/quote/i.test(message)) return 'close the quote opened before this point';
      if (/without - indicator/.test(message)) return 'start each list item with "- ", aligned with the others';
      if (/[\]}]/.test(message)) return 'close the bracket opened before this point';
      return undefined;
    default: return undefined;
  }
}

/**
 * A parsed cluster file that can say where any JSON pointer stands in the text. Aliases
 * are followed, so a value that came through `*anchor` is located at the anchor.
 */
export class YamlSource {
  readonly doc: Document.Parsed;
  private readonly lines = new LineCounter();
  /** Errors found at the end of the input (an unclosed bracket) are shown on the last line that has text. */
  private readonly lastTextOffset: number;

  constructor(
    text: string,
    /** The file as the user named it: locations repeat it, so they read as they typed it. */
    readonly file: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    this.lastTextOffset = Math.max(0, text.trimEnd().length - 1);
  }

  /**
   * The data, as JSON-compatible values (keys as strings); a problem instead when aliases
   * expand beyond reason (a "billion laughs" file).
   */
  data(): { data: unknown } | { problem: Problem } {
    try {
      return { data: this.doc.toJS({ maxAliasCount: 100 }) };
    } catch (err) {
      return { problem: { path: '/', message: `YAML: ${(err as Error).message}`, hint: 'use fewer aliases (*name)', at: { offset: 0 } } };
    }
  }

  /** Every YAML error as a problem; `fatal` when the data should not be checked further. */
  syntaxProblems(): { problems: Problem[]; fatal: boolean } {
    const problems = this.doc.errors.map((e): Problem => {
      const offset = Math.min(e.pos[0], this.lastTextOffset);
      const message = e.message.split('\n')[0];
      const hint = syntaxHint(e.code, message);
      return {
        path: this.pathAt(offset),
        message: `YAML: ${message}`,
        ...(hint ? { hint } : {}),
        at: { offset },
      };
    });
    return { problems, fatal: this.doc.errors.some((e) => !RECOVERABLE.has(e.code)) };
  }

  /** The node at a JSON pointer, or undefined when the file does not have it. */
  nodeAt(path: string): Node | undefined {
    return this.walk(path)?.node ?? undefined;
  }

  /** The source text of the scalar at `path` (`01` stays "01", not 1). */
  scalarSource(path: string): string | undefined {
    const node = this.nodeAt(path);
    return isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
  }

  locate(problem: Problem): SourceLocation {
    const at = problem.at;
    if (typeof at === 'object') return this.position(at.offset);
    if (at === 'parent') {
      const parts = segments(problem.path);
      parts.pop();
      return this.valueLocation(parts);
    }
    if (at === 'key') {
      const found = this.walk(problem.path);
      if (found?.pair && isScalarish(found.pair.key)) return this.position(found.pair.key.range![0]);
    }
    return this.valueLocation(segments(problem.path));
  }

  /** The value at `parts`; for a collection or an empty value, its key; else the nearest ancestor found. */
  private valueLocation(parts: string[]): SourceLocation {
    for (let n = parts.length; n >= 0; n--) {
      const path = parts.slice(0, n).reduce<string>((p, s) => pointer(p, s), '/');
      const found = this.walk(path);
      if (!found) continue;
      const { node, pair } = found;
      const keyStart = pair && isScalarish(pair.key) ? pair.key.range![0] : undefined;
      const empty = !node || !node.range || (isScalar(node) && node.range[0] === node.range[1]);
      if ((empty || isMap(node) || isSeq(node)) && keyStart !== undefined) return this.position(keyStart);
      if (node?.range) return this.position(node.range[0]);
    }
    return { file: this.file, line: 1, column: 1 };
  }

  private position(offset: number): SourceLocation {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  /** Follows a pointer through mappings, sequences and aliases; `pair` is the one holding the last step. */
  private walk(path: string): { node: Node | null; pair?: Pair<unknown, unknown> } | undefined {
    let node: Node | null = this.doc.contents;
    let pair: Pair<unknown, unknown> | undefined;
    for (const seg of segments(path)) {
      node = this.deref(node);
      if (isMap(node)) {
        // The last of repeated keys: it is the one the data holds.
        pair = [...node.items].reverse().find((p) => isScalar(p.key) && String(p.key.value) === seg) as Pair<unknown, unknown> | undefined;
        if (!pair) return undefined;
        node = (pair.value as Node | null) ?? null;
      } else if (isSeq(node)) {
        const i = Number(seg);
        if (!Number.isInteger(i) || i < 0 || i >= node.items.length) return undefined;
        node = node.items[i] as Node | null;
        pair = undefined;
      } else {
        return undefined;
      }
    }
    return { node: this.deref(node), pair };
  }

  private deref(node: Node | null): Node | null {
    return isAlias(node) ? ((node.resolve(this.doc) as Node | undefined) ?? null) : node;
  }

  /** The JSON pointer of the deepest node around `offset` ("/" when none is). */
  private pathAt(offset: number): string {
    let path = '/';
    let node: unknown = this.doc.contents;
    for (;;) {
      let next: { node: unknown; seg: string | number } | undefined;
      if (isMap(node)) {
        for (const p of node.items) {
          if (!isPair(p)) continue;
          const seg = isScalar(p.key) ? String(p.key.value) : undefined;
          if (seg === undefined) continue;
          if (contains(p.key, offset)) return pointer(path, seg);
          if (contains(p.value, offset)) next = { node: p.value, seg };
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => {
          if (contains(item, offset)) next = { node: item, seg: i };
        });
      }
      if (!next) return path;
      path = pointer(path, next.seg);
      node = next.node;
    }
  }
}

function isScalarish(node: unknown): node is Node & { range: [number, number, number] } {
  return isScalar(node) && Array.isArray(node.range);
}

function contains(node: unknown, offset: number): boolean {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return !!range && offset >= range[0] && offset < range[2];
}

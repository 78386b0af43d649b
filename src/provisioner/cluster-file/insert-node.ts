import { isMap, isPair, isScalar, isSeq, parseDocument, stringify, type Node, type Pair } from 'yaml';
import { DcosError, ErrorCodes } from '../../core/errors.js';

export interface NewNode {
  host: string;
  attributes?: Record<string, string>;
}

/**
 * Adds a node to a node list of a cluster file by inserting text: every byte of the file
 * outside the inserted text stays as it was (comments, blank lines, quoting, key order,
 * line endings), which re-serialising the parsed document would not guarantee.
 *
 *   block list   a new item after the last one, indented like the first
 *   flow list    `, {host: …}` after the last item (or inside `[]`)
 *   no key       `agents:` and the item appended at the end of the file
 *
 * Returns the new text and what was inserted. Meant for a file that validates (where a
 * node list is a list); the caller validates the result.
 */
export function insertNode(text: string, key: 'agents' | 'publicAgents', node: NewNode): { text: string; inserted: string } {
  const doc = parseDocument(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const pair = isMap(doc.contents)
    ? (doc.contents.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key) as Pair<Node, Node | null> | undefined)
    : undefined;
  const value = pair?.value;
  const fields = [`host: ${scalar(node.host)}`, ...(node.attributes && Object.keys(node.attributes).length > 0 ? [`attributes: ${flow(node.attributes)}`] : [])];
  const inline = `{${fields.join(', ')}}`;

  if (!pair) {
    const item = [`${key}:`, `  - ${fields[0]}`, ...fields.slice(1).map((f) => `    ${f}`)].join(eol) + eol;
    const sep = text === '' || text.endsWith('\n') ? '' : eol;
    return splice(text, text.length, `${sep}${item}`);
  }
  if (!isSeq(value)) throw new DcosError(ErrorCodes.INVALID_DEFINITION, `${key} is not a list: add the node by hand`);
  const last = value.items.at(-1) as Node | undefined;
  if (value.flow) {
    if (!last) return splice(text, value.range![1] - 1, inline); // before the `]` of `[]`
    return splice(text, last.range![1], `, ${inline}`);
  }
  // A block list: after the line holding the end of its last item, indented as its first item.
  const dash = column(text, value.range![0]);
  const content = column(text, (value.items[0] as Node).range![0]);
  const item = [`${' '.repeat(dash)}-${' '.repeat(Math.max(1, content - dash - 1))}${fields[0]}`, ...fields.slice(1).map((f) => `${' '.repeat(content)}${f}`)].join(eol) + eol;
  const end = last!.range![1];
  if (text[end - 1] === '\n') return splice(text, end, item);
  const lineEnd = text.indexOf('\n', end);
  return lineEnd === -1 ? splice(text, text.length, `${eol}${item}`) : splice(text, lineEnd + 1, item);
}

function splice(text: string, at: number, insert: string): { text: string; inserted: string } {
  return { text: text.slice(0, at) + insert + text.slice(at), inserted: insert };
}

/** 0-based column of an offset. */
function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** A scalar as YAML reads it back as the same string (`"1e3"` stays a string). */
function scalar(value: string): string {
  return stringify(value).trimEnd();
}

function flow(map: Record<string, string>): string {
  return `{${Object.entries(map).map(([k, v]) => `${scalar(k)}: ${scalar(v)}`).join(', ')}}`;
}

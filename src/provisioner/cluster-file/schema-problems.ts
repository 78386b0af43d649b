import { Ajv, type ErrorObject } from 'ajv';
import { pointer, segments, type Problem } from './problem.js';
import { CLUSTER_FILE_SCHEMA } from './schema.js';
import { fold, suggestKey } from './suggest.js';

interface AnnotatedSchema {
  type?: string | string[];
  properties?: Record<string, AnnotatedSchema>;
  'x-expect'?: string;
  'x-example'?: string;
}

let compiled: ReturnType<Ajv['compile']> | undefined;
function validator(): ReturnType<Ajv['compile']> {
  if (!compiled) {
    // verbose: errors carry the schema node they broke, whose x-expect/x-example word the message.
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    ajv.addVocabulary(['x-expect', 'x-example']);
    compiled = ajv.compile(CLUSTER_FILE_SCHEMA);
  }
  return compiled;
}

/** Every schema violation of the data, one problem per (path, message). */
export function schemaProblems(data: unknown): Problem[] {
  const validate = validator();
  if (validate(data)) return [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const p = describe(e);
    if (!p) continue;
    const id = `${p.path}\u0000${p.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(p);
  }
  return problems;
}

function describe(e: ErrorObject): Problem | undefined {
  const schema = (e.parentSchema ?? {}) as AnnotatedSchema;
  const path = e.instancePath === '' ? '/' : e.instancePath;
  switch (e.keyword) {
    case 'propertyNames':
      return undefined; // its inner error (with propertyName) says which name and why
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const fragment = exampleFragment(missing, schema.properties?.[missing]);
      return { path: pointer(path, missing), message: 'is required', ...(fragment ? { hint: `add \`${fragment}\`` } : {}), at: 'parent', missing: true };
    }
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      return { path: pointer(path, key), message: 'is not a known key', ...unknownKeyHint(key, path, schema), at: 'key' };
    }
  }
  const message = schema['x-expect'] ? `must be ${schema['x-expect']}` : (e.message ?? e.keyword);
  if (e.propertyName !== undefined) {
    const hint = /\s/.test(e.propertyName) ? 'spaces are not allowed: use "-" or "_"' : undefined;
    return { path: pointer(path, e.propertyName), message, ...(hint ? { hint } : {}), at: 'key' };
  }
  const hint = e.keyword === 'type' ? typeHint(path, e.data, schema) : valueHint(path, e.data, schema);
  return { path, message, ...(hint ? { hint } : {}), at: 'value' };
}

/** `port: 22`, `- host: 10.0.0.1`, `ssh: {…}`: what a correct line looks like. */
function exampleFragment(key: string, schema: AnnotatedSchema | undefined): string | undefined {
  const example = schema?.['x-example'];
  if (example === undefined) return undefined;
  const collection = schema?.type === 'object' || schema?.type === 'array';
  return collection || /^\d+$/.test(key) ? example : `${key}: ${example}`;
}

function lastSegment(path: string): string {
  return segments(path).pop() ?? '';
}

function typeHint(path: string, value: unknown, schema: AnnotatedSchema): string | undefined {
  const key = lastSegment(path);
  const wantsNumber = schema.type === 'integer' || schema.type === 'number';
  if (wantsNumber && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return `quoted, it is a string: write \`${key}: ${value.trim()}\` without quotes`;
  }
  // DC/OS's master_list style: a list of addresses instead of a list of nodes.
  if (schema.type === 'object' && typeof value === 'string' && /^\d+$/.test(key)) {
    return `each node is a mapping: write \`- host: ${value}\``;
  }
  const fragment = exampleFragment(key, schema);
  if (value === null && fragment) return `the value is empty (nothing, \`~\` and \`null\` are YAML's null): e.g. \`${fragment}\``;
  if (schema.type === 'array' && typeof value === 'number' && fragment) return `list the nodes themselves, not how many: e.g. \`${fragment}\``;
  return fragment ? `e.g. \`${fragment}\`` : undefined;
}

/** For a value of the right type but the wrong form: name the likely slip. */
function valueHint(path: string, value: unknown, schema: AnnotatedSchema): string | undefined {
  if (typeof value !== 'string') return undefined;
  const key = lastSegment(path);
  if (key === 'host' || key === 'address') {
    const userAt = /^([^@\s]+)@([^@\s]+)$/.exec(value);
    if (userAt) return `write the user separately: \`user: ${userAt[1]}\` and \`${key}: ${userAt[2]}\``;
    if (value.includes('://')) return `write the host alone, without a scheme, e.g. \`${key}: ${value.replace(/^[a-z]+:\/\//i, '').replace(/[/:].*$/, '')}\``;
  }
  if (path === '/name' && new RegExp(CLUSTER_FILE_SCHEMA.properties.name.pattern).test(value.toLowerCase())) {
    return `use lowercase: \`name: ${value.toLowerCase()}\``;
  }
  if (path.startsWith('/paths/') && !value.startsWith('/')) return `an absolute path, e.g. \`${key}: ${schema['x-example']}\``;
  if (/\s/.test(value)) return 'spaces are not allowed: use "-" or "_"';
  return undefined;
}

function unknownKeyHint(key: string, path: string, schema: AnnotatedSchema): { hint: string; meant?: string } {
  if (key === '<<') return { hint: 'YAML merge keys (<<) are not supported: put what nodes share under `ssh:`' };
  const known = Object.keys(schema.properties ?? {});
  const isNode = known.includes('host');
  if (isNode && fold(key) === 'ssh') return { hint: 'set `port`, `user` and `keyFile` directly on the node' };
  const candidates = [...known];
  if (path === '/') {
    // A key of a section written at the top level (`user:`, `ssh_user:`): name its place.
    for (const [section, sub] of Object.entries(schema.properties ?? {})) {
      for (const k of Object.keys(sub.properties ?? {})) if (!known.includes(k)) candidates.push(`${section}.${k}`);
    }
  }
  const suggestion = suggestKey(key, candidates);
  if (!suggestion) return { hint: `known keys here: ${known.join(', ')}` };
  return { hint: `did you mean \`${suggestion}\`?`, meant: suggestion.split('.').reduce((p, s) => pointer(p, s), path) };
}

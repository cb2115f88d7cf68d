import { readFile } from 'node:fs/promises';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument, type Tags } from 'yaml';
import { TemplateError } from './template-error';
import type { CfnTemplate } from './template-types';

/** Short-form tags CloudFormation accepts, mapped to their long (JSON) key. */
const SHORT_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!Transform': 'Fn::Transform',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

/*
 * The tags are registered only so the YAML parser accepts them without warnings; the conversion to long
 * form happens in our own walk over the syntax tree, where the line of every node is known.
 */
const PASS_THROUGH_TAGS: Tags = Object.keys(SHORT_TAGS).flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag, collection: 'map' as const, resolve: (value: unknown) => value },
]) as Tags;

/**
 * Parses a CloudFormation/SAM template (YAML with short-form tags, or JSON) into plain JSON long form:
 * `!Ref X` -> `{ Ref: 'X' }`, `!GetAtt A.B` -> `{ 'Fn::GetAtt': ['A', 'B'] }`, `!Sub s` -> `{ 'Fn::Sub': s }`...
 * Errors are `TemplateError`s naming the file and line.
 */
export function parseTemplate(text: string, fileName?: string): CfnTemplate {
  const trimmed = text.trimStart();
  const value =
    trimmed.startsWith('{') || fileName?.endsWith('.json') ? parseJson(text, fileName) : parseYaml(text, fileName);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TemplateError('a template must be a mapping at the top level', fileName, 1);
  }
  const template = value as CfnTemplate;
  if (template.Resources === undefined || template.Resources === null || typeof template.Resources !== 'object') {
    throw new TemplateError('the template has no Resources section', fileName);
  }
  return template;
}

/** Reads and parses a template file (see `parseTemplate`). */
export async function loadTemplate(path: string): Promise<CfnTemplate> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new TemplateError(`cannot read the template: ${(error as Error).message}`, path);
  }
  return parseTemplate(text, path);
}

function parseJson(text: string, fileName?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // JSON is YAML: the YAML parser reports the line of the mistake, which JSON.parse does not.
    parseYaml(text, fileName);
    throw new TemplateError(`invalid JSON: ${(error as Error).message}`, fileName);
  }
}

function parseYaml(text: string, fileName?: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    customTags: PASS_THROUGH_TAGS,
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    merge: true,
  });
  const lineOf = (offset: number | undefined): number | undefined =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;
  const [firstError] = doc.errors;
  if (firstError) {
    throw new TemplateError(`invalid YAML: ${firstError.message.split('\n')[0]}`, fileName, lineOf(firstError.pos[0]));
  }

  const convert = (node: unknown, path: string): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return convert(node.resolve(doc), path);
    const n = node as Node;
    const line = lineOf(n.range?.[0]);
    let value: unknown;
    if (isScalar(n)) {
      value = n.value;
    } else if (isSeq(n)) {
      value = n.items.map((item, index) => convert(item, `${path}[${index}]`));
    } else if (isMap(n)) {
      const out: Record<string, unknown> = {};
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const rawKey = isScalar(pair.key) ? pair.key.value : pair.key;
        if (isMergeKey(rawKey)) continue; // merged below, with this mapping's own keys winning
        if (rawKey !== null && typeof rawKey === 'object') {
          throw new TemplateError(`complex mapping keys are not supported at ${path}`, fileName, line);
        }
        const key = String(rawKey);
        out[key] = convert(pair.value, path ? `${path}.${key}` : key);
      }
      const merged = mergeKeysOf(n, doc, convert, path);
      value = merged ? { ...merged, ...out } : out;
    } else {
      throw new TemplateError(`unsupported YAML node at ${path || 'the top level'}`, fileName, line);
    }
    const tag = n.tag;
    if (tag === undefined || !tag.startsWith('!') || tag.startsWith('!!')) return value;
    const longName = SHORT_TAGS[tag];
    if (longName === undefined)
      throw new TemplateError(`unknown tag ${tag} at ${path || 'the top level'}`, fileName, line);
    if (tag === '!GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      if (dot <= 0 || dot === value.length - 1) {
        throw new TemplateError(`!GetAtt needs "LogicalId.Attribute", got "${value}" at ${path}`, fileName, line);
      }
      return { [longName]: [value.slice(0, dot), value.slice(dot + 1)] };
    }
    if ((tag === '!Ref' || tag === '!Condition') && typeof value !== 'string') {
      throw new TemplateError(`${tag} needs a scalar name at ${path}`, fileName, line);
    }
    return { [longName]: value };
  };

  return convert(doc.contents, '');
}

function isMergeKey(key: unknown): boolean {
  return key === '<<' || (typeof key === 'symbol' && key.description === '<<');
}

function mergeKeysOf(
  map: Node,
  doc: ReturnType<typeof parseDocument>,
  convert: (node: unknown, path: string) => unknown,
  path: string,
): Record<string, unknown> | undefined {
  if (!isMap(map)) return undefined;
  let merged: Record<string, unknown> | undefined;
  for (const pair of map.items) {
    if (!isPair(pair) || !isScalar(pair.key) || !isMergeKey(pair.key.value)) continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const resolved = convert(isAlias(source) ? source.resolve(doc) : source, path);
      if (resolved && typeof resolved === 'object' && !Array.isArray(resolved)) {
        merged = { ...(resolved as Record<string, unknown>), ...merged };
      }
    }
  }
  return merged;
}

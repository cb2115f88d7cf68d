import { parse, type Tags } from 'yaml';
import { isRecord } from '../rules/property-values';

export interface CfnTemplate {
  AWSTemplateFormatVersion?: string;
  Transform?: unknown;
  Parameters?: Record<string, Record<string, unknown>>;
  Globals?: Record<string, Record<string, unknown>>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  Condition?: string;
  DependsOn?: unknown;
  [key: string]: unknown;
}

// CloudFormation's short-form tags (!Ref, !Sub, ...) mapped to their long form so rules see one shape.
const SHORT_FORMS = ['Ref', 'Condition'].concat(
  [
    'Base64',
    'Cidr',
    'FindInMap',
    'GetAZs',
    'ImportValue',
    'Join',
    'Select',
    'Split',
    'Sub',
    'Transform',
    'And',
    'Equals',
    'If',
    'Not',
    'Or',
    'ToJsonString',
    'Length',
  ].map((name) => `Fn::${name}`),
);

function cfnTags(): Tags {
  const tags: Tags = [];
  for (const longName of SHORT_FORMS) {
    const tag = `!${longName.replace('Fn::', '')}`;
    for (const collection of [undefined, 'seq', 'map'] as const) {
      tags.push({
        tag,
        ...(collection ? { collection } : {}),
        resolve: (value: unknown) => ({ [longName]: toPlain(value) }),
      } as Tags[number]);
    }
  }
  for (const collection of [undefined, 'seq'] as const) {
    tags.push({
      tag: '!GetAtt',
      ...(collection ? { collection } : {}),
      resolve: (value: unknown) => {
        const plain = toPlain(value);
        // !GetAtt Resource.Attribute is the scalar form; the long form is a two-element list.
        if (typeof plain === 'string') {
          const dot = plain.indexOf('.');
          return { 'Fn::GetAtt': dot < 0 ? [plain] : [plain.slice(0, dot), plain.slice(dot + 1)] };
        }
        return { 'Fn::GetAtt': plain };
      },
    } as Tags[number]);
  }
  return tags;
}

function toPlain(value: unknown): unknown {
  if (value && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') {
    return value.toJSON();
  }
  return value;
}

const TAGS = cfnTags();

/** Parses a CloudFormation/SAM template given as JSON or YAML (with short-form tags); throws on anything else. */
export function parseCfnTemplate(text: string): CfnTemplate {
  const parsed: unknown = parse(text, { customTags: TAGS, maxAliasCount: 100, uniqueKeys: true });
  if (!isRecord(parsed)) throw new Error('the template is not a mapping');
  const resources = parsed['Resources'];
  if (!isRecord(resources)) throw new Error('the template has no Resources section');
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || typeof resource['Type'] !== 'string') {
      throw new Error(`resource ${logicalId} has no Type`);
    }
    if (resource['Properties'] !== undefined && !isRecord(resource['Properties'])) {
      throw new Error(`resource ${logicalId} has Properties that are not a mapping`);
    }
  }
  return parsed as CfnTemplate;
}

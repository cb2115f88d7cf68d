// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are CloudFormation ${} substitutions, not JavaScript templates
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverStacks, loadTemplate, parseTemplate, TemplateError } from '../../src/template';

const wrap = (body: string): string => `Resources:\n  R:\n    Type: AWS::SNS::Topic\n    Properties:\n${body}`;
const props = (body: string): Record<string, unknown> =>
  parseTemplate(wrap(body), 't.yaml').Resources.R?.Properties as Record<string, unknown>;

describe('parseTemplate', () => {
  it.each([
    ['!Ref Env', { Ref: 'Env' }],
    ['!Condition IsProd', { Condition: 'IsProd' }],
    ["!Sub '${AWS::StackName}-x'", { 'Fn::Sub': '${AWS::StackName}-x' }],
    ['!Sub [ "a-${X}", { X: !Ref Env } ]', { 'Fn::Sub': ['a-${X}', { X: { Ref: 'Env' } }] }],
    ['!GetAtt Table.Arn', { 'Fn::GetAtt': ['Table', 'Arn'] }],
    ['!GetAtt Db.Endpoint.Address', { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] }],
    ['!GetAtt [Table, StreamArn]', { 'Fn::GetAtt': ['Table', 'StreamArn'] }],
    ["!Join ['', [a, !Ref Env]]", { 'Fn::Join': ['', ['a', { Ref: 'Env' }]] }],
    ['!Select [0, !GetAZs ""]', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }],
    ["!Split [',', 'a,b']", { 'Fn::Split': [',', 'a,b'] }],
    ['!If [IsProd, 1, !Ref AWS::NoValue]', { 'Fn::If': ['IsProd', 1, { Ref: 'AWS::NoValue' }] }],
    ['!Equals [!Ref Env, prod]', { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }],
    ['!And [!Condition A, !Condition B]', { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Or [!Condition A, !Condition B]', { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Not [!Condition A]', { 'Fn::Not': [{ Condition: 'A' }] }],
    ['!FindInMap [M, !Ref Env, Size]', { 'Fn::FindInMap': ['M', { Ref: 'Env' }, 'Size'] }],
    ["!ImportValue 'tbs-x:Arn'", { 'Fn::ImportValue': 'tbs-x:Arn' }],
    ['!Base64 hello', { 'Fn::Base64': 'hello' }],
    ["!Cidr ['10.0.0.0/16', 4, 8]", { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }],
    ['!GetAZs eu-west-1', { 'Fn::GetAZs': 'eu-west-1' }],
    [
      '!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}',
      { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } },
    ],
  ])('turns %s into its long form', (yaml, expected) => {
    expect(props(`      V: ${yaml}\n`).V).toEqual(expected);
  });

  it('turns block-style tagged sequences and nested mappings into long form', () => {
    const value = props(
      [
        '      V: !Sub',
        "        - '${Name}-${AWS::Region}'",
        '        - Name: !ImportValue',
        '            Fn::Sub: "x-${Env}:Name"',
        '',
      ].join('\n'),
    ).V;
    expect(value).toEqual({
      'Fn::Sub': ['${Name}-${AWS::Region}', { Name: { 'Fn::ImportValue': { 'Fn::Sub': 'x-${Env}:Name' } } }],
    });
  });

  it('keeps block scalars under a tag, as multi-line !Sub user data is written', () => {
    const value = props(
      ['      V:', '        Fn::Base64: !Sub |', '          #!/bin/sh', '          echo ${Env}', ''].join('\n'),
    ).V;
    expect(value).toEqual({ 'Fn::Base64': { 'Fn::Sub': '#!/bin/sh\necho ${Env}\n' } });
  });

  it('applies anchors and merge keys, the mapping’s own keys winning', () => {
    const template = parseTemplate(
      'Metadata:\n  Base: &base {A: 1, B: 2}\nResources:\n  R:\n    Type: T\n    Properties:\n      <<: *base\n      B: 3\n',
    );
    expect(template.Resources.R?.Properties).toEqual({ A: 1, B: 3 });
  });

  it('names the file and line of an unknown tag', () => {
    expect(() => parseTemplate(wrap('      A: 1\n      V: !Reff Env\n'), 'stack/template.yaml')).toThrow(
      /stack\/template\.yaml:6: unknown tag !Reff at Resources\.R\.Properties\.V/,
    );
  });

  it('names the file and line of a YAML syntax error and of duplicate keys', () => {
    expect(() => parseTemplate(wrap('      V: [a, b\n'), 't.yaml')).toThrow(TemplateError);
    expect(() => parseTemplate(wrap('      V: 1\n      V: 2\n'), 't.yaml')).toThrow(/t\.yaml:6: .*unique/);
  });

  it('rejects a !GetAtt without an attribute', () => {
    expect(() => props('      V: !GetAtt Table\n')).toThrow(/LogicalId\.Attribute.*t\.yaml|t\.yaml:5: !GetAtt/);
  });

  it('parses JSON templates, and names the line of a JSON mistake', () => {
    const json = JSON.stringify({ Resources: { R: { Type: 'T', Properties: { A: { 'Fn::Sub': 'x' } } } } });
    expect(parseTemplate(json, 't.json').Resources.R?.Properties).toEqual({ A: { 'Fn::Sub': 'x' } });
    expect(() => parseTemplate('{\n  "Resources": {\n    "R": [1,,]\n  }\n}', 't.json')).toThrow(/t\.json:3/);
  });

  it('rejects a document without Resources', () => {
    expect(() => parseTemplate('Parameters: {}\n', 'empty.yaml')).toThrow(/empty\.yaml: the template has no Resources/);
  });
});

describe('loadTemplate and discoverStacks', () => {
  it('finds every tbs-*/template.yaml under the root, in name order', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tbs-discover-'));
    try {
      for (const name of ['tbs-b', 'tbs-a', 'other']) {
        await mkdir(join(root, name));
        await writeFile(join(root, name, 'template.yaml'), 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n');
      }
      await mkdir(join(root, 'tbs-no-template'));
      const stacks = await discoverStacks(root);
      expect(stacks.map((s) => s.name)).toEqual(['tbs-a', 'tbs-b']);
      expect(stacks[0]?.templatePath).toBe(join(root, 'tbs-a', 'template.yaml'));
      expect(stacks[0]?.template.Resources.T?.Type).toBe('AWS::SNS::Topic');
      await expect(loadTemplate(join(root, 'missing.yaml'))).rejects.toThrow(/missing\.yaml: cannot read/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

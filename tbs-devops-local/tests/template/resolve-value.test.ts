// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are CloudFormation ${} substitutions, not JavaScript templates
import { describe, expect, it } from 'vitest';
import { cidrSubnets, createResolveContext, type ResolveContext, resolveValue } from '../../src/template';

const ctx = (extra: Partial<ResolveContext> = {}): ResolveContext =>
  createResolveContext({
    stackName: 'tbs-app-product-local',
    region: 'ap-southeast-2',
    accountId: '123456789012',
    parameters: { Env: 'local', Zones: ['a', 'b'], Count: '3' },
    conditions: { IsLocal: true, IsProd: false },
    mappings: { Sizes: { local: { Memory: 256 }, prod: { Memory: 1024 } } },
    resources: {
      Table: {
        ref: 'products-table',
        attributes: { Arn: 'arn:aws:dynamodb:::table/products', 'Endpoint.Address': 'db' },
      },
    },
    imports: { 'tbs-devops-aiagent-local:AlarmTopicArn': 'arn:aws:sns:ap-southeast-2:123456789012:alarms' },
    ...extra,
  });

const r = (value: unknown, extra?: Partial<ResolveContext>): unknown => resolveValue(value, ctx(extra), 'Test');

describe('resolveValue: Ref and pseudo parameters', () => {
  it('resolves parameters, resources and every pseudo parameter', () => {
    expect(r({ Ref: 'Env' })).toBe('local');
    expect(r({ Ref: 'Zones' })).toEqual(['a', 'b']);
    expect(r({ Ref: 'Table' })).toBe('products-table');
    expect(r({ Ref: 'AWS::AccountId' })).toBe('123456789012');
    expect(r({ Ref: 'AWS::Region' })).toBe('ap-southeast-2');
    expect(r({ Ref: 'AWS::StackName' })).toBe('tbs-app-product-local');
    expect(r({ Ref: 'AWS::StackId' })).toBe(
      'arn:aws:cloudformation:ap-southeast-2:123456789012:stack/tbs-app-product-local/local',
    );
    expect(r({ Ref: 'AWS::Partition' })).toBe('aws');
    expect(r({ Ref: 'AWS::URLSuffix' })).toBe('amazonaws.com');
    expect(r({ Ref: 'AWS::NotificationARNs' })).toEqual([]);
  });

  it('drops AWS::NoValue from mappings and lists, and yields undefined at the top', () => {
    expect(r({ A: 1, B: { Ref: 'AWS::NoValue' } })).toEqual({ A: 1 });
    expect(r([1, { Ref: 'AWS::NoValue' }, 2])).toEqual([1, 2]);
    expect(r({ Ref: 'AWS::NoValue' })).toBeUndefined();
    expect(r({ A: { 'Fn::If': ['IsProd', 'x', { Ref: 'AWS::NoValue' }] } })).toEqual({});
  });

  it('names the missing name and the path', () => {
    expect(() => resolveValue({ X: { Ref: 'Nope' } }, ctx(), 'Resources.Fn.Properties')).toThrow(
      /Ref to "Nope".*Resources\.Fn\.Properties\.X\.Ref/,
    );
  });
});

describe('resolveValue: functions', () => {
  it('Fn::GetAtt, including dotted attribute names, and names a missing attribute', () => {
    expect(r({ 'Fn::GetAtt': ['Table', 'Arn'] })).toBe('arn:aws:dynamodb:::table/products');
    expect(r({ 'Fn::GetAtt': ['Table', 'Endpoint.Address'] })).toBe('db');
    expect(r({ 'Fn::GetAtt': 'Table.Arn' })).toBe('arn:aws:dynamodb:::table/products');
    expect(() => r({ 'Fn::GetAtt': ['Table', 'StreamArn'] })).toThrow(/Table has no attribute StreamArn.*it has: Arn/);
    expect(() => r({ 'Fn::GetAtt': ['Queue', 'Arn'] })).toThrow(/no resource Queue/);
  });

  it('Fn::Sub in both forms, with ${!Literal}, ${Res.Attr} and pseudo parameters', () => {
    expect(r({ 'Fn::Sub': '${AWS::StackName}-${Env}:${Table}' })).toBe('tbs-app-product-local-local:products-table');
    expect(r({ 'Fn::Sub': '${Table.Arn}/index/*' })).toBe('arn:aws:dynamodb:::table/products/index/*');
    expect(r({ 'Fn::Sub': 'keep ${!Literal} as is' })).toBe('keep ${Literal} as is');
    expect(r({ 'Fn::Sub': ['${Name}-${AWS::Region}', { Name: { Ref: 'Env' } }] })).toBe('local-ap-southeast-2');
    expect(r({ 'Fn::Sub': 'count=${Count}' })).toBe('count=3');
    expect(() => r({ 'Fn::Sub': '${Zones}' })).toThrow(/needs strings, got a list/);
  });

  it('Fn::Join, Fn::Select, Fn::Split', () => {
    expect(r({ 'Fn::Join': [',', ['a', { Ref: 'Env' }, 3]] })).toBe('a,local,3');
    expect(r({ 'Fn::Join': ['-', { Ref: 'Zones' }] })).toBe('a-b');
    expect(r({ 'Fn::Select': [1, ['x', 'y']] })).toBe('y');
    expect(r({ 'Fn::Select': ['0', { 'Fn::Split': [',', 'p,q'] }] })).toBe('p');
    expect(() => r({ 'Fn::Select': [5, ['x']] })).toThrow(/outside the list of 1/);
    expect(r({ 'Fn::Split': ['|', 'a|b|c'] })).toEqual(['a', 'b', 'c']);
  });

  it('Fn::If, Fn::Equals, Fn::And, Fn::Or, Fn::Not and Condition', () => {
    expect(r({ 'Fn::If': ['IsLocal', 'yes', 'no'] })).toBe('yes');
    expect(r({ 'Fn::If': ['IsProd', 'yes', 'no'] })).toBe('no');
    expect(r({ 'Fn::Equals': [{ Ref: 'Env' }, 'local'] })).toBe(true);
    expect(r({ 'Fn::Equals': [{ Ref: 'Count' }, 3] })).toBe(true);
    expect(r({ 'Fn::And': [{ Condition: 'IsLocal' }, { 'Fn::Equals': ['a', 'a'] }] })).toBe(true);
    expect(r({ 'Fn::And': [{ Condition: 'IsLocal' }, { Condition: 'IsProd' }] })).toBe(false);
    expect(r({ 'Fn::Or': [{ Condition: 'IsProd' }, { Condition: 'IsLocal' }] })).toBe(true);
    expect(r({ 'Fn::Not': [{ Condition: 'IsProd' }] })).toBe(true);
    expect(() => r({ 'Fn::If': ['Unknown', 1, 2] })).toThrow(/unknown condition "Unknown"/);
    expect(() => r({ 'Fn::And': [{ Condition: 'IsLocal' }] })).toThrow(/2 to 10/);
  });

  it('Fn::FindInMap, with and without DefaultValue', () => {
    expect(r({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Memory'] })).toBe(256);
    expect(r({ 'Fn::FindInMap': ['Sizes', 'dev', 'Memory', { DefaultValue: 512 }] })).toBe(512);
    expect(() => r({ 'Fn::FindInMap': ['Sizes', 'dev', 'Memory'] })).toThrow(/mapping Sizes has no dev\.Memory/);
    expect(() => r({ 'Fn::FindInMap': ['Nope', 'a', 'b'] })).toThrow(/no mapping Nope/);
  });

  it('Fn::ImportValue, naming the export and the importing stack when missing', () => {
    expect(r({ 'Fn::ImportValue': { 'Fn::Sub': 'tbs-devops-aiagent-${Env}:AlarmTopicArn' } })).toBe(
      'arn:aws:sns:ap-southeast-2:123456789012:alarms',
    );
    expect(() => r({ 'Fn::ImportValue': 'tbs-app-customer-local:UserPoolId' })).toThrow(
      /stack tbs-app-product-local imports "tbs-app-customer-local:UserPoolId", which no stack exports/,
    );
  });

  it('Fn::Base64, Fn::GetAZs, Fn::Cidr, Fn::Length and Fn::ToJsonString', () => {
    expect(r({ 'Fn::Base64': { 'Fn::Sub': '#!/bin/sh ${Env}' } })).toBe(
      Buffer.from('#!/bin/sh local').toString('base64'),
    );
    expect(r({ 'Fn::GetAZs': '' })).toEqual(['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c']);
    expect(r({ 'Fn::GetAZs': { Ref: 'AWS::Region' } }, { availabilityZones: () => ['z1'] })).toEqual(['z1']);
    expect(r({ 'Fn::Cidr': ['10.0.0.0/16', 3, 8] })).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    expect(r({ 'Fn::Length': { Ref: 'Zones' } })).toBe(2);
    expect(r({ 'Fn::ToJsonString': { A: { Ref: 'Env' } } })).toBe('{"A":"local"}');
  });

  it('rejects unknown intrinsics and Fn::Transform, naming them and the path', () => {
    expect(() => resolveValue({ A: { 'Fn::Magic': 1 } }, ctx(), 'Resources.X')).toThrow(
      /unknown intrinsic function Fn::Magic.*Resources\.X\.A\.Fn::Magic/,
    );
    expect(() => r({ 'Fn::Transform': { Name: 'AWS::Include' } })).toThrow(/Fn::Transform/);
  });

  it('leaves plain mappings that merely contain a Condition key alone', () => {
    expect(r({ Condition: { StringEquals: { 'aws:x': 'y' } } })).toEqual({
      Condition: { StringEquals: { 'aws:x': 'y' } },
    });
  });
});

describe('cidrSubnets', () => {
  it('carves IPv4 and IPv6 blocks like Fn::Cidr', () => {
    expect(cidrSubnets('192.168.0.0/24', 6, 5)).toEqual([
      '192.168.0.0/27',
      '192.168.0.32/27',
      '192.168.0.64/27',
      '192.168.0.96/27',
      '192.168.0.128/27',
      '192.168.0.160/27',
    ]);
    expect(cidrSubnets('2001:db8::/56', 2, 64)).toEqual(['2001:db8::/64', '2001:db8:0:1::/64']);
    expect(() => cidrSubnets('10.0.0.0/30', 8, 1)).toThrow(/holds only 2 subnets/);
  });
});

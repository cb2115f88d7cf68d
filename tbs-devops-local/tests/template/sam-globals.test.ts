import { describe, expect, it } from 'vitest';
import { applySamGlobals, parseTemplate } from '../../src/template';

const template = parseTemplate(`
Globals:
  Function:
    Runtime: nodejs24.x
    Timeout: 10
    Tracing: Active
    Layers: [global-layer]
    Environment:
      Variables: {LOG_LEVEL: INFO, TABLE: global}
    Tags: {team: shop}
  Api:
    TracingEnabled: true
    MethodSettings: [{HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 50}]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.handler
      Timeout: 30
      Layers: [own-layer]
      Environment:
        Variables: {TABLE: !Ref Table}
  Other:
    Type: AWS::Serverless::Function
    Properties:
      Handler: b.handler
      Tags: !If [IsProd, {tier: gold}, {tier: tin}]
  Api:
    Type: AWS::Serverless::Api
    Properties: {StageName: v1}
  Table:
    Type: AWS::DynamoDB::Table
    Properties: {BillingMode: PAY_PER_REQUEST}
`);

describe('applySamGlobals', () => {
  const applied = applySamGlobals(template);

  it('merges maps key by key with the resource winning, concatenates lists and keeps resource scalars', () => {
    expect(applied.Resources.Fn?.Properties).toEqual({
      Handler: 'a.handler',
      Runtime: 'nodejs24.x',
      Timeout: 30,
      Tracing: 'Active',
      Layers: ['global-layer', 'own-layer'],
      Environment: { Variables: { LOG_LEVEL: 'INFO', TABLE: { Ref: 'Table' } } },
      Tags: { team: 'shop' },
    });
  });

  it('lets an intrinsic function in the resource replace a global map rather than merge into it', () => {
    expect(applied.Resources.Other?.Properties?.Tags).toEqual({
      'Fn::If': ['IsProd', { tier: 'gold' }, { tier: 'tin' }],
    });
    expect(applied.Resources.Other?.Properties?.Timeout).toBe(10);
  });

  it('applies each section only to its resource type and drops the Globals section', () => {
    expect(applied.Resources.Api?.Properties).toEqual({
      StageName: 'v1',
      TracingEnabled: true,
      MethodSettings: [{ HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 50 }],
    });
    expect(applied.Resources.Table?.Properties).toEqual({ BillingMode: 'PAY_PER_REQUEST' });
    expect(applied.Globals).toBeUndefined();
    expect(template.Globals).toBeDefined();
    expect(applySamGlobals(applied)).toEqual(applied);
  });

  it('rejects unknown sections and Function properties SAM refuses to make global', () => {
    const withGlobals = (globals: string) =>
      parseTemplate(`Globals:\n${globals}\nResources:\n  T: {Type: AWS::SNS::Topic}\n`);
    expect(() => applySamGlobals(withGlobals('  Queue: {VisibilityTimeout: 30}'))).toThrow(
      /Globals: 'Queue' is not supported; must be one of Api, Function, HttpApi, LayerVersion, SimpleTable/,
    );
    expect(() => applySamGlobals(withGlobals('  Function: {Policies: [AWSLambdaExecute], Timeout: 3}'))).toThrow(
      /Globals\.Function: Policies cannot be set globally/,
    );
  });
});

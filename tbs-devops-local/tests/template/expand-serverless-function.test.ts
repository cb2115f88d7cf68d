// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are CloudFormation ${} substitutions, not JavaScript templates
import { describe, expect, it } from 'vitest';
import { applySamGlobals, expandServerlessFunction, parseTemplate } from '../../src/template';

const template = applySamGlobals(
  parseTemplate(`
Globals:
  Function:
    Runtime: nodejs24.x
    Tracing: Active
Resources:
  ProductsFunction:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: esbuild
      BuildProperties: {Format: esm, EntryPoints: [src/handlers/http/get-product.ts]}
    Properties:
      Handler: get-product.handler
      CodeUri: .
      ReservedConcurrentExecutions: 5
      Environment: {Variables: {TABLE_NAME: !Ref Table}}
      Policies:
        - DynamoDBReadPolicy: {TableName: !Ref Table}
        - AmazonS3ReadOnlyAccess
        - Statement: [{Effect: Allow, Action: sns:Publish, Resource: '*'}]
      Events:
        GetProduct:
          Type: Api
          Properties: {Path: '/products/{id}', Method: get}
        Changes:
          Type: SQS
          Properties: {Queue: !GetAtt Queue.Arn, BatchSize: 5, FunctionResponseTypes: [ReportBatchItemFailures]}
        Topic:
          Type: SNS
          Properties:
            Topic: !Ref Topic
            FilterPolicy: {type: [tbs.order.OrderPaid.v1]}
        Signup:
          Type: Cognito
          Properties: {UserPool: !Ref Pool, Trigger: PostConfirmation}
        Nightly:
          Type: Schedule
          Properties: {Schedule: rate(1 day)}
        Import:
          Type: S3
          Properties: {Bucket: !Ref Bucket, Events: 's3:ObjectCreated:*'}
  WithRole:
    Type: AWS::Serverless::Function
    Properties: {Handler: x.handler, Role: arn:aws:iam::1:role/r}
`),
);

describe('expandServerlessFunction', () => {
  const expanded = expandServerlessFunction('ProductsFunction', template.Resources.ProductsFunction!);

  it('describes the Lambda function with SAM defaults and the build metadata', () => {
    expect(expanded.function).toMatchObject({
      handler: 'get-product.handler',
      runtime: 'nodejs24.x',
      memorySize: 128,
      timeout: 3,
      architectures: ['x86_64'],
      tracing: 'Active',
      reservedConcurrentExecutions: 5,
      environment: { TABLE_NAME: { Ref: 'Table' } },
      role: { 'Fn::GetAtt': ['ProductsFunctionRole', 'Arn'] },
    });
    expect(expanded.build).toEqual({
      method: 'esbuild',
      properties: { Format: 'esm', EntryPoints: ['src/handlers/http/get-product.ts'] },
    });
  });

  it('describes the generated role with basic execution, X-Ray and the declared policies', () => {
    expect(expanded.role?.logicalId).toBe('ProductsFunctionRole');
    expect(expanded.role?.managedPolicyArns).toHaveLength(2);
    expect(expanded.role?.policies).toEqual([
      { kind: 'template', name: 'DynamoDBReadPolicy', parameters: { TableName: { Ref: 'Table' } } },
      { kind: 'managed', arn: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonS3ReadOnlyAccess' } },
      { kind: 'inline', document: { Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }] } },
    ]);
    expect(expandServerlessFunction('WithRole', template.Resources.WithRole!).role).toBeUndefined();
  });

  it('describes each event source with SAM defaults and generated logical ids', () => {
    const byId = Object.fromEntries(expanded.events.map((e) => [e.id, e]));
    expect(byId.GetProduct).toMatchObject({
      type: 'Api',
      apiId: { Ref: 'ServerlessRestApi' },
      implicitApi: true,
      path: '/products/{id}',
      method: 'GET',
    });
    expect(byId.Changes).toMatchObject({
      type: 'SQS',
      mappingLogicalId: 'ProductsFunctionChanges',
      queue: { 'Fn::GetAtt': ['Queue', 'Arn'] },
      batchSize: 5,
      maximumBatchingWindowInSeconds: 0,
      functionResponseTypes: ['ReportBatchItemFailures'],
      enabled: true,
    });
    expect(byId.Topic).toMatchObject({
      type: 'SNS',
      topic: { Ref: 'Topic' },
      filterPolicy: { type: ['tbs.order.OrderPaid.v1'] },
      filterPolicyScope: 'MessageAttributes',
      sqsSubscription: false,
    });
    expect(byId.Signup).toMatchObject({ type: 'Cognito', triggers: ['PostConfirmation'] });
    expect(byId.Nightly).toMatchObject({ type: 'Schedule', schedule: 'rate(1 day)', enabled: true });
    expect(byId.Import).toMatchObject({ type: 'S3', bucket: { Ref: 'Bucket' } });
    expect(expanded.generated.map((g) => g.type)).toEqual(
      expect.arrayContaining([
        'AWS::Lambda::Function',
        'AWS::IAM::Role',
        'AWS::Lambda::EventSourceMapping',
        'AWS::SNS::Subscription',
      ]),
    );
  });

  it('refuses other resource types', () => {
    expect(() => expandServerlessFunction('T', { Type: 'AWS::SNS::Topic' })).toThrow(/not AWS::Serverless::Function/);
  });
});

import { describe, expect, it } from 'vitest';
import { apiRoutes, parseTemplate } from '../../src/template';

const template = parseTemplate(`
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs24.x
Resources:
  ShopApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      Auth:
        DefaultAuthorizer: Pool
        Authorizers:
          Pool:
            UserPoolArn: !ImportValue shop-pool
  ListFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: list.handler
      Events:
        List:
          Type: Api
          Properties: { RestApiId: !Ref ShopApi, Path: /things, Method: get, Auth: { Authorizer: NONE } }
        Create:
          Type: Api
          Properties: { RestApiId: !Ref ShopApi, Path: /things, Method: post }
        Queue:
          Type: SQS
          Properties: { Queue: arn:aws:sqs:us-east-1:000000000000:q }
  ImplicitFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: implicit.handler
      Events:
        Ping: { Type: Api, Properties: { Path: /ping, Method: GET } }
`);

describe('apiRoutes', () => {
  it('lists every Api event with the authorizer that applies, and ignores other event types', () => {
    expect(apiRoutes(template)).toEqual([
      { method: 'GET', path: '/things', auth: 'public', apiId: 'ShopApi', functionId: 'ListFunction' },
      {
        method: 'POST',
        path: '/things',
        auth: 'cognito',
        apiId: 'ShopApi',
        functionId: 'ListFunction',
        userPoolArn: { 'Fn::ImportValue': 'shop-pool' },
      },
      { method: 'GET', path: '/ping', auth: 'public', apiId: undefined, functionId: 'ImplicitFunction' },
    ]);
  });
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are CloudFormation ${} substitutions, not JavaScript templates
import { describe, expect, it } from 'vitest';
import { placeholderEnvironment } from '../../src/build';
import { applySamGlobals, parseTemplate } from '../../src/template';

describe('placeholderEnvironment', () => {
  it('resolves a function environment without a deployment: local parameters, placeholder resources and imports', () => {
    const template = applySamGlobals(
      parseTemplate(`
Parameters:
  Env: {Type: String, Default: dev}
  Rate: {Type: Number, Default: 0.15}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Globals:
  Function:
    Environment: {Variables: {TBS_ENV: !Ref Env}}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.handler
      Environment:
        Variables:
          TAX_RATE: !Ref Rate
          TABLE_NAME: !Ref Table
          TOPIC_ARN: !GetAtt Topic.TopicArn
          QUEUE: !Sub '\${Queue.QueueName}-\${AWS::StackName}'
          ALARMS: !ImportValue {'Fn::Sub': 'tbs-devops-aiagent-\${Env}:AlarmTopicArn'}
          PROD_ONLY: !If [IsProd, 'yes', !Ref AWS::NoValue]
          BROKEN: !FindInMap [Missing, a, b]
          SECRET: !Ref Secret
  Table: {Type: AWS::DynamoDB::Table}
  Topic: {Type: AWS::SNS::Topic}
  Queue: {Type: AWS::SQS::Queue}
  Secret: {Type: AWS::SecretsManager::Secret}
`),
    );
    expect(placeholderEnvironment(template, 'Fn', 'tbs-app-x-local')).toEqual({
      TBS_ENV: 'local',
      TAX_RATE: '0.15',
      TABLE_NAME: 'tbs-app-x-local-Table',
      TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:tbs-app-x-local-Topic',
      QUEUE: 'tbs-app-x-local-Queue-tbs-app-x-local',
      ALARMS: 'arn:aws:sns:us-east-1:000000000000:tbs-devops-aiagent-local-AlarmTopicArn',
      SECRET: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:tbs-app-x-local-Secret-AbCdEf',
    });
  });
});

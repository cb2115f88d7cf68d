// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are CloudFormation ${} substitutions, not JavaScript templates
import { describe, expect, it } from 'vitest';
import { type OrderableStack, orderStacks, parseTemplate, stackLinks } from '../../src/template';

const stack = (name: string, body: string): OrderableStack => ({
  name,
  template: parseTemplate(
    `Parameters:\n  Env: {Type: String, Default: dev}\nConditions:\n  IsLocal: !Equals [!Ref Env, local]\n${body}`,
    `${name}/template.yaml`,
  ),
});

const aiagent = stack(
  'tbs-devops-aiagent',
  `Resources:
  AlarmTopic: {Type: AWS::SNS::Topic}
Outputs:
  AlarmTopicArn:
    Value: !Ref AlarmTopic
    Export: {Name: !Sub '\${AWS::StackName}:AlarmTopicArn'}
`,
);
const customer = stack(
  'tbs-app-customer',
  `Resources:
  Pool:
    Type: AWS::Cognito::UserPool
    Properties:
      Tags: {Alarm: !ImportValue {'Fn::Sub': 'tbs-devops-aiagent-\${Env}:AlarmTopicArn'}}
Outputs:
  UserPoolId:
    Value: !Ref Pool
    Export: {Name: !Join [':', [!Ref AWS::StackName, UserPoolId]]}
`,
);
const product = stack(
  'tbs-app-product',
  `Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          POOL: !ImportValue {'Fn::Sub': 'tbs-app-customer-\${Env}:UserPoolId'}
          ALARMS: !ImportValue {'Fn::Sub': 'tbs-devops-aiagent-\${Env}:AlarmTopicArn'}
  LocalOnly:
    Type: AWS::SNS::Topic
    Condition: IsLocal
    Properties:
      TopicName: !ImportValue only-when-local
  Alarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmActions: [!If [IsLocal, !ImportValue local-alarm-topic, !Ref AWS::NoValue]]
`,
);

const ctxFor = (s: OrderableStack) => ({ stackName: `${s.name}-dev`, parameters: { Env: 'dev' } });

describe('orderStacks', () => {
  it('puts exporters before importers, resolving export names with each stack’s own parameters', () => {
    expect(orderStacks([product, customer, aiagent], ctxFor).map((s) => s.name)).toEqual([
      'tbs-devops-aiagent',
      'tbs-app-customer',
      'tbs-app-product',
    ]);
  });

  it('keeps the input order of stacks that do not depend on each other', () => {
    const a = stack('tbs-a', 'Resources:\n  T: {Type: AWS::SNS::Topic}\n');
    const b = stack('tbs-b', 'Resources:\n  T: {Type: AWS::SNS::Topic}\n');
    expect(orderStacks([b, a], ctxFor).map((s) => s.name)).toEqual(['tbs-b', 'tbs-a']);
  });

  it('names the importer and the export when nobody exports it', () => {
    expect(() => orderStacks([product, aiagent], ctxFor)).toThrow(
      /stack tbs-app-product imports "tbs-app-customer-dev:UserPoolId", which no stack exports/,
    );
    expect(orderStacks([product, aiagent], ctxFor, ['tbs-app-customer-dev:UserPoolId']).map((s) => s.name)).toEqual([
      'tbs-devops-aiagent',
      'tbs-app-product',
    ]);
  });

  it('ignores imports of resources whose condition does not hold, and counts them when it does', () => {
    expect(stackLinks(product.template, ctxFor(product)).imports).not.toContain('only-when-local');
    const local = stackLinks(product.template, { stackName: 'tbs-app-product-local', parameters: { Env: 'local' } });
    expect(local.imports).toContain('only-when-local');
  });

  it('counts imports only in the Fn::If branch that is taken', () => {
    expect(stackLinks(product.template, ctxFor(product)).imports).not.toContain('local-alarm-topic');
    const local = stackLinks(product.template, { stackName: 'tbs-app-product-local', parameters: { Env: 'local' } });
    expect(local.imports).toContain('local-alarm-topic');
  });

  it('reports a cycle naming the stacks in it', () => {
    const x = stack(
      'tbs-x',
      "Resources:\n  T: {Type: AWS::SNS::Topic, Properties: {TopicName: !ImportValue 'tbs-y-dev:Name'}}\n" +
        "Outputs:\n  Name: {Value: x, Export: {Name: !Sub '${AWS::StackName}:Name'}}\n",
    );
    const y = stack(
      'tbs-y',
      "Resources:\n  T: {Type: AWS::SNS::Topic, Properties: {TopicName: !ImportValue 'tbs-x-dev:Name'}}\n" +
        "Outputs:\n  Name: {Value: y, Export: {Name: !Sub '${AWS::StackName}:Name'}}\n",
    );
    expect(() => orderStacks([x, y], ctxFor)).toThrow(/cycle: tbs-x -> tbs-y -> tbs-x/);
  });

  it('rejects two stacks exporting the same name and export names that depend on resources', () => {
    expect(() => orderStacks([aiagent, aiagent], ctxFor)).toThrow(/both export "tbs-devops-aiagent-dev:AlarmTopicArn"/);
    const bad = stack(
      'tbs-bad',
      'Resources:\n  T: {Type: AWS::SNS::Topic}\nOutputs:\n  A: {Value: x, Export: {Name: !GetAtt T.TopicName}}\n',
    );
    expect(() => orderStacks([bad], ctxFor)).toThrow(
      /stack tbs-bad-dev: cannot work out the export name at Outputs\.A/,
    );
  });
});

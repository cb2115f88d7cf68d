import { describe, expect, it } from 'vitest';
import {
  type CfnTemplate,
  evaluateConditions,
  parseTemplate,
  resolveParameters,
  resolveParametersAsync,
} from '../../src/template';

const template = parseTemplate(`
Parameters:
  Env: {Type: String, AllowedValues: [dev, prod, local], Default: dev}
  Prefix: {Type: String, Default: tbs, AllowedPattern: '[a-z]+', MinLength: 2, MaxLength: 8}
  Concurrency: {Type: Number, Default: 5, MinValue: 1, MaxValue: 100}
  Origins: {Type: CommaDelimitedList, Default: 'a.example, b.example'}
  Ports: {Type: 'List<Number>', Default: '80,443'}
  Secret: {Type: String, NoEcho: true, AllowedPattern: 'sk_[a-z]+', Default: sk_test}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsNotProd: !Not [!Condition IsProd]
  IsLocalOrDev: !Or [!Equals [!Ref Env, local], !Equals [!Ref Env, dev]]
  Both: !And [!Condition IsNotProd, !Condition IsLocalOrDev]
  InSydney: !Equals [!Ref AWS::Region, ap-southeast-2]
Resources:
  T: {Type: AWS::SNS::Topic}
`);

describe('resolveParameters', () => {
  it('applies defaults and overrides, as strings and string lists', () => {
    expect(resolveParameters(template, { Env: 'local', Concurrency: 7 })).toEqual({
      Env: 'local',
      Prefix: 'tbs',
      Concurrency: '7',
      Origins: ['a.example', 'b.example'],
      Ports: ['80', '443'],
      Secret: 'sk_test',
    });
    expect(resolveParameters(template, { Origins: ['x'] }).Origins).toEqual(['x']);
  });

  it.each([
    [{ Env: 'staging' }, /parameter Env: "staging" is not one of the allowed values dev, prod, local/],
    [{ Prefix: 'TBS' }, /does not match the pattern/],
    [{ Prefix: 'a' }, /shorter than MinLength 2/],
    [{ Prefix: 'abcdefghi' }, /longer than MaxLength 8/],
    [{ Concurrency: 'many' }, /"many" is not a number/],
    [{ Concurrency: 0 }, /below MinValue 1/],
    [{ Concurrency: 101 }, /above MaxValue 100/],
    [{ Ports: '80,http' }, /"http" is not a number/],
    [{ Nope: 'x' }, /parameters Nope do not exist in the template/],
  ])('rejects %j', (overrides, message) => {
    expect(() => resolveParameters(template, overrides)).toThrow(message);
  });

  it('never echoes a NoEcho value in an error', () => {
    expect(() => resolveParameters(template, { Secret: 'hunter2' })).toThrow(
      /parameter Secret: \*\*\*\* does not match/,
    );
    expect(() => resolveParameters(template, { Secret: 'hunter2' })).not.toThrow(/hunter2/);
  });

  it('requires values for parameters without a default, naming the stack', () => {
    const noDefault = parseTemplate('Parameters:\n  Key: {Type: String}\nResources:\n  T: {Type: AWS::SNS::Topic}\n');
    expect(() => resolveParameters(noDefault, {}, { stackName: 'tbs-app-order-local' })).toThrow(
      /parameters Key of stack tbs-app-order-local must have values/,
    );
  });

  it('resolves SSM parameter types through the given lookup, sync or async', async () => {
    const ssm: CfnTemplate = parseTemplate(
      "Parameters:\n  Key: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /tbs/stripe/key}\n" +
        "  Hosts: {Type: 'AWS::SSM::Parameter::Value<List<String>>', Default: /tbs/hosts}\n" +
        'Resources:\n  T: {Type: AWS::SNS::Topic}\n',
    );
    const values: Record<string, string> = { '/tbs/stripe/key': 'pk_test_1', '/tbs/hosts': 'a,b' };
    expect(resolveParameters(ssm, {}, { resolveSsmParameter: (name) => values[name] })).toEqual({
      Key: 'pk_test_1',
      Hosts: ['a', 'b'],
    });
    await expect(
      resolveParametersAsync(ssm, {}, { resolveSsmParameter: async (name) => values[name] }),
    ).resolves.toEqual({
      Key: 'pk_test_1',
      Hosts: ['a', 'b'],
    });
    expect(() => resolveParameters(ssm)).toThrow(/SSM parameter "\/tbs\/stripe\/key" cannot be resolved/);
    expect(() => resolveParameters(ssm, {}, { resolveSsmParameter: () => undefined })).toThrow(/does not exist/);
  });
});

describe('evaluateConditions', () => {
  it('evaluates conditions that refer to each other in any order, with pseudo parameters', () => {
    const conditions = evaluateConditions(template, resolveParameters(template, { Env: 'local' }), {
      region: 'ap-southeast-2',
    });
    expect(conditions).toEqual({ IsProd: false, IsNotProd: true, IsLocalOrDev: true, Both: true, InSydney: true });
    expect(evaluateConditions(template, resolveParameters(template, { Env: 'prod' })).Both).toBe(false);
  });

  it('reports a cycle between conditions', () => {
    const cyclic = parseTemplate(
      'Conditions:\n  A: !Not [!Condition B]\n  B: !Not [!Condition A]\nResources:\n  T: {Type: AWS::SNS::Topic}\n',
    );
    expect(() => evaluateConditions(cyclic, {})).toThrow(/cycle: A -> B -> A/);
  });
});

import { isIntrinsic, isRecord, readInteger } from './property-values';
import type { ResourceProperties, ResourceRuleSet, Violation } from './violation';

/**
 * Runtimes we accept: supported by Lambda and not announced for deprecation. Older ones stop receiving
 * security patches, so the hook blocks them before they reach an account.
 */
export const SUPPORTED_RUNTIMES: readonly string[] = [
  'nodejs22.x',
  'nodejs24.x',
  'python3.12',
  'python3.13',
  'python3.14',
  'java21',
  'java25',
  'dotnet8',
  'dotnet10',
  'ruby3.4',
  'provided.al2023',
];

export function checkLambdaFunction(properties: ResourceProperties): Violation[] {
  const violations: Violation[] = [];

  const reserved = readInteger(properties['ReservedConcurrentExecutions']);
  if (reserved === undefined || (typeof reserved === 'number' && reserved < 1)) {
    violations.push({
      rule: 'lambda-reserved-concurrency',
      message: 'ReservedConcurrentExecutions is not set to a positive integer, so one function can starve the account.',
      fix: 'Set ReservedConcurrentExecutions (e.g. 5) on the function, or in Globals.Function for SAM.',
    });
  }

  const tracing = isRecord(properties['TracingConfig']) ? properties['TracingConfig']['Mode'] : undefined;
  if (!(tracing === 'Active' || isIntrinsic(tracing))) {
    violations.push({
      rule: 'lambda-active-tracing',
      message: 'X-Ray active tracing is off.',
      fix: 'Set TracingConfig.Mode: Active (SAM: Tracing: Active).',
    });
  }

  // Container-image functions have no Runtime; the image pins its own runtime.
  const packageType = properties['PackageType'];
  const runtime = properties['Runtime'];
  if (packageType !== 'Image' && !isIntrinsic(runtime)) {
    if (typeof runtime !== 'string' || !SUPPORTED_RUNTIMES.includes(runtime)) {
      violations.push({
        rule: 'lambda-supported-runtime',
        message: `Runtime ${typeof runtime === 'string' ? `"${runtime}"` : '(missing)'} is not a supported runtime.`,
        fix: `Use one of ${SUPPORTED_RUNTIMES.join(', ')} (this repository uses nodejs24.x).`,
      });
    }
  }

  const logFormat = isRecord(properties['LoggingConfig']) ? properties['LoggingConfig']['LogFormat'] : undefined;
  if (!(logFormat === 'JSON' || isIntrinsic(logFormat))) {
    violations.push({
      rule: 'lambda-json-logging',
      message: 'Logs are not structured JSON, so they cannot be queried by field.',
      fix: 'Set LoggingConfig.LogFormat: JSON.',
    });
  }

  return violations;
}

export const lambdaFunctionRules: ResourceRuleSet = {
  name: 'lambda-function',
  resourceTypes: ['AWS::Lambda::Function'],
  check: checkLambdaFunction,
};

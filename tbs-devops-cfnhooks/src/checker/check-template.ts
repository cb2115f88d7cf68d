import { RULE_SETS } from '../rules';
import { expandSamResources } from '../template/expand-sam-resources';
import type { CfnTemplate } from '../template/parse-cfn-template';
import { checkStackStandards, type StackStandardsOptions, type TemplateFailure } from './check-stack-standards';

/**
 * Everything the checker verifies for one stack: the hooks' own rules on every resource (after SAM
 * expansion, so a template that passes here passes the deployed hooks) plus the cross-resource standards.
 */
export function checkTemplate(
  stack: string,
  template: CfnTemplate,
  options: StackStandardsOptions = {},
): TemplateFailure[] {
  const failures: TemplateFailure[] = [];
  for (const resource of expandSamResources(template)) {
    for (const ruleSet of RULE_SETS) {
      if (!ruleSet.resourceTypes.includes(resource.type)) continue;
      for (const violation of ruleSet.check(resource.properties)) {
        failures.push({ stack, resource: resource.logicalId, ...violation });
      }
    }
  }
  failures.push(...checkStackStandards(stack, template, options));
  return failures;
}

/** The alarm target a stack's alarms must use (see StackStandardsOptions). */
export function standardsFor(stack: string): StackStandardsOptions {
  return stack === 'tbs-devops-aiagent' ? { alarmTarget: { Ref: 'OpsFallbackTopic' } } : {};
}

export function formatFailure(failure: TemplateFailure): string {
  return `${failure.stack}  ${failure.resource}  ${failure.rule}  -> ${failure.fix}`;
}

export type { TemplateFailure } from './check-stack-standards';

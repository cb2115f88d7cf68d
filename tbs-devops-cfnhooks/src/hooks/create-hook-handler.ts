import type { ResourceRuleSet, Violation } from '../rules/violation';
import { expandSamResources } from '../template/expand-sam-resources';
import { createPayloadFetcher, type FetchPayload } from './fetch-template-payload';
import { type HookRequest, type HookResponse, parseHookRequest } from './hook-contract';

// CloudFormation truncates hook messages at 4096 characters (1024 for Cloud Control); stay under the smaller.
const MAX_MESSAGE = 1000;

export interface HookHandlerOptions {
  fetchPayload?: FetchPayload;
  log?: (entry: Record<string, unknown>) => void;
}

export type HookHandler = (event: unknown) => Promise<HookResponse>;

function formatViolations(violations: { logicalId: string; violation: Violation }[]): string {
  const lines = violations.map(({ logicalId, violation }) => `${logicalId}: [${violation.rule}] ${violation.fix}`);
  const text = lines.join(' | ');
  return text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE - 20)} ... (${lines.length} in all)`;
}

async function evaluate(
  ruleSet: ResourceRuleSet,
  request: HookRequest,
  fetchPayload: FetchPayload,
): Promise<{ logicalId: string; violation: Violation }[]> {
  const { target } = request;
  if (target.kind === 'resource') {
    if (!ruleSet.resourceTypes.includes(target.targetType)) {
      throw new UnexpectedTargetError(
        `the ${ruleSet.name} hook does not evaluate ${target.targetType}; check the hook's TargetFilters`,
      );
    }
    return ruleSet.check(target.properties).map((violation) => ({ logicalId: target.logicalId, violation }));
  }
  const payload = await fetchPayload(target.payloadUrl);
  // Only stack and change-set targets carry a template (JSON or YAML). The YAML parser is loaded here, on first
  // use, so the resource invocations that make up most hook calls do not pay for it at a cold start.
  const { parseCfnTemplate } = await import('../template/parse-cfn-template');
  const template = parseCfnTemplate(payload.template);
  return expandSamResources(template)
    .filter((resource) => ruleSet.resourceTypes.includes(resource.type))
    .flatMap((resource) =>
      ruleSet.check(resource.properties).map((violation) => ({ logicalId: resource.logicalId, violation })),
    );
}

class UnexpectedTargetError extends Error {}

/**
 * Builds a Lambda hook handler for one rule set. Resource (and Cloud Control) targets are checked from their
 * properties; stack and change-set targets by fetching the template and checking each matching resource.
 * Anything unexpected answers FAILED/InternalFailure instead of throwing, so CloudFormation gets a reason.
 */
export function createHookHandler(ruleSet: ResourceRuleSet, options: HookHandlerOptions = {}): HookHandler {
  const fetchPayload = options.fetchPayload ?? createPayloadFetcher();
  const log = options.log ?? ((entry) => console.log(JSON.stringify(entry)));
  return async (event) => {
    const parsed = parseHookRequest(event);
    if (!parsed.ok) {
      log({ level: 'WARN', hook: ruleSet.name, message: 'malformed hook request', reason: parsed.reason });
      return {
        hookStatus: 'FAILED',
        errorCode: 'InternalFailure',
        message: `Malformed hook request: ${parsed.reason}.`,
        clientRequestToken: parsed.token,
      };
    }
    const { request } = parsed;
    const token = request.clientRequestToken;
    if (request.actionInvocationPoint.startsWith('DELETE_')) {
      return { hookStatus: 'SUCCESS', message: 'Nothing to check on delete.', clientRequestToken: token };
    }
    try {
      const violations = await evaluate(ruleSet, request, fetchPayload);
      log({
        level: 'INFO',
        hook: ruleSet.name,
        stackId: request.stackId,
        target: request.target.logicalId,
        targetType: request.target.targetType,
        violations: violations.map(({ logicalId, violation }) => `${logicalId}:${violation.rule}`),
      });
      if (violations.length === 0) {
        return {
          hookStatus: 'SUCCESS',
          message: `Compliant with the ${ruleSet.name} rules.`,
          clientRequestToken: token,
        };
      }
      return {
        hookStatus: 'FAILED',
        errorCode: 'NonCompliant',
        message: formatViolations(violations),
        clientRequestToken: token,
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'unknown error';
      log({ level: 'ERROR', hook: ruleSet.name, message: 'hook evaluation failed', reason });
      return {
        hookStatus: 'FAILED',
        errorCode: 'InternalFailure',
        message: `The ${ruleSet.name} hook could not evaluate the request: ${reason}.`,
        clientRequestToken: token,
      };
    }
  };
}

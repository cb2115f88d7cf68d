import { isRecord } from '../rules/property-values';

/** The response a CloudFormation Lambda hook returns (Hooks user guide, "Response input"). */
export interface HookResponse {
  hookStatus: 'SUCCESS' | 'FAILED' | 'IN_PROGRESS';
  errorCode?: 'NonCompliant' | 'InternalFailure';
  message: string;
  clientRequestToken: string;
}

export type HookTarget =
  | { kind: 'resource'; targetType: string; logicalId: string; properties: Record<string, unknown> }
  | { kind: 'template'; targetType: 'STACK' | 'CHANGE_SET'; logicalId: string; payloadUrl: string };

export interface HookRequest {
  clientRequestToken: string;
  actionInvocationPoint: string;
  stackId?: string;
  target: HookTarget;
}

const INVOCATION_POINTS = new Set(['CREATE_PRE_PROVISION', 'UPDATE_PRE_PROVISION', 'DELETE_PRE_PROVISION']);

export type ParseResult = { ok: true; request: HookRequest } | { ok: false; token: string; reason: string };

/** Validates the hook invocation event; never throws, so the handler can always answer. */
export function parseHookRequest(event: unknown): ParseResult {
  const token = isRecord(event) && typeof event['clientRequestToken'] === 'string' ? event['clientRequestToken'] : '';
  const fail = (reason: string): ParseResult => ({ ok: false, token, reason });
  if (!isRecord(event)) return fail('the request is not a JSON object');
  if (token === '') return fail('clientRequestToken is missing');
  const point = event['actionInvocationPoint'];
  if (typeof point !== 'string' || !INVOCATION_POINTS.has(point)) {
    return fail(`actionInvocationPoint ${JSON.stringify(point)} is not one this hook handles`);
  }
  const data = event['requestData'];
  if (!isRecord(data)) return fail('requestData is missing');
  const targetType = data['targetType'];
  const logicalId = typeof data['targetLogicalId'] === 'string' ? data['targetLogicalId'] : '';
  if (typeof targetType !== 'string' || targetType === '') return fail('requestData.targetType is missing');
  const stackId = typeof event['stackId'] === 'string' ? event['stackId'] : undefined;
  const base = { clientRequestToken: token, actionInvocationPoint: point, ...(stackId ? { stackId } : {}) };

  if (targetType === 'STACK' || targetType === 'CHANGE_SET') {
    const payloadUrl = data['payload'];
    if (typeof payloadUrl !== 'string' || payloadUrl === '')
      return fail(`requestData.payload is missing for a ${targetType} target`);
    return { ok: true, request: { ...base, target: { kind: 'template', targetType, logicalId, payloadUrl } } };
  }
  if (!/^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(targetType)) {
    return fail(`requestData.targetType ${JSON.stringify(targetType)} is not a resource type, STACK or CHANGE_SET`);
  }
  const model = data['targetModel'];
  if (!isRecord(model)) return fail('requestData.targetModel is missing');
  const properties = model['resourceProperties'] ?? {};
  if (!isRecord(properties)) return fail('requestData.targetModel.resourceProperties is not an object');
  return { ok: true, request: { ...base, target: { kind: 'resource', targetType, logicalId, properties } } };
}

import type { CloudFormationCustomResourceEvent } from 'aws-lambda';

/** A stable id, so an Update never makes CloudFormation think the resource was replaced (and Delete it). */
export const MIGRATIONS_RESOURCE_ID = 'tbs-app-reports-schema';

export interface CustomResourceOutcome {
  status: 'SUCCESS' | 'FAILED';
  reason?: string;
  data?: Record<string, string>;
}

/**
 * Tells CloudFormation how a custom resource request went, by PUTting the response document to the pre-signed
 * ResponseURL. Without it the stack waits for an hour, so this is done even when the work failed.
 */
export async function sendCustomResourceResponse(
  event: CloudFormationCustomResourceEvent,
  outcome: CustomResourceOutcome,
  logStreamName: string,
  fetchFn: typeof fetch = fetch,
): Promise<void> {
  const url = new URL(event.ResponseURL);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('ResponseURL must be an http(s) URL');
  const body = JSON.stringify({
    Status: outcome.status,
    // CloudFormation shows the reason in the stack events: keep it short and free of data.
    Reason: (outcome.reason ?? `See CloudWatch log stream ${logStreamName}`).slice(0, 1000),
    PhysicalResourceId: 'PhysicalResourceId' in event ? event.PhysicalResourceId : MIGRATIONS_RESOURCE_ID,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false,
    Data: outcome.data ?? {},
  });
  const response = await fetchFn(url, {
    method: 'PUT',
    // The pre-signed S3 URL is signed for an empty content type.
    headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) },
    body,
  });
  if (!response.ok) throw new Error(`CloudFormation response was refused with HTTP ${response.status}`);
}

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a custom resource's function answered with, as CloudFormation would record it. */
export interface CustomResourceResult {
  /** `Ref` of the resource. */
  physicalResourceId: string;
  /** `Fn::GetAtt` attributes of the resource. */
  data: Record<string, unknown>;
}

/** The function answered FAILED (or did not answer): carries the handler's `Reason`. */
export class CustomResourceFailedError extends Error {
  constructor(
    readonly logicalId: string,
    readonly reason: string,
  ) {
    super(`custom resource ${logicalId} failed: ${reason}`);
    this.name = 'CustomResourceFailedError';
  }
}

export interface CustomResourceRequest {
  stackName: string;
  logicalId: string;
  resourceType: string;
  /** Resolved properties, ServiceToken included (CloudFormation sends it in ResourceProperties too). */
  properties: Record<string, unknown>;
  region: string;
  accountId: string;
  /** How long to wait for the response document after the invocation started. */
  timeoutMs: number;
  /** Invokes the function whose ARN is the ServiceToken with the request event. */
  invoke: (event: Record<string, unknown>) => Promise<unknown>;
  /** Extra wait after the invocation returned, for handlers that send their response without awaiting it. */
  graceMs?: number;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Runs a custom resource the way CloudFormation does on stack creation: a `Create` request whose `ResponseURL` is a
 * one-shot listener on 127.0.0.1, then waits for the handler's PUT of the response document. The local cloud
 * sends `Create` on every start (there is no stack state to update), so handlers must be idempotent.
 */
export async function runCustomResource(req: CustomResourceRequest): Promise<CustomResourceResult> {
  let settle!: { resolve: (doc: Record<string, unknown>) => void; reject: (err: Error) => void };
  const answered = new Promise<Record<string, unknown>>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const requestId = randomUUID();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (request.method !== 'PUT' || size > MAX_RESPONSE_BYTES) {
        response.writeHead(request.method !== 'PUT' ? 405 : 413).end();
        return;
      }
      let doc: unknown;
      try {
        doc = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        doc = undefined;
      }
      const d = doc as Record<string, unknown> | undefined;
      if (!d || typeof d !== 'object' || (d.Status !== 'SUCCESS' && d.Status !== 'FAILED')) {
        // CloudFormation rejects a malformed response too; the handler sees the error and the wait goes on.
        response.writeHead(400).end('response must be JSON with Status SUCCESS or FAILED');
        return;
      }
      if (d.RequestId !== undefined && d.RequestId !== requestId) {
        response.writeHead(400).end('RequestId does not match the request');
        return;
      }
      response.writeHead(200).end();
      settle.resolve(d);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const event = {
    RequestType: 'Create',
    ServiceToken: String(req.properties.ServiceToken),
    ResponseURL: `http://127.0.0.1:${port}/cloudformation-response/${requestId}`,
    StackId: `arn:aws:cloudformation:${req.region}:${req.accountId}:stack/${req.stackName}/local`,
    RequestId: requestId,
    LogicalResourceId: req.logicalId,
    ResourceType: req.resourceType,
    ResourceProperties: req.properties,
  };
  const timer = setTimeout(
    () =>
      settle.reject(
        new CustomResourceFailedError(req.logicalId, `no response within ${Math.round(req.timeoutMs / 1000)} s`),
      ),
    req.timeoutMs,
  );
  const grace = req.graceMs ?? 2000;
  let invocationDone = false;
  const invocation = req.invoke(event).then(
    () => {
      invocationDone = true;
      // A handler that returned without answering would leave CloudFormation waiting for an hour; locally the
      // start fails soon after, naming the resource.
      setTimeout(
        () => settle.reject(new CustomResourceFailedError(req.logicalId, 'the function returned without a response')),
        grace,
      ).unref();
    },
    (err: Error) => {
      invocationDone = true;
      settle.reject(new CustomResourceFailedError(req.logicalId, `the function failed: ${err.message}`));
    },
  );
  try {
    const doc = await answered;
    if (doc.Status === 'FAILED') {
      throw new CustomResourceFailedError(req.logicalId, String(doc.Reason ?? 'no Reason given'));
    }
    // CloudFormation fails a SUCCESS without a physical id, so the local cloud does too.
    if (typeof doc.PhysicalResourceId !== 'string' || doc.PhysicalResourceId === '') {
      throw new CustomResourceFailedError(req.logicalId, 'the SUCCESS response has no PhysicalResourceId');
    }
    const data = doc.Data;
    return {
      physicalResourceId: doc.PhysicalResourceId,
      data: data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {},
    };
  } finally {
    clearTimeout(timer);
    // The handler usually finishes right after its response: let it, so its execution is free for the next one.
    if (!invocationDone) await Promise.race([invocation, new Promise((r) => setTimeout(r, grace).unref())]);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** `AWS::CloudFormation::CustomResource` and every `Custom::<name>` type. */
export function isCustomResourceType(type: string): boolean {
  return type === 'AWS::CloudFormation::CustomResource' || /^Custom::[A-Za-z0-9_@-]+$/.test(type);
}

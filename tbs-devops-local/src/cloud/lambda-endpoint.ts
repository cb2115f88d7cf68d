import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FunctionInvocationError, FunctionThrottledError, type LocalFunction } from './function-runtime';

/**
 * A Lambda `Invoke` API (`POST /2015-03-31/functions/{name}/invocations`) over the local functions, so tools that
 * call Lambda through the SDK (cognito-local's triggers, `aws lambda invoke`) reach them via AWS_ENDPOINT_URL_LAMBDA.
 */
export async function startLambdaEndpoint(
  lookup: (nameOrArn: string) => LocalFunction | undefined,
): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (req.method !== 'POST' || !m) return send(404, { Type: 'User', message: 'Unknown operation' });
    const fn = lookup(decodeURIComponent(m[1]!));
    if (!fn) {
      return send(
        404,
        { Type: 'User', message: `Function not found: ${m[1]}` },
        {
          'x-amzn-errortype': 'ResourceNotFoundException',
        },
      );
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let event: unknown;
    try {
      event = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    } catch {
      return send(400, { Type: 'User', message: 'Could not parse request body into json' });
    }
    const asynchronous = req.headers['x-amz-invocation-type'] === 'Event';
    if (asynchronous) {
      fn.invoke(event).catch(() => {});
      return send(202, undefined);
    }
    try {
      send(200, await fn.invoke(event, 'throttle'));
    } catch (err) {
      if (err instanceof FunctionThrottledError) {
        return send(429, { Type: 'User', message: err.message }, { 'x-amzn-errortype': 'TooManyRequestsException' });
      }
      const e = err as FunctionInvocationError;
      send(
        200,
        { errorType: e.errorType ?? 'Error', errorMessage: e.errorMessage ?? e.message },
        {
          'x-amz-function-error': 'Unhandled',
        },
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

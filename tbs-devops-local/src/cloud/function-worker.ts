// The body of one Lambda execution environment. Node runs this file directly in a worker thread (type
// stripping), so it imports nothing but Node built-ins and uses only erasable TypeScript syntax.
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

interface WorkerConfig {
  bundlePath: string;
  handlerExport: string;
  functionName: string;
  memorySize: number;
  region: string;
  accountId: string;
}

interface InvokeMessage {
  type: 'invoke';
  id: number;
  event: unknown;
  requestId: string;
  timeoutMs: number;
}

type Handler = (event: unknown, context: unknown, callback?: (err: unknown, result?: unknown) => void) => unknown;

const config = workerData as WorkerConfig;
// Workers ignore NODE_OPTIONS; honour the template's --enable-source-maps so stack traces point at the sources.
if (process.env.NODE_OPTIONS?.includes('--enable-source-maps')) process.setSourceMapsEnabled(true);
let loaded: Promise<Handler> | undefined;

// The bundle is imported once per worker: later invocations are warm, like a reused Lambda environment.
function loadHandler(): Promise<Handler> {
  loaded ??= import(pathToFileURL(config.bundlePath).href).then((mod: Record<string, unknown>) => {
    const candidate =
      mod[config.handlerExport] ?? (mod.default as Record<string, unknown> | undefined)?.[config.handlerExport];
    if (typeof candidate !== 'function') {
      const error = new Error(`${config.bundlePath} does not export a function named ${config.handlerExport}`);
      error.name = 'Runtime.HandlerNotFound';
      throw error;
    }
    return candidate as Handler;
  });
  return loaded;
}

function serialiseError(err: unknown): { errorType: string; errorMessage: string; stack?: string[] } {
  if (err instanceof Error) {
    return { errorType: err.name, errorMessage: err.message, stack: err.stack?.split('\n') };
  }
  return { errorType: 'Error', errorMessage: typeof err === 'string' ? err : JSON.stringify(err) };
}

function run(handler: Handler, msg: InvokeMessage, deadline: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const callback = (err: unknown, result?: unknown) => (err ? reject(err) : resolve(result));
    const context = {
      functionName: config.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${config.region}:${config.accountId}:function:${config.functionName}`,
      memoryLimitInMB: String(config.memorySize),
      awsRequestId: msg.requestId,
      logGroupName: `/aws/lambda/${config.functionName}`,
      logStreamName: `local/[$LATEST]${process.pid}`,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: callback,
      succeed: (result: unknown) => resolve(result),
      fail: (err: unknown) => reject(err),
    };
    try {
      const returned = handler(msg.event, context, handler.length >= 3 ? callback : undefined);
      if (handler.length < 3 || (returned && typeof (returned as Promise<unknown>).then === 'function')) {
        Promise.resolve(returned).then(resolve, reject);
      }
    } catch (err) {
      reject(err);
    }
  });
}

parentPort?.on('message', async (msg: InvokeMessage) => {
  if (msg.type !== 'invoke') return;
  process.env._X_AMZN_TRACE_ID = `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${msg.requestId.replaceAll('-', '').slice(0, 24)}`;
  let started = false;
  try {
    const handler = await loadHandler();
    started = true;
    parentPort?.postMessage({ id: msg.id, started: true });
    const result = await run(handler, msg, Date.now() + msg.timeoutMs);
    // Results cross the thread boundary as JSON, like Lambda's own serialisation of the response.
    parentPort?.postMessage({
      id: msg.id,
      ok: true,
      result: result === undefined ? undefined : JSON.stringify(result),
    });
  } catch (err) {
    // `init`: the bundle failed to load, and an ES module whose evaluation threw stays failed in this thread.
    parentPort?.postMessage({ id: msg.id, ok: false, init: !started, error: serialiseError(err) });
  }
});

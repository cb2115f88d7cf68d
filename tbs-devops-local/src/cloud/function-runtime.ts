import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';

/** Everything the runtime needs to run one function the way Lambda would. */
export interface FunctionSpec {
  stack: string;
  logicalId: string;
  functionName: string;
  /** Absolute path of the built ESM bundle. */
  bundlePath: string;
  /** The export named after the last dot of the template's `Handler`. */
  handlerExport: string;
  /** The complete `process.env` of the function (template variables + local endpoints + credentials). */
  env: Record<string, string>;
  timeoutSeconds: number;
  memorySize: number;
  /** ReservedConcurrentExecutions; undefined means the local default cap. */
  reservedConcurrency?: number;
  region: string;
  accountId: string;
}

/** `queue` waits for a free environment (event sources, direct invokes); `throttle` fails at once (APIs). */
export type InvokeMode = 'queue' | 'throttle';

export class FunctionInvocationError extends Error {
  constructor(
    readonly functionName: string,
    readonly errorType: string,
    readonly errorMessage: string,
    readonly remoteStack?: string[],
  ) {
    super(`${functionName}: ${errorType}: ${errorMessage}`);
    this.name = 'FunctionInvocationError';
  }
}

export class FunctionTimeoutError extends FunctionInvocationError {
  constructor(functionName: string, timeoutSeconds: number) {
    super(functionName, 'Sandbox.Timedout', `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`);
    this.name = 'FunctionTimeoutError';
  }
}

export class FunctionThrottledError extends Error {
  readonly code = 'TooManyRequestsException';
  constructor(readonly functionName: string) {
    super(`Rate Exceeded: ${functionName} is at its concurrency limit`);
    this.name = 'FunctionThrottledError';
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
  /** The handler started (the code is loaded): the function's own timeout runs from here. */
  onStarted?: () => void;
}

interface Environment {
  worker: Worker;
  busy: boolean;
  /** The bundle is loaded: later invocations are warm. */
  initialised: boolean;
  pending?: Pending;
}

const WORKER_URL = new URL('./function-worker.ts', import.meta.url);
/** Locally an unreserved function gets a few environments: enough for overlap, small enough for 2 cores. */
export const DEFAULT_LOCAL_CONCURRENCY = 4;
/** Lambda gives the init phase (importing the bundle) 10 seconds. */
const INIT_TIMEOUT_MS = 10_000;

/**
 * Cold starts that may run at once. Each Lambda environment initialises on its own CPU; locally every environment
 * shares the machine, so a burst of cold starts (24 checkouts at once) made each init take N times longer and hit
 * the 10 s limit. At most one init per core runs at a time and the limit runs from when an init starts, so an
 * init gets about the CPU it would get in Lambda; invocations waiting for a cold start wait for a slot.
 */
class InitSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = size;
  }

  /** Resolves with the release function (callable more than once) once a slot is taken. */
  async take(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}

const initSlots = new InitSlots(Math.max(1, availableParallelism()));

/**
 * The execution environments of one function: one worker thread each, started lazily, kept warm, at most
 * `reservedConcurrency` of them, each handling one invocation at a time.
 */
export class LocalFunction {
  private readonly environments = new Set<Environment>();
  private readonly waiting: Array<{ resolve: (env: Environment) => void; reject: (err: Error) => void }> = [];
  private stopped = false;
  private nextId = 1;

  constructor(
    readonly spec: FunctionSpec,
    private readonly log: (line: string) => void,
  ) {}

  get maxConcurrency(): number {
    return this.spec.reservedConcurrency ?? DEFAULT_LOCAL_CONCURRENCY;
  }

  /** Invocations running right now. */
  get inFlight(): number {
    let n = 0;
    for (const env of this.environments) if (env.busy) n++;
    return n;
  }

  get warmEnvironments(): number {
    return this.environments.size;
  }

  /** True when an invocation would start at once (used by pollers not to fetch more than they can run). */
  hasCapacity(): boolean {
    return this.inFlight + this.waiting.length < this.maxConcurrency;
  }

  async invoke(event: unknown, mode: InvokeMode = 'queue'): Promise<unknown> {
    if (this.stopped) throw new Error(`${this.spec.functionName} is stopped`);
    const env = await this.acquire(mode);
    const requestId = randomUUID();
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    const id = this.nextId++;
    let releaseInit: (() => void) | undefined;
    try {
      if (!env.initialised) releaseInit = await initSlots.take();
      return await new Promise<unknown>((resolve, reject) => {
        const fail = (error: FunctionInvocationError, line: string) => {
          // A timed-out environment may still be running user code: it is discarded, never reused.
          this.log(`[${this.prefix}] ${requestId} ${line}`);
          env.pending = undefined;
          reject(error);
          void this.discard(env);
        };
        // As in Lambda, loading the code (init) has its own limit; the function's Timeout starts with the handler.
        const timer = setTimeout(
          () =>
            fail(
              new FunctionInvocationError(this.spec.functionName, 'Runtime.InitTimeout', 'init timed out'),
              'Init timed out',
            ),
          INIT_TIMEOUT_MS,
        );
        const pending: Pending = { resolve, reject, timer };
        pending.onStarted = () => {
          env.initialised = true;
          releaseInit?.();
          clearTimeout(pending.timer);
          pending.timer = setTimeout(
            () =>
              fail(
                new FunctionTimeoutError(this.spec.functionName, this.spec.timeoutSeconds),
                `Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds`,
              ),
            timeoutMs,
          );
        };
        env.pending = pending;
        env.worker.postMessage({ type: 'invoke', id, event, requestId, timeoutMs });
      });
    } finally {
      releaseInit?.();
      this.release(env);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error(`${this.spec.functionName} is stopped`));
    await Promise.all([...this.environments].map((env) => this.discard(env)));
  }

  private get prefix(): string {
    return `${this.spec.stack}/${this.spec.logicalId}`;
  }

  private acquire(mode: InvokeMode): Promise<Environment> {
    // Reserved concurrency 0 is how Lambda functions are switched off: nothing ever runs.
    if (this.maxConcurrency <= 0) return Promise.reject(new FunctionThrottledError(this.spec.functionName));
    for (const env of this.environments) {
      if (!env.busy) {
        env.busy = true;
        return Promise.resolve(env);
      }
    }
    if (this.environments.size < this.maxConcurrency) {
      const env = this.spawn();
      env.busy = true;
      return Promise.resolve(env);
    }
    if (mode === 'throttle') return Promise.reject(new FunctionThrottledError(this.spec.functionName));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(env: Environment): void {
    env.pending = undefined;
    if (!this.environments.has(env)) {
      // The environment died (timeout, crash): a waiter gets a fresh one.
      const waiter = this.waiting.shift();
      if (waiter && !this.stopped) {
        const fresh = this.spawn();
        fresh.busy = true;
        waiter.resolve(fresh);
      }
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter) {
      waiter.resolve(env);
    } else {
      env.busy = false;
    }
  }

  private spawn(): Environment {
    const { spec } = this;
    const worker = new Worker(WORKER_URL, {
      env: lambdaEnvironment(spec),
      stdout: true,
      stderr: true,
      workerData: {
        bundlePath: spec.bundlePath,
        handlerExport: spec.handlerExport,
        functionName: spec.functionName,
        memorySize: spec.memorySize,
        region: spec.region,
        accountId: spec.accountId,
      },
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, spec.memorySize) },
    });
    const env: Environment = { worker, busy: false, initialised: false };
    for (const stream of [worker.stdout, worker.stderr]) {
      createInterface({ input: stream }).on('line', (line) => this.log(`[${this.prefix}] ${line}`));
    }
    worker.on(
      'message',
      (msg: {
        id: number;
        started?: boolean;
        ok: boolean;
        init?: boolean;
        result?: string;
        error?: Record<string, unknown>;
      }) => {
        const pending = env.pending;
        if (!pending) return;
        if (msg.started) {
          pending.onStarted?.();
          return;
        }
        clearTimeout(pending.timer);
        env.pending = undefined;
        if (msg.ok) {
          pending.resolve(msg.result === undefined ? undefined : JSON.parse(msg.result));
        } else {
          const e = msg.error ?? {};
          pending.reject(
            new FunctionInvocationError(
              spec.functionName,
              String(e.errorType ?? 'Error'),
              String(e.errorMessage ?? ''),
              e.stack as string[] | undefined,
            ),
          );
          // As in Lambda, an environment whose init failed is not reused: the next invocation initialises afresh
          // (a module whose evaluation threw would fail every later import in this thread).
          if (msg.init) {
            this.log(`[${this.prefix}] Init error: ${String(e.errorType ?? 'Error')}; the environment is replaced`);
            void this.discard(env);
          }
        }
      },
    );
    const onDeath = (err?: Error) => {
      if (!this.environments.delete(env)) return;
      const pending = env.pending;
      if (pending) {
        clearTimeout(pending.timer);
        env.pending = undefined;
        pending.reject(
          new FunctionInvocationError(spec.functionName, 'Runtime.ExitError', err?.message ?? 'the runtime exited'),
        );
      }
    };
    worker.on('error', (err) => {
      this.log(`[${this.prefix}] runtime error: ${err.message}`);
      onDeath(err);
    });
    worker.on('exit', () => onDeath());
    this.environments.add(env);
    return env;
  }

  private async discard(env: Environment): Promise<void> {
    this.environments.delete(env);
    const pending = env.pending;
    env.pending = undefined;
    if (pending) {
      // Only a stop discards a busy environment: its caller must not wait forever.
      clearTimeout(pending.timer);
      pending.reject(new FunctionInvocationError(this.spec.functionName, 'Runtime.Stopped', 'the local cloud stopped'));
    }
    await env.worker.terminate();
  }
}

/** The template's variables plus the reserved variables Lambda sets in every environment. */
export function lambdaEnvironment(spec: FunctionSpec): Record<string, string> {
  return {
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    ...spec.env,
    AWS_REGION: spec.region,
    AWS_DEFAULT_REGION: spec.region,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${spec.functionName}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: dirname(spec.bundlePath),
  };
}

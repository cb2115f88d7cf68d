/** A stand-in server started in this process. */
export interface RunningStandIn {
  readonly name: string;
  /** Base URL clients use, e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string;
  /** Closes the server and every resource it holds; safe to call twice. */
  stop(): Promise<void>;
}

/** Options every `start*` function accepts. */
export interface StandInOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Persist state in this directory when given; memory otherwise. */
  dataDir?: string;
}

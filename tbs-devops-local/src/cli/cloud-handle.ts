// The part of the local cloud the CLI and the harness rely on. Kept structural so both work with the cloud as
// `startLocalCloud` returns it without importing its internals.
export interface CloudStackHandle {
  /** Folder name, e.g. `tbs-app-product`. */
  name: string;
  /** Deployed stack name, e.g. `tbs-app-product-local`. */
  stackName: string;
  dir?: string;
  outputs: Record<string, string>;
}

export interface CloudEndpoints {
  dynamodb: string;
  sns: string;
  sqs: string;
  s3: string;
  rdsData: string;
  ses: string;
  secrets: string;
  cognito: string;
  stripe: string;
  [name: string]: string;
}

export interface CloudHandle {
  gatewayUrl: string;
  endpoints: CloudEndpoints;
  stacks: CloudStackHandle[];
  awsEnv(): Record<string, string>;
  stop(): Promise<void>;
}

export interface StartCloudOptions {
  repoRoot: string;
  stacks?: string[];
  dataDir?: string;
  gatewayPort?: number;
  log?: (line: string) => void;
}

export type StartCloud = (options: StartCloudOptions) => Promise<CloudHandle>;

export async function loadStartLocalCloud(): Promise<StartCloud> {
  // Resolved at run time: the harness and the CLI must load even in a checkout where the cloud fails to import.
  const specifier = '../cloud/index';
  const mod = (await import(specifier)) as { startLocalCloud?: StartCloud };
  if (typeof mod.startLocalCloud !== 'function') throw new Error('the local cloud does not export startLocalCloud');
  return mod.startLocalCloud;
}

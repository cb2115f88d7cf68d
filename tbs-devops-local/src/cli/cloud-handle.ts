// The part of the local cloud `up` relies on, so its start-up and shutdown can be tested with a cloud of any size.
export interface CloudStackHandle {
  /** Folder name, e.g. `tbs-app-product`. */
  name: string;
  /** Deployed stack name, e.g. `tbs-app-product-local`. */
  stackName: string;
  dir?: string;
  outputs: Record<string, string>;
  resources?: Record<string, { type: string }>;
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

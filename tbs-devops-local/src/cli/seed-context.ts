/**
 * What `tbs-local seed` hands each stack's seed module. A stack opts in by shipping `seed/seed.ts` with
 * `export async function seed(ctx: SeedContext): Promise<SeedResult>`; it must be idempotent (seed runs on
 * every `up` and against persisted data).
 */
export interface SeedContext {
  stack: { name: string; stackName: string; dir: string };
  /** This stack's outputs (Outputs section, resolved). */
  outputs: Record<string, string>;
  /** AWS_ENDPOINT_URL_*, region and dummy credentials to build SDK clients that reach the stand-ins. */
  awsEnv: Record<string, string>;
  /** The local API gateway, e.g. `http://127.0.0.1:3000`; APIs live under their base paths. */
  gatewayUrl: string;
  /** ID tokens of the demo administrator and customer when the user pool runs. */
  adminToken?: string;
  customerToken?: string;
  log: (line: string) => void;
}

export interface SeedResult {
  /** One line for the `up` table, e.g. `12 products in 4 categories`. */
  summary: string;
  /** Ids worth knowing (e.g. `{ products: [...] }`), printed by `seed` and read by the demo. */
  ids?: Record<string, string[]>;
}

export type SeedModule = {
  seed: (ctx: SeedContext) => Promise<SeedResult>;
  /**
   * Stacks whose seed must run first when this one reads their data (e.g. stock for the seeded products). Stack
   * order follows imports, which need not match what the seed data depends on.
   */
  seedAfter?: string[];
};

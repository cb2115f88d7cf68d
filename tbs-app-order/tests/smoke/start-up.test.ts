import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlanFor } from '@tbs/devops-local/build';
import { applySamGlobals, loadTemplate } from '@tbs/devops-local/template';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const STACK_DIR = fileURLToPath(new URL('../..', import.meta.url));
const REPO_ROOT = join(STACK_DIR, '..');
const READERS = ['GetOrderFunction', 'ListOrdersFunction', 'ListAdminOrdersFunction'];
const WRITERS = ['PlaceOrderFunction', 'CancelOrderFunction', 'StripeWebhookFunction', 'RelayOutboxFunction'];
const PUBLISHED_SCHEMA = /tbs-contracts\/src\/generated\/validators\/events\/order\./;
const STRIPE_SDK = /node_modules\/stripe\//;

// Every import() left out: what remains is what the bundle evaluates when Lambda imports it.
const leaveDynamicImportsOut: Plugin = {
  name: 'leave-dynamic-imports-out',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};

/** The files a function's bundle holds (`whole`) and those it evaluates at start-up, built as the template says. */
async function inputsOf(logicalId: string): Promise<{ whole: string[]; atStartUp: string[] }> {
  const template = applySamGlobals(await loadTemplate(join(STACK_DIR, 'template.yaml')));
  const resource = template.Resources[logicalId];
  const properties = (resource?.Properties ?? {}) as Record<string, unknown>;
  const plan = esbuildPlanFor(
    logicalId,
    (resource?.Metadata?.BuildProperties ?? {}) as Record<string, unknown>,
    String(properties.Handler),
    () => true,
  );
  const inputs = async (plugins: Plugin[]) => {
    const result = await build({
      ...plan.options,
      absWorkingDir: STACK_DIR,
      entryPoints: plan.entryPoints.map((entry) => join(STACK_DIR, entry)),
      outdir: join(REPO_ROOT, '.build', 'start-up-test'),
      tsconfig: join(REPO_ROOT, 'tsconfig.json'),
      plugins,
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    // What ends up in the bundle (files esbuild read but tree shaking dropped contribute no bytes).
    const output = Object.values(result.metafile.outputs).find((out) => out.entryPoint !== undefined);
    return Object.entries(output?.inputs ?? {})
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([file]) => file);
  };
  const [whole, atStartUp] = await Promise.all([inputs([]), inputs([leaveDynamicImportsOut])]);
  return { whole, atStartUp };
}

/**
 * What the order functions evaluate at a cold start (docs/decisions.md, Benchmarks): the compiled schemas of the
 * published events only at the first publish, and the Stripe SDK only in the functions that move money, at their
 * first payment call. A static import of either would put it back into every cold start; these checks catch it.
 */
describe('order functions at start-up', () => {
  it.each(READERS)('%s evaluates no published event schema at start-up and holds no Stripe SDK', async (logicalId) => {
    const { whole, atStartUp } = await inputsOf(logicalId);
    expect(atStartUp.filter((file) => PUBLISHED_SCHEMA.test(file))).toEqual([]);
    expect(whole.filter((file) => STRIPE_SDK.test(file))).toEqual([]);
  });

  it.each(WRITERS)(
    '%s holds the published event schemas but evaluates them only at its first publish',
    async (logicalId) => {
      const { whole, atStartUp } = await inputsOf(logicalId);
      expect(whole.filter((file) => PUBLISHED_SCHEMA.test(file)).length).toBeGreaterThanOrEqual(6);
      expect(atStartUp.filter((file) => PUBLISHED_SCHEMA.test(file))).toEqual([]);
      expect(atStartUp.filter((file) => STRIPE_SDK.test(file))).toEqual([]);
    },
  );

  it('the webhook function verifies signatures without bundling the Stripe SDK at all', async () => {
    const { whole } = await inputsOf('StripeWebhookFunction');
    expect(whole.filter((file) => STRIPE_SDK.test(file))).toEqual([]);
    expect(whole.some((file) => file.endsWith('src/infrastructure/stripe-signature.ts'))).toBe(true);
  });
});

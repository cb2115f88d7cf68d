import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The stacks whose effects make up one purchase: paid (order), reserved (fulfilment), emailed (customer), reported. */
export const PIPELINE_STACKS = ['tbs-app-order', 'tbs-app-fulfilment', 'tbs-app-customer', 'tbs-app-reports'];

/**
 * Why the end-to-end pipeline cannot be measured in this run, or undefined when every stack it needs exists.
 * A stack exists for the local cloud when its folder has a template.yaml.
 */
export function pipelineGap(repoRoot: string): string | undefined {
  const missing = PIPELINE_STACKS.filter((stack) => !existsSync(join(repoRoot, stack, 'template.yaml')));
  if (missing.length === 0) return undefined;
  const noOrders = missing.includes('tbs-app-order')
    ? ' (so there is no POST /order/v1/orders on the local cloud)'
    : '';
  return `missing: ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no template.yaml yet${noOrders}`;
}

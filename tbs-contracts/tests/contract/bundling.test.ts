import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from './contract-fixtures';

// Lambda cold starts pay for every byte a handler bundle parses: importing one compiled validator must not drag in
// the validators of every operation and event.
const bundleSize = async (source: string): Promise<number> => {
  const result = await build({
    stdin: { contents: source, resolveDir: PACKAGE_ROOT, loader: 'ts' },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'es2024',
    minify: true,
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.contents.byteLength;
};

describe('compiled validators in a Lambda bundle', () => {
  it('carry only what the handler imports', async () => {
    const one = await bundleSize(
      "import { validateGetProductParams } from './src/validators/index'; console.log(validateGetProductParams({}));",
    );
    const everything = await bundleSize(
      "import * as all from './src/validators/index'; console.log(Object.keys(all).length, all.requestValidators, all.responseValidators, all.eventValidators);",
    );
    expect(one).toBeLessThan(40_000);
    expect(everything).toBeGreaterThan(one * 10);
  });

  it('run once bundled, with coercion and format checks intact', async () => {
    const result = await build({
      stdin: {
        contents:
          "import { validateListProductsParams, validateOrderPaidEvent } from './src/validators/index'; const p = { limit: '5' }; export const out = [validateListProductsParams(p), p, validateOrderPaidEvent({ time: 'never' })];",
        resolveDir: PACKAGE_ROOT,
        loader: 'ts',
      },
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    const module = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as {
      out: unknown[];
    };
    expect(module.out).toEqual([true, { limit: 5 }, false]);
  });
});

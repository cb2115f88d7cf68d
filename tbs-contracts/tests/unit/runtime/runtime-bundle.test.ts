import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// Every function bundles this runtime, so what an HTTP handler pays at cold start is a user-visible latency.
const bundleOf = async (source: string) => {
  const result = await build({
    stdin: { contents: source, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    target: 'es2024',
    minify: true,
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0];
  return { bytes: output?.bytes ?? 0, inputs: Object.keys(output?.inputs ?? {}) };
};

describe('runtime bundle cost', () => {
  it('keeps an HTTP handler free of AWS SDK clients it does not use', async () => {
    const { bytes, inputs } = await bundleOf(`
      import middy from '@middy/core';
      import { callerFromEvent, jsonResponse, problemJson, validateRequest } from '@tbs/contracts/runtime';
      export const handler = middy().use(validateRequest({})).use(problemJson())
        .handler(async (event) => jsonResponse(200, { caller: callerFromEvent(event), params: event.params }));
    `);
    expect(inputs.filter((input) => input.includes('@aws-sdk/'))).toEqual([]);
    expect(bytes).toBeLessThan(40 * 1024);
  });

  it('pulls in only the SNS client for a publisher', async () => {
    const { inputs } = await bundleOf(`
      import { SnsEventPublisher } from '@tbs/contracts/runtime';
      export const publisher = SnsEventPublisher;
    `);
    expect(inputs.some((input) => input.includes('@aws-sdk/client-sns/'))).toBe(true);
    expect(inputs.some((input) => input.includes('@aws-sdk/client-dynamodb/'))).toBe(false);
  });
});

import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDb } from '@tbs/devops-local';
import { esbuildPlanFor, placeholderEnvironment, runNode } from '@tbs/devops-local/build';
import type { CfnTemplate } from '@tbs/devops-local/template';
import { build, type Plugin } from 'esbuild';
import { createDocumentClient } from '../../tbs-app-product/src/infrastructure/dynamodb-client';
import { DynamoDbProductRepository } from '../../tbs-app-product/src/infrastructure/dynamodb-product-repository';
import { aProduct } from '../../tbs-app-product/tests/fixtures/products';
import { createProductsTable } from '../../tbs-app-product/tests/fixtures/products-table';
import { type Summary, summarize } from './stats';

export interface WarmOverheadResult {
  /** Per-invocation microseconds of the shipped handler (middy, request validation, problem+json, container). */
  ours: Summary;
  /** Per-invocation microseconds of the bare handler doing the same work. */
  bare: Summary;
  /** (ours p50 - bare p50) / bare p50, in percent. */
  overheadPercent: number;
  /** The shipped layers added one at a time, for finding where the overhead comes from. */
  layers: { name: string; summary: Summary }[];
  /** The same comparison with realistic work: both handlers on the shipped DynamoDB repository and the stand-in. */
  onDynamoDb: { ours: Summary; bare: Summary; overheadPercent: number };
}

/** Calls per handler on the DynamoDB stand-in, where one call costs about a millisecond instead of microseconds. */
export const DYNAMODB_CALLS = 2_000;

/** The breakdown handlers of warm/layered-get-product.ts, in the order their layers are added. */
export const LAYERS = ['middyOnly', 'withValidation', 'withProblemJson'] as const;

const FUNCTION_ID = 'GetProductFunction';

/** Points the product container's DynamoDB repository at the seeded in-memory one; nothing else changes. */
const inMemoryRepository = (shim: string): Plugin => ({
  name: 'bench-in-memory-product-repository',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/dynamodb-product-repository$/ }, (args) =>
      args.importer.includes(`${join('tbs-app-product', 'src')}`) ? { path: shim } : undefined,
    );
  },
});

/** Points the bare handler's in-memory repository at the shipped DynamoDB one (warm/dynamodb-product-repository.ts). */
const dynamoDbRepository = (shim: string): Plugin => ({
  name: 'bench-dynamodb-product-repository',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/in-memory-product-repository$/ }, (args) =>
      args.importer.endsWith('bare-get-product.ts') ? { path: shim } : undefined,
    );
  },
});

// Runs in a fresh process: every handler warm, then blocks in rotating order so drift in the machine hits all alike.
const RUNNER = `
const [handlersJson, eventPath, warmUpText, blockText, iterationsText] = process.argv.slice(1);
const { readFileSync } = await import('node:fs');
const event = JSON.parse(readFileSync(eventPath, 'utf8'));
const handlers = [];
for (const [name, url, exportName] of JSON.parse(handlersJson)) handlers.push([name, (await import(url))[exportName]]);
const context = {
  callbackWaitsForEmptyEventLoop: true, functionName: 'bench', functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench', memoryLimitInMB: '1024',
  awsRequestId: 'bench', logGroupName: 'bench', logStreamName: 'bench', getRemainingTimeInMillis: () => 30000,
  done() {}, fail() {}, succeed() {},
};
const expected = await handlers[0][1](event, context);
for (const [name, handler] of handlers) {
  const answer = await handler(event, context);
  if (answer.statusCode !== 200 || answer.body !== expected.body) {
    console.error(name + ' does not answer like ' + handlers[0][0] + ': ' + answer.statusCode + ' ' + String(answer.body).slice(0, 200));
    process.exit(3);
  }
}
const iterations = Number(iterationsText);
const block = Number(blockText);
for (let i = 0; i < Number(warmUpText); i++) for (const [, handler] of handlers) await handler(event, context);
const samples = Object.fromEntries(handlers.map(([name]) => [name, []]));
for (let done = 0, turn = 0; done < iterations; done += block, turn++) {
  for (let k = 0; k < handlers.length; k++) {
    const [name, handler] = handlers[(k + turn) % handlers.length];
    for (let i = 0; i < block; i++) {
      const started = process.hrtime.bigint();
      await handler(event, context);
      samples[name].push(Number(process.hrtime.bigint() - started) / 1000);
    }
  }
}
process.stdout.write('\\n' + JSON.stringify(samples) + '\\n');
`;

/**
 * Warm per-invocation cost of GET /products/{id} as shipped against a bare handler doing the same work, both bundled
 * with the function's own esbuild options and run in one fresh process on the same in-memory repository.
 */
export async function measureWarmOverhead(
  repoRoot: string,
  template: CfnTemplate,
  iterations = 20_000,
): Promise<WarmOverheadResult> {
  const stackDir = join(repoRoot, 'tbs-app-product');
  const resource = template.Resources[FUNCTION_ID];
  if (!resource) throw new Error(`tbs-app-product has no ${FUNCTION_ID}`);
  const properties = (resource.Properties ?? {}) as Record<string, unknown>;
  const codeDir = resolve(stackDir, String(properties.CodeUri ?? '.'));
  const plan = esbuildPlanFor(
    `tbs-app-product/${FUNCTION_ID}`,
    (resource.Metadata?.BuildProperties ?? {}) as Record<string, unknown>,
    String(properties.Handler),
    () => true,
  );
  const outDir = join(repoRoot, '.build', 'bench', 'warm');
  const here = import.meta.dirname;
  const common = {
    ...plan.options,
    absWorkingDir: repoRoot,
    tsconfig: join(repoRoot, 'tsconfig.json'),
    outExtension: undefined,
    logLevel: 'silent' as const,
    write: true,
  };
  const oursFile = join(outDir, 'ours.mjs');
  const bareFile = join(outDir, 'bare.mjs');
  await build({
    ...common,
    entryPoints: [join(codeDir, plan.entryPoints[0] as string)],
    outfile: oursFile,
    plugins: [inMemoryRepository(join(here, 'warm', 'in-memory-product-repository.ts'))],
  });
  await build({ ...common, entryPoints: [join(here, 'warm', 'bare-get-product.ts')], outfile: bareFile });
  const layersFile = join(outDir, 'layers.mjs');
  await build({ ...common, entryPoints: [join(here, 'warm', 'layered-get-product.ts')], outfile: layersFile });
  const url = (file: string) => pathToFileURL(file).href;
  const handlers = [
    ['ours', url(oursFile), 'handler'],
    ['bare', url(bareFile), 'handler'],
    ...LAYERS.map((layer) => [layer, url(layersFile), layer]),
  ];

  const fixture = JSON.parse(
    await readFile(join(stackDir, 'tests', 'fixtures', 'api-gateway-get-product-event.json'), 'utf8'),
  ) as Record<string, unknown>;
  const eventPath = join(outDir, 'event.json');
  const id = '01JD8X3QK7M2V4R6T8W0Y2A4C6';
  await writeFile(eventPath, JSON.stringify({ ...fixture, path: `/products/${id}`, pathParameters: { id } }));

  const env = placeholderEnvironment(template, FUNCTION_ID, 'tbs-app-product-local');
  delete env.NODE_OPTIONS;
  const credentials = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };
  const output = await lastLineOf(
    ['--input-type=module', '-e', RUNNER, JSON.stringify(handlers), eventPath, '2000', '500'],
    String(iterations),
    { ...credentials, ...env },
  );
  const samples = JSON.parse(output) as Record<string, number[]>;
  const ours = summarize(samples.ours ?? []);
  const bare = summarize(samples.bare ?? []);

  // Realistic work: the shipped bundle untouched and the bare handler on the shipped DynamoDB repository, both
  // reading one product from the DynamoDB stand-in (HTTP to an in-process engine) with the same table and client.
  const realOursFile = join(outDir, 'ours-dynamodb.mjs');
  const realBareFile = join(outDir, 'bare-dynamodb.mjs');
  await build({ ...common, entryPoints: [join(codeDir, plan.entryPoints[0] as string)], outfile: realOursFile });
  await build({
    ...common,
    entryPoints: [join(here, 'warm', 'bare-get-product.ts')],
    outfile: realBareFile,
    plugins: [dynamoDbRepository(join(here, 'warm', 'dynamodb-product-repository.ts'))],
  });
  const dynamo = await startDynamoDb({ port: 0 });
  try {
    const tableName = 'bench-warm-products';
    await createProductsTable(
      new DynamoDBClient({
        region: credentials.AWS_REGION,
        endpoint: dynamo.endpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      tableName,
    );
    const documents = createDocumentClient({
      region: credentials.AWS_REGION,
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await new DynamoDbProductRepository(documents, tableName).save(aProduct({ id }));
    const realOutput = await lastLineOf(
      [
        '--input-type=module',
        '-e',
        RUNNER,
        JSON.stringify([
          ['ours', url(realOursFile), 'handler'],
          ['bare', url(realBareFile), 'handler'],
        ]),
        eventPath,
        '200',
        '100',
      ],
      String(DYNAMODB_CALLS),
      { ...credentials, ...env, TABLE_NAME: tableName, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint },
    );
    const real = JSON.parse(realOutput) as Record<string, number[]>;
    const realOurs = summarize(real.ours ?? []);
    const realBare = summarize(real.bare ?? []);
    return {
      ours,
      bare,
      overheadPercent: ((ours.p50 - bare.p50) / bare.p50) * 100,
      layers: LAYERS.map((name) => ({ name, summary: summarize(samples[name] ?? []) })),
      onDynamoDb: {
        ours: realOurs,
        bare: realBare,
        overheadPercent: ((realOurs.p50 - realBare.p50) / realBare.p50) * 100,
      },
    };
  } finally {
    await dynamo.stop();
  }
}

/** The last line a fresh Node process printed; its first lines of stderr when it failed. */
async function lastLineOf(args: string[], lastArg: string, env: Record<string, string>): Promise<string> {
  const { code, stdout, stderr } = await runNode([...args, lastArg], { env, timeoutMs: 120_000 });
  if (code === 0) return stdout.trim().split('\n').at(-1) ?? '';
  throw new Error(stderr.trim().split('\n').slice(0, 3).join(' ') || `exited with ${code}`);
}

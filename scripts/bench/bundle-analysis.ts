import { relative, resolve, sep } from 'node:path';

/** The part of an esbuild metafile the bench reads. */
export interface Metafile {
  outputs: Record<string, { bytes: number; entryPoint?: string; inputs: Record<string, { bytesInOutput: number }> }>;
}

export interface Contributor {
  /** An npm package (`@aws-sdk/client-sns`, `stripe`) or a repository folder (`tbs-contracts/src/validators`). */
  name: string;
  bytes: number;
}

/** Package names whose presence in a bundle counts as "uses this AWS SDK client" for the floor baseline. */
const SDK_CLIENT = /^@aws-sdk\/(client-[a-z0-9-]+|lib-dynamodb)$/;

/**
 * Who owns a bundled file: the innermost `node_modules` package, else the file itself relative to the repository
 * (e.g. `tbs-contracts/src/generated/validators/index.js`), which is where a reader would look for the cause.
 * @param path absolute, or relative to `workingDir` (as esbuild writes metafile paths)
 */
export function ownerOf(path: string, workingDir: string, repoRoot: string): string {
  const normalized = path.split(sep).join('/');
  const at = normalized.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = normalized.slice(at + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
  }
  const inRepo = relative(repoRoot, resolve(workingDir, path)).split(sep);
  if (inRepo[0] === '..') return path;
  return inRepo.join('/');
}

/** The JavaScript output of a single-entry build (ignores source maps). */
export function mainOutput(metafile: Metafile): Metafile['outputs'][string] {
  const found = Object.entries(metafile.outputs).find(([name, out]) => out.entryPoint && !name.endsWith('.map'));
  if (!found) throw new Error('the metafile has no JavaScript output with an entry point');
  return found[1];
}

/** Bytes each owner contributes to the minified output, largest first. */
export function contributors(metafile: Metafile, workingDir: string, repoRoot: string): Contributor[] {
  const totals = new Map<string, number>();
  for (const [path, input] of Object.entries(mainOutput(metafile).inputs)) {
    if (input.bytesInOutput === 0) continue;
    const owner = ownerOf(path, workingDir, repoRoot);
    totals.set(owner, (totals.get(owner) ?? 0) + input.bytesInOutput);
  }
  return [...totals]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
}

/** The AWS SDK client packages (and the DynamoDB document client) that end up in the bundle, sorted. */
export function sdkClientsOf(owners: readonly Contributor[]): string[] {
  return owners
    .map((c) => c.name)
    .filter((name) => SDK_CLIENT.test(name))
    .sort();
}

export function embedsStripe(owners: readonly Contributor[]): boolean {
  return owners.some((c) => c.name === 'stripe');
}

/** One client to construct in a floor bundle: its package and exported class. */
export interface FloorClient {
  pkg: string;
  className: string;
}

/**
 * The floor: a handler module that imports and constructs only these SDK clients at module scope, as our handlers
 * do at cold start, so the bundler keeps exactly what constructing them needs. The DynamoDB document client wraps
 * the DynamoDB client, so it needs that client in the list too.
 */
export function floorSource(clients: readonly FloorClient[]): string {
  const lines: string[] = [];
  const names: string[] = [];
  clients.forEach((client, index) => {
    lines.push(`import { ${client.className} as C${index} } from '${client.pkg}';`);
  });
  const dynamoDb = clients.findIndex((c) => c.pkg === '@aws-sdk/client-dynamodb');
  clients.forEach((client, index) => {
    if (client.pkg === '@aws-sdk/lib-dynamodb') {
      if (dynamoDb < 0) throw new Error('@aws-sdk/lib-dynamodb needs @aws-sdk/client-dynamodb in the floor');
      names.push(`C${index}.from(c${dynamoDb})`);
    } else {
      lines.push(`const c${index} = new C${index}({});`);
      names.push(`c${index}`);
    }
  });
  lines.push(`const clients = [${names.join(', ')}];`);
  lines.push('export const handler = async () => ({ statusCode: 200, body: String(clients.length) });');
  return `${lines.join('\n')}\n`;
}

/** The empty-handler baseline: what the runtime costs with nothing of ours loaded. */
export const EMPTY_HANDLER_SOURCE = "export const handler = async () => ({ statusCode: 200, body: '' });\n";

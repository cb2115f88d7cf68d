import type { BuildOptions } from 'esbuild';

/** A problem in a function's `Metadata.BuildProperties` (the message names the function and property). */
export class BuildPropertiesError extends Error {
  override readonly name = 'BuildPropertiesError';
}

/** BuildProperties that `sam build` (aws-lambda-builders' esbuild workflow) applies; anything else it ignores. */
const KNOWN = new Set([
  'EntryPoints',
  'External',
  'Format',
  'Loader',
  'MainFields',
  'Minify',
  'OutExtension',
  'Sourcemap',
  'SourcesContent',
  'Target',
  'Banner',
  'Footer',
  'Define',
]);

export interface EsbuildPlan {
  options: BuildOptions;
  /** Entry points relative to CodeUri, with the extension SAM resolves (`.ts`, then `.js`, when none is given). */
  entryPoints: string[];
  /** Output extension of `.js` files (`.mjs` with `OutExtension: ['.js=.mjs']`). */
  jsExtension: string;
  warnings: string[];
}

/**
 * Maps SAM esbuild `BuildProperties` onto esbuild's build API the way aws-lambda-builders maps them onto the
 * esbuild CLI: always `--bundle --platform=node --outdir=<artifacts>`; defaults `--target=es2020`,
 * `--format=cjs` and `--minify` when the property is absent; `Minify`/`Sourcemap` only when `true`;
 * single values `Target`, `Format`, `MainFields`, `SourcesContent`; lists (`--x:item`) `External`, `Loader`
 * (`.ext=loader`), `OutExtension` (`.js=.mjs`), `Banner`/`Footer` (`js=text`) and `Define` (`KEY=value`).
 * Without `EntryPoints`, the entry point is the Handler's file, as SAM does.
 * @param fileExists used to resolve entry points written without an extension
 */
export function esbuildPlanFor(
  functionId: string,
  properties: Record<string, unknown>,
  handler: string,
  fileExists: (relativePath: string) => boolean,
): EsbuildPlan {
  const fail = (message: string): never => {
    throw new BuildPropertiesError(`${functionId}: Metadata.BuildProperties.${message}`);
  };
  const warnings = Object.keys(properties)
    .filter((key) => !KNOWN.has(key))
    .map((key) => `${functionId}: BuildProperties.${key} is not used by sam build's esbuild builder; ignored`);

  const list = (key: string): string[] => {
    const value = properties[key];
    if (value === undefined) return [];
    // aws-lambda-builders rejects a non-list here ("Invalid type for property ..."), so a local build must too.
    if (!Array.isArray(value)) fail(`${key} must be a list (sam build rejects a single string), e.g. ${key}: ["..."]`);
    return (value as unknown[]).map((item) => {
      if (typeof item !== 'string' && typeof item !== 'number') fail(`${key} items must be strings`);
      return String(item);
    });
  };
  const pairs = (key: string, separator = '='): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const item of list(key)) {
      const at = item.indexOf(separator);
      if (at <= 0) fail(`${key} item "${item}" must look like "name${separator}value"`);
      out[item.slice(0, at)] = item.slice(at + 1);
    }
    return out;
  };
  const flag = (key: string): boolean | undefined => {
    const value = properties[key];
    if (value === undefined) return undefined;
    return value === true || value === 'true';
  };
  const single = (key: string): string | undefined => {
    const value = properties[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      fail(`${key} must be a single value`);
    }
    return String(value);
  };

  const format = single('Format') ?? 'cjs';
  if (format !== 'cjs' && format !== 'esm' && format !== 'iife')
    return fail(`Format must be cjs or esm, got ${format}`);
  const outExtension = pairs('OutExtension');
  const loader = pairs('Loader') as BuildOptions['loader'];
  const banner = pairs('Banner');
  const footer = pairs('Footer');
  const define = pairs('Define');
  const mainFields = single('MainFields');
  const sourcesContent = single('SourcesContent');

  const declaredEntries = properties.EntryPoints === undefined ? undefined : list('EntryPoints');
  if (declaredEntries !== undefined && declaredEntries.length === 0) fail('EntryPoints must not be empty');
  const entries = declaredEntries ?? [handlerFile(handler)];
  const entryPoints = entries.map((entry) => {
    if (/\.[cm]?[jt]sx?$/.test(entry)) {
      if (!fileExists(entry)) fail(`EntryPoints: ${entry} does not exist under CodeUri`);
      return entry;
    }
    const found = ['.ts', '.js'].map((ext) => entry + ext).find(fileExists);
    if (!found) fail(`EntryPoints: neither ${entry}.ts nor ${entry}.js exists under CodeUri`);
    return found as string;
  });

  const options: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: (single('Target') ?? 'es2020').split(','),
    format,
    minify: flag('Minify') ?? true,
    sourcemap: flag('Sourcemap') === true,
    ...(mainFields !== undefined ? { mainFields: mainFields.split(',').map((f) => f.trim()) } : {}),
    ...(sourcesContent !== undefined ? { sourcesContent: sourcesContent === 'true' } : {}),
    external: list('External'),
    ...(Object.keys(loader ?? {}).length > 0 ? { loader } : {}),
    ...(Object.keys(outExtension).length > 0 ? { outExtension } : {}),
    ...(Object.keys(banner).length > 0 ? { banner } : {}),
    ...(Object.keys(footer).length > 0 ? { footer } : {}),
    ...(Object.keys(define).length > 0 ? { define } : {}),
  };
  return { options, entryPoints, jsExtension: outExtension['.js'] ?? '.js', warnings };
}

/** `src/handlers/app.handler` -> `src/handlers/app` (the module part of a Lambda handler string). */
export function handlerFile(handler: string): string {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) throw new BuildPropertiesError(`Handler "${handler}" must look like "file.export"`);
  return handler.slice(0, dot);
}

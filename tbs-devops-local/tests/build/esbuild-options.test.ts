import { describe, expect, it } from 'vitest';
import { esbuildPlanFor, handlerFile } from '../../src/build';

const exists = (files: string[]) => (path: string) => files.includes(path);

describe('esbuildPlanFor (SAM BuildProperties -> esbuild options)', () => {
  it('applies sam build defaults when properties are absent: cjs, es2020, minified, no source map, Handler entry', () => {
    const plan = esbuildPlanFor('Fn', {}, 'src/app.handler', exists(['src/app.ts']));
    expect(plan.options).toEqual({
      bundle: true,
      platform: 'node',
      target: ['es2020'],
      format: 'cjs',
      minify: true,
      sourcemap: false,
      external: [],
    });
    expect(plan.entryPoints).toEqual(['src/app.ts']);
    expect(plan.jsExtension).toBe('.js');
  });

  it('maps every supported property the way the esbuild CLI flags of sam build do', () => {
    const plan = esbuildPlanFor(
      'Fn',
      {
        Format: 'esm',
        Target: 'es2024',
        Minify: false,
        Sourcemap: true,
        SourcesContent: 'false',
        MainFields: 'module,main',
        External: ['@aws-sdk/*'],
        Loader: ['.sql=text'],
        OutExtension: ['.js=.mjs'],
        Banner: ['js=import { createRequire } from "node:module";'],
        Footer: ['js=// end'],
        Define: ['process.env.STAGE="local"'],
        EntryPoints: ['src/handlers/get'],
      },
      'get.handler',
      exists(['src/handlers/get.js']),
    );
    expect(plan.options).toMatchObject({
      format: 'esm',
      target: ['es2024'],
      minify: false,
      sourcemap: true,
      sourcesContent: false,
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*'],
      loader: { '.sql': 'text' },
      outExtension: { '.js': '.mjs' },
      banner: { js: 'import { createRequire } from "node:module";' },
      footer: { js: '// end' },
      define: { 'process.env.STAGE': '"local"' },
    });
    expect(plan.entryPoints).toEqual(['src/handlers/get.js']);
    expect(plan.jsExtension).toBe('.mjs');
  });

  it('rejects a single string where sam build requires a list, naming the function and property', () => {
    expect(() =>
      esbuildPlanFor('Stack/Fn', { Banner: 'js=x', EntryPoints: ['a.ts'] }, 'a.handler', () => true),
    ).toThrow(/Stack\/Fn: Metadata\.BuildProperties\.Banner must be a list/);
  });

  it('rejects missing entry points and unknown formats, and warns about properties sam build ignores', () => {
    expect(() => esbuildPlanFor('Fn', { EntryPoints: ['src/nope.ts'] }, 'nope.handler', () => false)).toThrow(
      /EntryPoints: src\/nope\.ts does not exist/,
    );
    expect(() => esbuildPlanFor('Fn', { EntryPoints: ['src/a'] }, 'a.handler', () => false)).toThrow(
      /neither src\/a\.ts nor src\/a\.js exists/,
    );
    expect(() => esbuildPlanFor('Fn', { Format: 'umd' }, 'a.handler', () => true)).toThrow(/Format must be cjs or esm/);
    expect(esbuildPlanFor('Fn', { KeepNames: true }, 'a.handler', () => true).warnings).toEqual([
      "Fn: BuildProperties.KeepNames is not used by sam build's esbuild builder; ignored",
    ]);
  });

  it('takes the module part of a handler string', () => {
    expect(handlerFile('src/handlers/get-product.handler')).toBe('src/handlers/get-product');
    expect(() => handlerFile('handler')).toThrow(/file\.export/);
  });
});

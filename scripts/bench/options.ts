/** The parts `make bench` can run; a run of all of them is the only one that writes docs/benchmarks.md. */
export const PARTS = ['cold', 'warm', 'search', 'pipeline'] as const;
export type Part = (typeof PARTS)[number];

export interface BenchOptions {
  parts: Set<Part>;
  /**
   * Cold init (and bundle size) of only the functions whose `<stack>/<LogicalId>` contains one of these texts,
   * each beside its own floor and the empty handler measured in the same run; undefined: every function.
   */
  functions?: string[];
}

export class BenchOptionsError extends Error {
  override readonly name = 'BenchOptionsError';
}

/**
 * Reads `--only=cold,warm,search,pipeline` and `--functions=<text>,...` (e.g. `--functions=StripeWebhook` or
 * `--functions=tbs-app-order/,tbs-app-cart/GetCart`). The environment variable BENCH_FUNCTIONS is read as
 * `--functions` when the argument is absent, so `BENCH_FUNCTIONS=... make bench` works too. Functions without
 * `--only` mean `--only=cold`.
 */
export function parseBenchOptions(argv: readonly string[], env: Record<string, string | undefined>): BenchOptions {
  const optionValue = (name: string): string | undefined =>
    argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(`--${name}=`.length);
  for (const arg of argv) {
    if (arg.startsWith('--') && !/^--(only|functions)=/.test(arg)) {
      throw new BenchOptionsError(`unknown option "${arg}" (--only=${PARTS.join(',')}, --functions=<text>,...)`);
    }
  }
  const listOf = (text: string): string[] =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  const only = optionValue('only');
  const functionsText = optionValue('functions') ?? env.BENCH_FUNCTIONS;
  // Choosing functions is about their bundles: without --only, such a run measures cold init and bundle size alone.
  const parts = new Set<Part>(
    only === undefined
      ? functionsText === undefined
        ? PARTS
        : ['cold']
      : listOf(only).map((part) => {
          if (!(PARTS as readonly string[]).includes(part)) {
            throw new BenchOptionsError(`unknown part "${part}" (one of ${PARTS.join(', ')})`);
          }
          return part as Part;
        }),
  );
  if (parts.size === 0) throw new BenchOptionsError('--only names no part');
  if (functionsText === undefined) return { parts };
  const functions = listOf(functionsText);
  if (functions.length === 0) throw new BenchOptionsError('--functions names no function');
  return { parts, functions };
}

/** Whether a function (`stack`, `logicalId`) is selected: always without a filter, else by its `<stack>/<LogicalId>`. */
export function isSelected(options: BenchOptions, stack: string, logicalId: string): boolean {
  if (options.functions === undefined) return true;
  const subject = `${stack}/${logicalId}`;
  return options.functions.some((text) => subject.includes(text));
}

/** Only a run of every part over every function is a full run, whose table may replace docs/benchmarks.md. */
export function isFullRun(options: BenchOptions): boolean {
  return options.parts.size === PARTS.length && options.functions === undefined;
}

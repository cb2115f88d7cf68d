import { readFile } from 'node:fs/promises';

/** The performance budgets of `make bench` (scripts/bench/budgets.json). */
export interface Budgets {
  coldInit: { runs: number; maxRatioToFloorP50: number };
  /** Minified KB a bundle may carry beyond its SDK floor (the AWS SDK clients it uses, built the same way). */
  bundle: { maxMinifiedKBAboveSdkFloor: number; exemptWhenEmbedding: string[] };
  warmOverhead: { maxP50OverheadPercent: number };
  catalogueSearch: { products: number; queries: number; maxP99Ms: number };
  catalogueImport: { maxSeconds: number };
}

export class BudgetsError extends Error {
  override readonly name = 'BudgetsError';
}

/** Checks the parsed budgets file, naming the first field that is missing or of the wrong type. */
export function parseBudgets(raw: unknown): Budgets {
  const section = (name: string): Record<string, unknown> => {
    const value = (raw as Record<string, unknown> | null)?.[name];
    if (typeof value !== 'object' || value === null) throw new BudgetsError(`budgets: "${name}" must be an object`);
    return value as Record<string, unknown>;
  };
  const positive = (name: string, field: string, integer = false): number => {
    const value = section(name)[field];
    if (typeof value !== 'number' || !(value > 0) || (integer && !Number.isInteger(value))) {
      throw new BudgetsError(`budgets: "${name}.${field}" must be a positive ${integer ? 'integer' : 'number'}`);
    }
    return value;
  };
  const exempt = section('bundle').exemptWhenEmbedding;
  if (!Array.isArray(exempt) || !exempt.every((item) => typeof item === 'string')) {
    throw new BudgetsError('budgets: "bundle.exemptWhenEmbedding" must be a list of package names');
  }
  const runs = positive('coldInit', 'runs', true);
  if (runs < 10) throw new BudgetsError('budgets: "coldInit.runs" must be at least 10');
  return {
    coldInit: { runs, maxRatioToFloorP50: positive('coldInit', 'maxRatioToFloorP50') },
    bundle: {
      maxMinifiedKBAboveSdkFloor: positive('bundle', 'maxMinifiedKBAboveSdkFloor'),
      exemptWhenEmbedding: exempt as string[],
    },
    warmOverhead: { maxP50OverheadPercent: positive('warmOverhead', 'maxP50OverheadPercent') },
    catalogueSearch: {
      products: positive('catalogueSearch', 'products', true),
      queries: positive('catalogueSearch', 'queries', true),
      maxP99Ms: positive('catalogueSearch', 'maxP99Ms'),
    },
    catalogueImport: { maxSeconds: positive('catalogueImport', 'maxSeconds') },
  };
}

export async function loadBudgets(path: string): Promise<Budgets> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new BudgetsError(`budgets: cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return parseBudgets(JSON.parse(text));
  } catch (error) {
    if (error instanceof BudgetsError) throw error;
    throw new BudgetsError(`budgets: ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

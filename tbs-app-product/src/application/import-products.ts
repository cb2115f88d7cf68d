import { DomainError } from '../domain/domain-error';
import { Money } from '../domain/money';
import { PRODUCT_KINDS, Product, type ProductDetails, type ProductKind } from '../domain/product';
import { parseCsv } from './csv';
import type { AcceptedRow, ImportReport, RejectedRow } from './import-report';
import type { Clock, IdGenerator } from './ports/clock';
import type { ImportFiles } from './ports/import-files';
import type { ProductRepository } from './ports/product-repository';

export const IMPORT_COLUMNS = [
  'sku',
  'name',
  'description',
  'category',
  'kind',
  'price_amount',
  'price_currency',
  'image_urls',
] as const;
export const MAX_IMPORT_ROWS = 50_000;
export type { AcceptedRow, ImportReport, RejectedRow } from './import-report';

interface CheckedRow {
  line: number;
  details: ProductDetails;
}

/**
 * Imports a CSV file of products dropped into the import bucket, and writes a report next to it.
 * 1. The header must name exactly the import columns (any order); otherwise nothing is imported.
 * 2. Every row is checked on its own (types, ranges, catalogue rules, a SKU repeated in the file); bad rows are
 *    rejected with their reasons, good rows go on.
 * 3. A row whose SKU exists updates that product when its details differ and changes nothing when they are the
 *    same, so uploading the same file again changes nothing. Archived products are not revived by an import.
 * 4. Products are stored in transactions of many rows, each with its events.
 */
export class ImportProducts {
  constructor(
    private readonly products: ProductRepository,
    private readonly files: ImportFiles,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(key: string, correlationId: string = this.ids.next()): Promise<ImportReport> {
    const report = await this.importFile(key, correlationId);
    await this.files.writeReport(key, report);
    return report;
  }

  private async importFile(key: string, correlationId: string): Promise<ImportReport> {
    let records: ReturnType<typeof parseCsv>;
    try {
      records = parseCsv(await this.files.read(key));
    } catch (error) {
      return this.fileRejected(key, [`The file cannot be read as CSV: ${(error as Error).message}`]);
    }
    const [header, ...rows] = records;
    const headerProblems = checkHeader(header?.fields ?? []);
    if (headerProblems.length > 0) return this.fileRejected(key, headerProblems);
    if (rows.length > MAX_IMPORT_ROWS) {
      return this.fileRejected(key, [
        `The file has ${rows.length} rows; at most ${MAX_IMPORT_ROWS} are imported at once`,
      ]);
    }
    const columns = (header?.fields ?? []).map((name) => name.trim());
    const rejected: RejectedRow[] = [];
    const checked: CheckedRow[] = [];
    const firstLineOfSku = new Map<string, number>();
    for (const row of rows) {
      const values = Object.fromEntries(columns.map((column, index) => [column, row.fields[index] ?? '']));
      const sku = values.sku?.trim() ?? '';
      const reasons =
        row.fields.length === columns.length ? [] : [`has ${row.fields.length} fields, expected ${columns.length}`];
      const details = reasons.length === 0 ? toDetails(values, reasons) : undefined;
      const first = firstLineOfSku.get(sku);
      if (sku !== '' && first !== undefined) reasons.push(`sku ${sku} is already on line ${first}`);
      if (sku !== '' && first === undefined) firstLineOfSku.set(sku, row.line);
      if (reasons.length > 0 || details === undefined)
        rejected.push({ line: row.line, ...(sku ? { sku } : {}), reasons });
      else checked.push({ line: row.line, details });
    }

    const existing = await this.products.findBySkus(checked.map((row) => row.details.sku));
    const now = this.clock.now();
    const accepted: AcceptedRow[] = [];
    const toStore: { row: CheckedRow; product: Product; result: AcceptedRow['result'] }[] = [];
    for (const row of checked) {
      const current = existing.get(row.details.sku);
      if (current === undefined) {
        const product = Product.create({ ...row.details, id: this.ids.next() }, now);
        toStore.push({ row, product, result: 'created' });
      } else if (current.status === 'archived') {
        rejected.push({ line: row.line, sku: row.details.sku, reasons: ['the product with this sku is archived'] });
      } else if (current.update(row.details, now)) {
        toStore.push({ row, product: current, result: 'updated' });
      } else {
        accepted.push({ line: row.line, sku: current.sku, productId: current.id, result: 'unchanged' });
      }
    }
    const failures = await this.products.saveMany(
      toStore.map((entry) => entry.product),
      { correlationId },
    );
    for (const { row, product, result } of toStore) {
      const failure = failures.get(product.id);
      if (failure === undefined) accepted.push({ line: row.line, sku: product.sku, productId: product.id, result });
      else rejected.push({ line: row.line, sku: product.sku, reasons: [reasonOf(failure)] });
    }
    accepted.sort((a, b) => a.line - b.line);
    rejected.sort((a, b) => a.line - b.line);
    const count = (result: AcceptedRow['result']) => accepted.filter((row) => row.result === result).length;
    return {
      file: key,
      status: 'imported',
      problems: [],
      totals: {
        rows: rows.length,
        created: count('created'),
        updated: count('updated'),
        unchanged: count('unchanged'),
        rejected: rejected.length,
      },
      accepted,
      rejected,
      finishedAt: this.clock.now().toISOString(),
    };
  }

  private fileRejected(key: string, problems: string[]): ImportReport {
    return {
      file: key,
      status: 'rejected',
      problems,
      totals: { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 },
      accepted: [],
      rejected: [],
      finishedAt: this.clock.now().toISOString(),
    };
  }
}

function checkHeader(fields: string[]): string[] {
  const names = fields.map((name) => name.trim());
  const problems: string[] = [];
  const missing = IMPORT_COLUMNS.filter((column) => !names.includes(column));
  const unknown = names.filter((name) => !(IMPORT_COLUMNS as readonly string[]).includes(name));
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (missing.length > 0) problems.push(`The header lacks the column(s) ${missing.join(', ')}`);
  if (unknown.length > 0) problems.push(`The header has unknown column(s) ${unknown.join(', ')}`);
  if (repeated.length > 0) problems.push(`The header repeats the column(s) ${[...new Set(repeated)].join(', ')}`);
  if (problems.length > 0) problems.push(`Expected the columns ${IMPORT_COLUMNS.join(',')}`);
  return problems;
}

/** Checks one row's types and ranges, then the catalogue rules; collects reasons instead of stopping at one. */
function toDetails(values: Record<string, string | undefined>, reasons: string[]): ProductDetails | undefined {
  const text = (name: string) => values[name]?.trim() ?? '';
  const amountText = text('price_amount');
  if (!/^\d{1,9}$/.test(amountText)) reasons.push('price_amount must be a whole number of cents, e.g. 1850');
  const kind = text('kind');
  if (!(PRODUCT_KINDS as readonly string[]).includes(kind))
    reasons.push(`kind must be one of ${PRODUCT_KINDS.join(', ')}`);
  const imageUrls =
    text('image_urls') === ''
      ? []
      : text('image_urls')
          .split('|')
          .map((url) => url.trim());
  if (reasons.length > 0) return undefined;
  try {
    const details: ProductDetails = {
      sku: text('sku'),
      name: text('name'),
      description: text('description'),
      category: text('category'),
      kind: kind as ProductKind,
      price: Money.of(Number(amountText), text('price_currency') || undefined),
      imageUrls,
    };
    // The aggregate's own rules, checked on a throwaway product so a row is judged exactly like an API request.
    Product.create({ ...details, id: '00000000000000000000000000' }, new Date(0));
    return details;
  } catch (error) {
    reasons.push(reasonOf(error));
    return undefined;
  }
}

function reasonOf(error: unknown): string {
  return error instanceof DomainError ? error.message : 'the row could not be stored; upload the file again';
}

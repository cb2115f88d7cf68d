// The table every run prints: what was tried, how many times, what failed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SummaryRow {
  check: string;
  tried: string;
  count: number;
  failed: number;
  notes: string;
}

export class Summary {
  private readonly rows: SummaryRow[] = [];
  readonly startedAt = new Date();

  constructor(
    readonly title: string,
    readonly seed: number,
  ) {}

  add(row: SummaryRow): void {
    this.rows.push(row);
  }

  get failed(): number {
    return this.rows.reduce((n, r) => n + r.failed, 0);
  }

  markdown(): string {
    const lines = [
      `| check | what was tried | how many | failed | notes |`,
      `|---|---|---:|---:|---|`,
      ...this.rows.map(
        (r) => `| ${r.check} | ${r.tried} | ${r.count} | ${r.failed} | ${r.notes.replace(/\|/g, '\\|')} |`,
      ),
    ];
    return lines.join('\n');
  }

  text(): string {
    const header = ['check', 'what was tried', 'how many', 'failed', 'notes'];
    const cells = this.rows.map((r) => [r.check, r.tried, String(r.count), String(r.failed), r.notes]);
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
    const line = (c: string[]) =>
      c
        .map((v, i) => v.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd();
    return [
      `${this.title}: seed ${this.seed}, started ${this.startedAt.toISOString()}`,
      line(header),
      line(widths.map((w) => '-'.repeat(w))),
      ...cells.map(line),
      `${this.failed === 0 ? 'all passed' : `${this.failed} failed`} (repeat with RELIABILITY_SEED=${this.seed})`,
    ].join('\n');
  }

  write(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${this.markdown()}\n`);
  }
}

/** The run's seed: RELIABILITY_SEED when set (to repeat a failed run), else a fresh one. */
export function runSeed(): number {
  const fromEnv = process.env.RELIABILITY_SEED;
  if (fromEnv !== undefined && fromEnv !== '') {
    const seed = Number(fromEnv);
    if (!Number.isInteger(seed)) throw new Error(`RELIABILITY_SEED must be an integer, not ${fromEnv}`);
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 31);
}

/** What an import reports, as `<key>.report.json` next to the file. */
export interface AcceptedRow {
  line: number;
  sku: string;
  productId: string;
  result: 'created' | 'updated' | 'unchanged';
}

export interface RejectedRow {
  line: number;
  sku?: string;
  reasons: string[];
}

export interface ImportReport {
  file: string;
  status: 'imported' | 'rejected';
  /** File-level problems (bad header, unreadable file); when present nothing was imported. */
  problems: string[];
  totals: { rows: number; created: number; updated: number; unchanged: number; rejected: number };
  accepted: AcceptedRow[];
  rejected: RejectedRow[];
  finishedAt: string;
}

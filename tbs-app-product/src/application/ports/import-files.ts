import type { ImportReport } from '../import-report';

/** Where import files come from and where their reports go (the import bucket). */
export interface ImportFiles {
  /** The file's text; throws when it is larger than the import accepts. */
  read(key: string): Promise<string>;
  /** Stores the report next to the file as `<key>.report.json`. */
  writeReport(key: string, report: ImportReport): Promise<void>;
}

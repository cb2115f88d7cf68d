import type { CatalogueEntry } from '../domain/pricing';
import type { Catalogue } from './ports/catalogue';

/** A product event -> the prices checkout charges. Stale and repeated events change nothing (version guard). */
export class RecordCatalogueEntry {
  constructor(private readonly catalogue: Catalogue) {}

  async execute(entry: CatalogueEntry): Promise<boolean> {
    return this.catalogue.record(entry);
  }
}

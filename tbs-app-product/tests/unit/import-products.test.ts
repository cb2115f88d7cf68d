import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/application/csv';
import { ImportProducts, type ImportReport } from '../../src/application/import-products';
import { InMemoryProductRepository } from '../fixtures/in-memory-product-repository';

const HEADER = 'sku,name,description,category,kind,price_amount,price_currency,image_urls';
let next = 0;
const ids = { next: () => `01JDC${String(++next).padStart(21, '0')}` };

const setup = () => {
  const products = new InMemoryProductRepository();
  const files = new Map<string, string>();
  const reports = new Map<string, ImportReport>();
  const importer = new ImportProducts(
    products,
    {
      read: async (key) => files.get(key) ?? '',
      writeReport: async (key, report) => {
        reports.set(`${key}.report.json`, report);
      },
    },
    { now: () => new Date('2026-02-01T00:00:00Z') },
    ids,
  );
  const run = async (csv: string) => {
    files.set('in.csv', csv);
    return importer.execute('in.csv', 'c-import');
  };
  return { products, reports, run };
};

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF and a byte order mark', () => {
    const records = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi""\nthere"\r\n\r\nlast,\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"\nthere'] },
      { line: 5, fields: ['last', ''] },
    ]);
  });

  it('refuses an unterminated quoted field', () => {
    expect(() => parseCsv('a,b\n"open,1\n')).toThrow(/not closed/);
  });
});

describe('ImportProducts', () => {
  it('imports good rows, rejects each bad row with its reasons, and writes the report next to the file', async () => {
    const { run, reports, products } = setup();
    const report = await run(
      [
        HEADER,
        'T-1,Green Sencha,Steamed,tea,physical,1850,NZD,https://img.example.com/1.jpg|https://img.example.com/2.jpg',
        'T-2,Bad Price,,tea,physical,12.50,NZD,',
        'T-3,Bad Kind,,tea,vinyl,100,,',
        'T-1,Duplicate,,tea,physical,100,NZD,',
        'T-4,Bad Category,,Tea Leaves,physical,100,NZD,',
        'T-5,Too few fields',
        'T-6,Course,Online,courses,digital,0,,',
      ].join('\n'),
    );
    expect(report.status).toBe('imported');
    expect(report.totals).toEqual({ rows: 7, created: 2, updated: 0, unchanged: 0, rejected: 5 });
    expect(report.accepted.map((row) => [row.line, row.sku, row.result])).toEqual([
      [2, 'T-1', 'created'],
      [8, 'T-6', 'created'],
    ]);
    expect(report.rejected.map((row) => row.line)).toEqual([3, 4, 5, 6, 7]);
    expect(report.rejected.find((row) => row.line === 3)?.reasons[0]).toMatch(/price_amount/);
    expect(report.rejected.find((row) => row.line === 4)?.reasons[0]).toMatch(/kind/);
    expect(report.rejected.find((row) => row.line === 5)?.reasons[0]).toMatch(/line 2/);
    expect(report.rejected.find((row) => row.line === 6)?.reasons[0]).toMatch(/category/);
    expect(report.rejected.find((row) => row.line === 7)?.reasons[0]).toMatch(/fields/);
    expect(reports.get('in.csv.report.json')).toEqual(report);
    const sencha = (await products.findBySkus(['T-1'])).get('T-1');
    expect(sencha?.imageUrls).toHaveLength(2);
    expect((await products.findBySkus(['T-6'])).get('T-6')?.price.toJSON()).toEqual({ amount: 0, currency: 'NZD' });
  });

  it('changes nothing when the same file is uploaded again, and updates rows whose details changed', async () => {
    const { run, products } = setup();
    const csv = [HEADER, 'U-1,Kettle,,gear,physical,4500,NZD,', 'U-2,Grinder,,gear,physical,9000,NZD,'].join('\n');
    await run(csv);
    const events = products.published.length;
    const again = await run(csv);
    expect(again.totals).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect(products.published).toHaveLength(events);
    const changed = await run(csv.replace('9000', '9500'));
    expect(changed.totals).toMatchObject({ updated: 1, unchanged: 1 });
    expect((await products.findBySkus(['U-2'])).get('U-2')?.version).toBe(2);
  });

  it('imports nothing when the header is wrong, and says which columns', async () => {
    const { run, products } = setup();
    const report = await run(['sku,name,price', 'X-1,Thing,100'].join('\n'));
    expect(report.status).toBe('rejected');
    expect(report.problems[0]).toMatch(/lacks the column\(s\) description, category, kind/);
    expect(report.problems[1]).toMatch(/unknown column\(s\) price/);
    expect(products.published).toEqual([]);
  });

  it('reports a file that is not CSV instead of failing', async () => {
    const { run } = setup();
    const report = await run(`${HEADER}\n"never closed`);
    expect(report).toMatchObject({ status: 'rejected', problems: [expect.stringMatching(/cannot be read as CSV/)] });
  });
});

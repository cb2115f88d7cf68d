/** A parsed CSV record with the line it started on (1-based, the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes (a quote inside is doubled), CRLF or LF line
 * ends, an optional UTF-8 byte order mark. Blank lines are skipped. Throws on an unterminated quoted field.
 */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let sawContent = false;
  const endRecord = () => {
    fields.push(field);
    if (sawContent || fields.length > 1 || field.length > 0) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    sawContent = false;
  };
  for (let index = 0; index < source.length; index++) {
    const char = source[index] as string;
    if (quoted) {
      if (char === '"') {
        if (source[index + 1] === '"') {
          field += '"';
          index++;
        } else quoted = false;
      } else {
        if (char === '\n') line++;
        field += char;
      }
      continue;
    }
    if (char === '"' && field.length === 0) {
      quoted = true;
      sawContent = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
      sawContent = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += char;
    }
  }
  if (quoted) throw new Error(`Line ${recordLine}: a quoted field is not closed`);
  if (field.length > 0 || fields.length > 0 || sawContent) endRecord();
  return records;
}

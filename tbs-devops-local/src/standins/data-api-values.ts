import pg from 'pg';

/** A Data API `Field`, as it appears in JSON requests and responses. */
export type Field =
  | { isNull: true }
  | { booleanValue: boolean }
  | { longValue: number }
  | { doubleValue: number }
  | { stringValue: string }
  | { blobValue: string }
  | { arrayValue: ArrayValue };

export type ArrayValue =
  | { booleanValues: boolean[] }
  | { longValues: number[] }
  | { doubleValues: number[] }
  | { stringValues: string[] }
  | { arrayValues: ArrayValue[] };

export interface ResultOptions {
  decimalReturnType?: 'STRING' | 'DOUBLE_OR_LONG';
  longReturnType?: 'STRING' | 'LONG';
}

export class FieldError extends Error {}

/** Turns a request `Field` into the value node-postgres sends. */
export function fieldToParameter(field: unknown, name: string): unknown {
  if (typeof field !== 'object' || field === null) throw new FieldError(`Invalid value for parameter ${name}`);
  const f = field as Record<string, unknown>;
  if (f.isNull === true) return null;
  if (typeof f.booleanValue === 'boolean') return f.booleanValue;
  if (typeof f.longValue === 'number' && Number.isInteger(f.longValue)) return f.longValue;
  if (typeof f.doubleValue === 'number') return f.doubleValue;
  if (typeof f.stringValue === 'string') return f.stringValue;
  if (typeof f.blobValue === 'string') return Buffer.from(f.blobValue, 'base64');
  if (typeof f.arrayValue === 'object' && f.arrayValue !== null)
    return arrayToParameter(f.arrayValue as Record<string, unknown>, name);
  throw new FieldError(`Invalid value for parameter ${name}`);
}

function arrayToParameter(value: Record<string, unknown>, name: string): unknown[] {
  for (const key of ['booleanValues', 'longValues', 'doubleValues', 'stringValues'] as const) {
    if (Array.isArray(value[key])) return value[key] as unknown[];
  }
  if (Array.isArray(value.arrayValues)) {
    return (value.arrayValues as Record<string, unknown>[]).map((v) => arrayToParameter(v, name));
  }
  throw new FieldError(`Invalid array value for parameter ${name}`);
}

// PostgreSQL type OIDs the Data API maps to something other than stringValue.
const BOOL = 16;
const BYTEA = 17;
const LONGS = new Set([20, 21, 23, 26]);
const DOUBLES = new Set([700, 701]);
const NUMERIC = 1700;
const TIMESTAMPTZ = 1184;
const ARRAY_ELEMENT: Record<number, 'bool' | 'long' | 'double' | 'string'> = {
  1000: 'bool',
  1005: 'long',
  1007: 'long',
  1016: 'long',
  1028: 'long',
  1021: 'double',
  1022: 'double',
  1231: 'string',
  1009: 'string',
  1015: 'string',
  1014: 'string',
  2951: 'string',
  1115: 'string',
  1182: 'string',
  1185: 'string',
  1183: 'string',
  199: 'string',
  3807: 'string',
};

const TYPE_NAMES: Record<number, string> = {
  16: 'bool',
  17: 'bytea',
  18: 'char',
  19: 'name',
  20: 'int8',
  21: 'int2',
  23: 'int4',
  25: 'text',
  26: 'oid',
  114: 'json',
  700: 'float4',
  701: 'float8',
  1042: 'bpchar',
  1043: 'varchar',
  1082: 'date',
  1083: 'time',
  1114: 'timestamp',
  1184: 'timestamptz',
  1186: 'interval',
  1700: 'numeric',
  2950: 'uuid',
  3802: 'jsonb',
  1000: '_bool',
  1005: '_int2',
  1007: '_int4',
  1016: '_int8',
  1021: '_float4',
  1022: '_float8',
  1231: '_numeric',
  1009: '_text',
  1015: '_varchar',
  2951: '_uuid',
};

// java.sql.Types codes, which is what the Data API reports as `type` in column metadata.
const JDBC_TYPES: Record<string, number> = {
  bool: -7,
  bytea: -2,
  int2: 5,
  int4: 4,
  int8: -5,
  oid: -5,
  float4: 7,
  float8: 8,
  numeric: 2,
  bpchar: 1,
  char: 1,
  text: 12,
  varchar: 12,
  name: 12,
  date: 91,
  time: 92,
  timestamp: 93,
  timestamptz: 93,
};

export function typeNameOf(oid: number): string | undefined {
  return TYPE_NAMES[oid];
}

export function jdbcTypeOf(typeName: string): number {
  if (typeName.startsWith('_')) return 2003;
  return JDBC_TYPES[typeName] ?? 1111;
}

// Node-postgres' own array parsers; text arrays give raw element strings, which is what the Data API returns.
const parseTextArray = (pg.types.getTypeParser as (oid: number) => (v: string) => unknown[])(1009);

function toArrayValue(raw: unknown[], element: 'bool' | 'long' | 'double' | 'string'): ArrayValue {
  if (raw.some(Array.isArray)) return { arrayValues: raw.map((r) => toArrayValue(r as unknown[], element)) };
  const items = raw as Array<string | null>;
  switch (element) {
    case 'bool':
      return { booleanValues: items.map((v) => v === 't' || v === 'true') };
    case 'long':
      return { longValues: items.map(Number) };
    case 'double':
      return { doubleValues: items.map(Number) };
    default:
      return { stringValues: items.map((v) => v ?? '') };
  }
}

/** Converts one column value, received as PostgreSQL text, to a Data API `Field`. */
export function toField(raw: string | null, oid: number, options: ResultOptions): Field {
  if (raw === null) return { isNull: true };
  if (oid === BOOL) return { booleanValue: raw === 't' };
  if (LONGS.has(oid)) return options.longReturnType === 'STRING' ? { stringValue: raw } : { longValue: Number(raw) };
  if (DOUBLES.has(oid)) return { doubleValue: Number(raw) };
  if (oid === NUMERIC) {
    if (options.decimalReturnType !== 'DOUBLE_OR_LONG') return { stringValue: raw };
    return /^-?\d+$/.test(raw) ? { longValue: Number(raw) } : { doubleValue: Number(raw) };
  }
  if (oid === BYTEA) return { blobValue: Buffer.from(raw.slice(2), 'hex').toString('base64') };
  // The session runs in UTC, as Aurora does; the Data API returns timestamps without an offset.
  if (oid === TIMESTAMPTZ) return { stringValue: raw.replace(/\+00(?::00)?$/, '') };
  const element = ARRAY_ELEMENT[oid];
  if (element) return { arrayValue: toArrayValue(parseTextArray(raw), element) };
  return { stringValue: raw };
}

/** The value a `formatRecordsAs: JSON` result shows for a field. */
export function toJsonValue(field: Field): unknown {
  if ('isNull' in field) return null;
  if ('booleanValue' in field) return field.booleanValue;
  if ('longValue' in field) return field.longValue;
  if ('doubleValue' in field) return field.doubleValue;
  if ('stringValue' in field) return field.stringValue;
  if ('blobValue' in field) return field.blobValue;
  return arrayToJson(field.arrayValue);
}

function arrayToJson(value: ArrayValue): unknown[] {
  if ('arrayValues' in value) return value.arrayValues.map(arrayToJson);
  return Object.values(value)[0] as unknown[];
}

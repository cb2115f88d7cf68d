// Hook requests carry resolved values as strings ("30", "true"); templates carry numbers, booleans and
// intrinsic functions. These helpers read both, and treat an intrinsic as "set, value unknown".

const INTRINSIC_KEYS = new Set([
  'Ref',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::If',
  'Fn::ImportValue',
  'Fn::Select',
  'Fn::FindInMap',
  'Fn::Split',
  'Fn::GetAZs',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::ToJsonString',
  'Fn::Length',
]);

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && INTRINSIC_KEYS.has(keys[0] as string);
}

export function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim().length > 0;
  return true;
}

/** true/false when known, 'unknown' for an intrinsic, undefined when absent or unreadable. */
export function readBoolean(value: unknown): boolean | 'unknown' | undefined {
  if (value === true || value === 'true' || value === 'True') return true;
  if (value === false || value === 'false' || value === 'False') return false;
  if (isIntrinsic(value)) return 'unknown';
  return undefined;
}

export function readInteger(value: unknown): number | 'unknown' | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  if (isIntrinsic(value)) return 'unknown';
  return undefined;
}

/** Some properties (RedrivePolicy, RedriveAllowPolicy) may be given as a JSON string or as an object. */
export function readJsonObject(value: unknown): Record<string, unknown> | 'unknown' | undefined {
  if (isIntrinsic(value)) return 'unknown';
  if (isRecord(value)) return value;
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return isRecord(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

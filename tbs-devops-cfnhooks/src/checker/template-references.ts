import { isRecord } from '../rules/property-values';

/** Logical ids a value refers to through Ref, Fn::GetAtt or ${Name} placeholders in Fn::Sub. */
export function referencedIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, into);
  } else if (isRecord(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') into.add(inner);
      else if (key === 'Fn::GetAtt') {
        const target = Array.isArray(inner) ? inner[0] : typeof inner === 'string' ? inner.split('.')[0] : undefined;
        if (typeof target === 'string') into.add(target);
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? inner[0] : inner;
        if (typeof text === 'string') {
          for (const match of text.matchAll(/\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}/g)) into.add(match[1] as string);
        }
        if (Array.isArray(inner)) referencedIds(inner[1], into);
      } else referencedIds(inner, into);
    }
  }
  return into;
}

/** Every string literal inside a value, with a readable path, skipping the names of intrinsic keys. */
export function* stringsIn(value: unknown, path: string): Generator<{ path: string; text: string }> {
  if (typeof value === 'string') yield { path, text: value };
  else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* stringsIn(item, `${path}[${index}]`);
  } else if (isRecord(value)) {
    for (const [key, inner] of Object.entries(value)) yield* stringsIn(inner, path ? `${path}.${key}` : key);
  }
}

/** Collects every value of a given key anywhere inside a value (e.g. all MetricName entries of an alarm). */
export function valuesOfKey(value: unknown, key: string, into: unknown[] = []): unknown[] {
  if (Array.isArray(value)) {
    for (const item of value) valuesOfKey(item, key, into);
  } else if (isRecord(value)) {
    for (const [k, inner] of Object.entries(value)) {
      if (k === key) into.push(inner);
      valuesOfKey(inner, key, into);
    }
  }
  return into;
}

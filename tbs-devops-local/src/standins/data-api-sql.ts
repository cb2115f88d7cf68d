/** Type hints the Data API accepts, and the PostgreSQL cast each one stands for. */
const CAST_FOR_HINT: Record<string, string> = {
  UUID: 'uuid',
  TIMESTAMP: 'timestamp',
  DATE: 'date',
  TIME: 'time',
  DECIMAL: 'numeric',
  JSON: 'json',
};

export class NamedParameterError extends Error {}

const isIdentStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isIdentPart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_$]/.test(c);

/**
 * Rewrites `:name` placeholders to `$1, $2...` (one number per distinct name, with the type hint as a cast),
 * leaving alone what only looks like a placeholder: string literals (incl. E'' escapes), quoted identifiers,
 * dollar-quoted bodies, comments and `::` casts. Returns the SQL and the parameter names in positional order.
 */
export function toPositional(
  sql: string,
  typeHints: ReadonlyMap<string, string | undefined>,
): { text: string; names: string[] } {
  const names: string[] = [];
  let out = '';
  let i = 0;
  const copyUntil = (end: number): void => {
    out += sql.slice(i, end);
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (c === "'") {
      const escapes = /[eE]/.test(sql[i - 1] ?? '') && !isIdentPart(sql[i - 2]);
      let j = i + 1;
      while (j < sql.length) {
        if (escapes && sql[j] === '\\') j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j += 1;
      }
      copyUntil(Math.min(j + 1, sql.length));
    } else if (c === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === '"' && sql[j + 1] !== '"')) j += sql[j] === '"' ? 2 : 1;
      copyUntil(Math.min(j + 1, sql.length));
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      copyUntil(end === -1 ? sql.length : end);
    } else if (c === '/' && next === '*') {
      let depth = 0;
      let j = i;
      while (j < sql.length) {
        if (sql[j] === '/' && sql[j + 1] === '*') {
          depth += 1;
          j += 2;
        } else if (sql[j] === '*' && sql[j + 1] === '/') {
          depth -= 1;
          j += 2;
          if (depth === 0) break;
        } else j += 1;
      }
      copyUntil(j);
    } else if (c === '$' && !isIdentPart(sql[i - 1])) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        copyUntil(end === -1 ? sql.length : end + tag.length);
      } else {
        copyUntil(i + 1);
      }
    } else if (c === ':' && next === ':') {
      copyUntil(i + 2);
    } else if (c === ':' && isIdentStart(next) && sql[i - 1] !== ':') {
      let j = i + 1;
      while (isIdentPart(sql[j]) && sql[j] !== '$') j += 1;
      const name = sql.slice(i + 1, j);
      if (!typeHints.has(name)) throw new NamedParameterError(`No value specified for parameter: ${name}`);
      let index = names.indexOf(name);
      if (index === -1) index = names.push(name) - 1;
      const hint = typeHints.get(name);
      const cast = hint ? CAST_FOR_HINT[hint] : undefined;
      out += `$${index + 1}${cast ? `::${cast}` : ''}`;
      i = j;
    } else {
      copyUntil(i + 1);
    }
  }
  return { text: out, names };
}

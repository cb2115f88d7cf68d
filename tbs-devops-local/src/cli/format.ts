/** Left-aligned columns separated by two spaces, header underlined: readable in a terminal, greppable in a log. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatAge(from: Date, now: Date): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  if (seconds < 86_400)
    return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** One line of at most `max` characters: whitespace collapsed, an ellipsis when cut. */
export function summarize(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** A short description of a message body: the CloudEvent type and subject when it is one, else the text. */
export function summarizeBody(body: string, max = 60): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    if (typeof parsed['type'] === 'string' && typeof parsed['specversion'] === 'string') {
      return summarize(`${parsed['type']}${typeof parsed['subject'] === 'string' ? ` ${parsed['subject']}` : ''}`, max);
    }
  } catch {
    // not JSON: show the text itself
  }
  return summarize(body, max);
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

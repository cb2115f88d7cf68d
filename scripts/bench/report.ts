import type { Budgets } from './budgets';
import type { Contributor } from './bundle-analysis';
import type { Summary } from './stats';
import type { WarmOverheadResult } from './warm-overhead';

export type Verdict = 'within' | 'OVER' | 'missing' | 'failed' | 'measured';

/** One line of the benchmark table. */
export interface Row {
  benchmark: string;
  subject: string;
  measured: string;
  baseline: string;
  budget: string;
  result: Verdict;
  note: string;
}

export interface MachineDescription {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  date: string;
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number): string => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const us = (value: number): string => `${value.toFixed(1)} µs`;
const spread = (s: Summary, unit: (v: number) => string = ms): string => `p50 ${unit(s.p50)}, p90 ${unit(s.p90)}`;

// Packages every SDK client drags in as well, so the floor carries them too: not a cause of going over it.
const SHARED_WITH_FLOOR = /^@(aws-sdk|smithy|aws-crypto)\//;

export interface ColdInitInput {
  stack: string;
  logicalId: string;
  bytes: number;
  gzipBytes: number;
  owners: Contributor[];
  /** The owners evaluated when the bundle is imported; the others wait for an `import()` (default: all). */
  startUpOwners?: Contributor[];
  sdkClients: string[];
  embedsStripe: boolean;
  /** CPU time of the import (judged); `initWall` is its wall-clock time. */
  init?: Summary;
  initWall?: Summary;
  initError?: string;
  floor?: Summary;
  floorBytes: number;
  empty?: Summary;
}

/** The bundle-size row and the cold-init row of one function, each judged against its budget. */
export function functionRows(input: ColdInitInput, budgets: Budgets): Row[] {
  const subject = `${input.stack} / ${input.logicalId}`;
  const top = (owners: Contributor[], count: number): string =>
    owners
      .slice(0, count)
      .map((o) => `${o.name} ${kb(o.bytes)}`)
      .join(', ');
  const exemptBy = budgets.bundle.exemptWhenEmbedding.find((pkg) => input.owners.some((o) => o.name === pkg));
  const maxBytes = budgets.bundle.maxMinifiedKBAboveSdkFloor * 1024;
  // The whole bundle is reported; the budget judges what it carries beyond the SDK clients it uses (the floor).
  const aboveFloor = Math.max(0, input.bytes - input.floorBytes);
  const bundleOver = exemptBy === undefined && aboveFloor > maxBytes;
  const rows: Row[] = [
    {
      benchmark: 'bundle size',
      subject,
      measured: `${kb(input.bytes)} min, ${kb(input.gzipBytes)} gz; ${kb(aboveFloor)} above the floor`,
      baseline: `SDK floor ${kb(input.floorBytes)} min`,
      budget: exemptBy
        ? `exempt (embeds ${exemptBy})`
        : `<= ${budgets.bundle.maxMinifiedKBAboveSdkFloor} KB min above the floor`,
      result: bundleOver ? 'OVER' : 'within',
      note: bundleOver ? bundleCause(input, top) : '',
    },
  ];
  const clients = input.sdkClients.length ? input.sdkClients.map((c) => c.replace('@aws-sdk/', '')).join(', ') : 'none';
  if (input.init === undefined || input.floor === undefined) {
    rows.push({
      benchmark: 'cold init',
      subject,
      measured: 'not measured',
      baseline: input.floor ? `floor ${spread(input.floor)}` : 'floor not measured',
      budget: `<= ${budgets.coldInit.maxRatioToFloorP50}x floor p50`,
      result: 'failed',
      note: `the bundle does not load: ${input.initError ?? 'its floor failed to load'}`,
    });
    return rows;
  }
  const ratio = input.init.p50 / input.floor.p50;
  const initOver = ratio > budgets.coldInit.maxRatioToFloorP50;
  const notInFloor = (owners: Contributor[]) => owners.filter((o) => !SHARED_WITH_FLOOR.test(o.name));
  const beyondFloor = notInFloor(input.startUpOwners ?? input.owners);
  const sum = (owners: Contributor[]) => owners.reduce((total, o) => total + o.bytes, 0);
  // What our code and libraries hold back until an import() runs (the SDK defers some of its own, as in the floor).
  const deferred = Math.max(0, sum(notInFloor(input.owners)) - sum(beyondFloor));
  const aboveFloorNote =
    deferred > 0
      ? `+${kb(aboveFloor)} over the floor in the bundle, ${kb(deferred)} of it evaluated only when first used; ` +
        'largest at start-up'
      : `+${kb(aboveFloor)} over the floor at start-up; largest of it`;
  rows.push({
    benchmark: 'cold init',
    subject,
    measured: `CPU ${spread(input.init)} (${ratio.toFixed(2)}x floor)${input.initWall ? `; wall ${spread(input.initWall)}` : ''}`,
    baseline: `floor [${clients}] CPU ${spread(input.floor)}; empty CPU ${input.empty ? spread(input.empty) : 'n/a'}`,
    budget: `<= ${budgets.coldInit.maxRatioToFloorP50}x floor p50`,
    result: initOver ? 'OVER' : 'within',
    note: initOver ? `${aboveFloorNote}: ${top(beyondFloor, 4)}` : '',
  });
  return rows;
}

/** Why a bundle is over its size budget: what our code and libraries add on top of the SDK floor. */
function bundleCause(input: ColdInitInput, top: (owners: Contributor[], count: number) => string): string {
  const ours = input.owners.filter((o) => !SHARED_WITH_FLOOR.test(o.name));
  return `our code and libraries add ${kb(ours.reduce((sum, o) => sum + o.bytes, 0))}, largest: ${top(ours, 3)}`;
}

export function renderMarkdown(rows: readonly Row[], machine: MachineDescription, notes: readonly string[]): string {
  const cellOf = (cell: string): string => cell.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const header = ['Benchmark', 'Subject', 'Measured', 'Baseline', 'Budget', 'Result', 'Cause / note'];
  const lines = [
    '# Benchmarks',
    '',
    `Generated by \`make bench\` on ${machine.date}: ${machine.cpu}, ${machine.cores} cores, ` +
      `${machine.memoryGiB.toFixed(1)} GiB memory, Node ${machine.node}.`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map(
      (r) =>
        `| ${[r.benchmark, r.subject, r.measured, r.baseline, r.budget, r.result, r.note].map(cellOf).join(' | ')} |`,
    ),
    '',
    ...notes.map((note) => `- ${note}`),
    '',
  ];
  return lines.join('\n');
}

/** Where the warm overhead goes: the p50 each shipped layer adds over the one before it. */
export function warmCause(warm: WarmOverheadResult): string {
  const labels: Record<string, string> = {
    middyOnly: 'middy core',
    withValidation: 'request validation',
    withProblemJson: 'problem+json',
  };
  let previous = warm.bare.p50;
  const steps = warm.layers.map(({ name, summary }) => {
    const step = `${labels[name] ?? name} ${summary.p50 - previous >= 0 ? '+' : ''}${us(summary.p50 - previous)}`;
    previous = summary.p50;
    return step;
  });
  steps.push(`container and shipped wiring ${warm.ours.p50 - previous >= 0 ? '+' : ''}${us(warm.ours.p50 - previous)}`);
  return (
    `+${us(warm.ours.p50 - warm.bare.p50)} a call at p50 over a bare handler whose whole work is a ${us(warm.bare.p50)} ` +
    `in-memory lookup; by layer: ${steps.join(', ')}`
  );
}

export { ms, spread, us };

#!/usr/bin/env node
// Runs the TypeScript CLI in this process through tsx, so Ctrl-C reaches the one process that owns every server.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `tbs-local needs Node.js 24 or later (this is ${process.version}): run it through make (make dev) or ". scripts/env.sh" first\n`,
  );
  process.exit(1);
}
// fauxqs persists through node:sqlite; its "experimental" warning says nothing a user of the shop can act on.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const text = typeof warning === 'string' ? warning : warning?.message;
  if (typeof text === 'string' && text.startsWith('SQLite is an experimental feature')) return;
  emitWarning(warning, ...rest);
};
const { register } = await import('tsx/esm/api');
register();
const { runCli } = await import('../src/cli/main.ts');
const code = await runCli(process.argv.slice(2));
// Exit explicitly: the cloud has been stopped by now and nothing left may keep the process (and its ports) alive.
process.exit(code);

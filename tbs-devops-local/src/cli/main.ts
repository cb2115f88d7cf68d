import { type Command, parseArgs, USAGE } from './args';
import {
  alarmCommand,
  dlqCommand,
  emailsCommand,
  type Io,
  outputsCommand,
  seedCommand,
  tokenCommand,
  userCreateCommand,
} from './commands';
import { CliError } from './errors';
import { repoRoot, stateFilePath } from './paths';
import { readState } from './state-file';
import { upCommand } from './up';

const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  now: () => new Date(),
};

/**
 * Resolves on the first SIGINT/SIGTERM; a second one a moment later exits at once, for a shutdown that hangs.
 * (Some supervisors, like `timeout`, signal the process and its group together: that pair counts as one.)
 */
function stopSignal(io: Io): Promise<string> {
  return new Promise((resolve) => {
    let firstAt: number | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (firstAt !== undefined) {
        if (Date.now() - firstAt < 1000) return;
        io.err(`${signal} again: exiting without waiting for the shutdown`);
        process.exit(130);
      }
      firstAt = Date.now();
      io.err(`${signal}: stopping the local cloud`);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

async function dispatch(command: Command, io: Io): Promise<void> {
  if (command.name === 'help') {
    io.out(USAGE);
    return;
  }
  const root = repoRoot();
  const statePath = stateFilePath(root);
  if (command.name === 'up') {
    await upCommand(command, io, {
      repoRoot: root,
      statePath,
      // Loaded only for up: the stand-ins are heavy and the other commands just talk to a running cloud.
      startCloud: (await import('../cloud')).startLocalCloud,
      stopSignal: stopSignal(io),
    });
    return;
  }
  const state = readState(statePath);
  switch (command.name) {
    case 'seed':
      return seedCommand(state, io);
    case 'dlq-list':
    case 'dlq-show':
    case 'dlq-redrive':
      return dlqCommand(state, command, io);
    case 'emails':
      return emailsCommand(state, command, io);
    case 'alarm':
      return alarmCommand(state, command, io);
    case 'user-create':
      return userCreateCommand(state, command, io);
    case 'token':
      return tokenCommand(state, command, io);
    case 'outputs':
      return outputsCommand(state, command, io);
  }
}

/** Runs one command and returns the exit code: 0 done, 1 the command failed, 2 the command line is wrong. */
export async function runCli(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    await dispatch(parseArgs(argv), io);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`${error.name}: ${error.message}`);
      if (error.exitCode === 2) io.err('run "tbs-local help" for the commands and their options');
      return error.exitCode;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    io.err(`${err.name}: ${err.message}`);
    if (process.env['TBS_DEBUG']) io.err(err.stack ?? '');
    return 1;
  }
}

// Errors the CLI reports as one line (`Name: message`) instead of a stack trace. The exit code tells scripts
// whether the command line was wrong (2) or the command could not do its job (1).
export class CliError extends Error {
  readonly exitCode: number = 1;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class UsageError extends CliError {
  override readonly exitCode = 2;
}

export class NotRunningError extends CliError {}

export class AlreadyRunningError extends CliError {}

export class NotFoundError extends CliError {}

export class PortInUseError extends CliError {}

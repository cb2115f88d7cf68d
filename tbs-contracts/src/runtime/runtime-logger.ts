/**
 * The logging the runtime needs. A Powertools `Logger` fits it, so services pass theirs and keep one log format;
 * without one the runtime writes one JSON object per line (Lambda's JSON log format keeps it structured).
 */
export interface RuntimeLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

const write = (level: 'INFO' | 'WARN' | 'ERROR', message: string, attributes?: Record<string, unknown>): void => {
  const line = JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...attributes });
  if (level === 'ERROR') console.error(line);
  else if (level === 'WARN') console.warn(line);
  else console.info(line);
};

export const consoleJsonLogger: RuntimeLogger = {
  info: (message, attributes) => write('INFO', message, attributes),
  warn: (message, attributes) => write('WARN', message, attributes),
  error: (message, attributes) => write('ERROR', message, attributes),
};

/** An error as log attributes: name, message, stack and code, never the error's other (possibly personal) fields. */
export const errorAttributes = (error: unknown): Record<string, unknown> => {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      message: error.message,
      ...(typeof code === 'string' ? { code } : {}),
      stack: error.stack,
    };
  }
  return { name: typeof error, message: String(error).slice(0, 500) };
};

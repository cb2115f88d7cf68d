/** A template problem a user can fix: the message names the file (and line when known). */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';

  constructor(
    message: string,
    readonly fileName?: string,
    readonly line?: number,
  ) {
    super(fileName ? `${fileName}${line ? `:${line}` : ''}: ${message}` : message);
  }
}

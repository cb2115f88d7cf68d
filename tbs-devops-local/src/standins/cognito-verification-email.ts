/** An email the user pool sends (verification codes), as handed to whatever delivers it. */
export interface CognitoEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** The pool settings that shape a verification email (CreateUserPool input, as cognito-local stores it). */
export interface VerificationEmailSettings {
  VerificationMessageTemplate?: { EmailSubject?: string; EmailMessage?: string };
  EmailVerificationSubject?: string;
  EmailVerificationMessage?: string;
  EmailConfiguration?: { From?: string };
}

// The messages that carry a verification code under the pool's verification template.
const VERIFICATION_SOURCES = new Set([
  'SignUp',
  'ResendCode',
  'ForgotPassword',
  'UpdateUserAttribute',
  'VerifyUserAttribute',
]);

// What Cognito sends when the pool configures nothing.
const DEFAULT_SUBJECT = 'Your verification code';
const DEFAULT_MESSAGE = 'Your verification code is {####}. ';
const DEFAULT_FROM = 'no-reply@verificationemail.com';

/**
 * The verification email Cognito would send for this message source, or undefined when the source is not a
 * verification (invitations and sign-in codes use other templates). A CustomMessage trigger's text wins, as in
 * Cognito; `{####}` becomes the code.
 */
export function verificationEmail(
  source: string,
  to: string,
  code: string,
  pool: VerificationEmailSettings,
  custom: { emailSubject?: string; emailMessage?: string } = {},
): CognitoEmail | undefined {
  if (!VERIFICATION_SOURCES.has(source)) return undefined;
  const template = pool.VerificationMessageTemplate ?? {};
  const subject = custom.emailSubject || template.EmailSubject || pool.EmailVerificationSubject || DEFAULT_SUBJECT;
  const message = custom.emailMessage || template.EmailMessage || pool.EmailVerificationMessage || DEFAULT_MESSAGE;
  return { from: pool.EmailConfiguration?.From || DEFAULT_FROM, to, subject, text: message.replaceAll('{####}', code) };
}

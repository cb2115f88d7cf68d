import { describe, expect, it } from 'vitest';
import { verificationEmail } from '../../src/standins/cognito-verification-email';

describe('verificationEmail', () => {
  it("uses the pool's verification template and sender, with the code in place of {####}", () => {
    const pool = {
      VerificationMessageTemplate: { EmailSubject: 'Confirm your address', EmailMessage: 'Your code: {####}.' },
      EmailConfiguration: { From: 'shop@example.com' },
    };
    expect(verificationEmail('SignUp', 'ana@example.com', '123456', pool)).toEqual({
      from: 'shop@example.com',
      to: 'ana@example.com',
      subject: 'Confirm your address',
      text: 'Your code: 123456.',
    });
  });

  it("falls back to the pool's older settings, then to Cognito's defaults", () => {
    const older = { EmailVerificationSubject: 'Verify', EmailVerificationMessage: 'Code {####}' };
    expect(verificationEmail('ForgotPassword', 'a@example.com', '9', older)).toMatchObject({
      subject: 'Verify',
      text: 'Code 9',
    });
    expect(verificationEmail('SignUp', 'a@example.com', '42', {})).toEqual({
      from: 'no-reply@verificationemail.com',
      to: 'a@example.com',
      subject: 'Your verification code',
      text: 'Your verification code is 42. ',
    });
  });

  it("prefers a CustomMessage trigger's text, and sends nothing for messages that are not verifications", () => {
    const custom = { emailSubject: 'Hi', emailMessage: 'Use {####}' };
    expect(verificationEmail('SignUp', 'a@example.com', '7', {}, custom)).toMatchObject({
      subject: 'Hi',
      text: 'Use 7',
    });
    expect(verificationEmail('AdminCreateUser', 'a@example.com', '7', {})).toBeUndefined();
    expect(verificationEmail('Authentication', 'a@example.com', '7', {})).toBeUndefined();
  });
});

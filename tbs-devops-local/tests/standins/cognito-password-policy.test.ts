import { describe, expect, it } from 'vitest';
import { passwordPolicyViolation } from '../../src/standins/cognito-password-policy';

const AWS_DEFAULT = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
};

describe('passwordPolicyViolation', () => {
  it('accepts a password meeting every rule', () => {
    expect(passwordPolicyViolation('Aa1!aaaa', AWS_DEFAULT)).toBeUndefined();
  });

  it('names the first rule a password breaks, in Cognito words', () => {
    expect(passwordPolicyViolation('Aa1!aaa', AWS_DEFAULT)).toBe('Password not long enough');
    expect(passwordPolicyViolation('aa1!aaaa', AWS_DEFAULT)).toBe('Password must have uppercase characters');
    expect(passwordPolicyViolation('AA1!AAAA', AWS_DEFAULT)).toBe('Password must have lowercase characters');
    expect(passwordPolicyViolation('Aa!!aaaa', AWS_DEFAULT)).toBe('Password must have numeric characters');
    expect(passwordPolicyViolation('Aa11aaaa', AWS_DEFAULT)).toBe('Password must have symbol characters');
  });

  it('applies only the rules the pool declares', () => {
    expect(passwordPolicyViolation('abcdefghijkl', { MinimumLength: 12 })).toBeUndefined();
    expect(passwordPolicyViolation('abcdefghijk', { MinimumLength: 12 })).toBe('Password not long enough');
    expect(passwordPolicyViolation('x', undefined)).toBeUndefined();
  });
});

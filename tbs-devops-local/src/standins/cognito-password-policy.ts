/** A user pool's password policy, as CreateUserPool stores it (cognito-local fills in AWS's defaults). */
export interface PasswordPolicy {
  MinimumLength?: number;
  RequireUppercase?: boolean;
  RequireLowercase?: boolean;
  RequireNumbers?: boolean;
  RequireSymbols?: boolean;
}

// The characters Cognito counts as symbols (its documented list).
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+ -]/;

/**
 * Why Cognito would refuse this password under the pool's policy, in Cognito's own words, or undefined. cognito-local
 * stores the policy but never applies it, so without this a sign-up the deployed pool refuses succeeds locally.
 */
export function passwordPolicyViolation(password: string, policy: PasswordPolicy | undefined): string | undefined {
  if (!policy) return undefined;
  if (password.length < (policy.MinimumLength ?? 8)) return 'Password not long enough';
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) return 'Password must have uppercase characters';
  if (policy.RequireLowercase && !/[a-z]/.test(password)) return 'Password must have lowercase characters';
  if (policy.RequireNumbers && !/[0-9]/.test(password)) return 'Password must have numeric characters';
  if (policy.RequireSymbols && !SYMBOLS.test(password)) return 'Password must have symbol characters';
  return undefined;
}

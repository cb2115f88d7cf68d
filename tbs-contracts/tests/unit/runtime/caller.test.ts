import { describe, expect, it } from 'vitest';
import { callerFromEvent, HttpProblem, parseGroups, requireAdmin } from '../../../src/runtime';
import { httpApiEvent, restEvent } from './fixtures';

const SUB = '3b1c8a52-7d4e-4f3a-9a61-2c5e8f0d1b7a';

const restWithClaims = (claims: Record<string, unknown>) =>
  restEvent({
    requestContext: { ...restEvent().requestContext, authorizer: { claims } },
  });

const httpWithClaims = (claims: Record<string, unknown>) => {
  const event = httpApiEvent();
  return { ...event, requestContext: { ...event.requestContext, authorizer: { jwt: { claims, scopes: null } } } };
};

const problemOf = (action: () => unknown): HttpProblem => {
  try {
    action();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error('expected an HttpProblem');
};

describe('callerFromEvent', () => {
  it('reads a customer from REST API Cognito authorizer claims', () => {
    expect(callerFromEvent(restWithClaims({ sub: SUB, email: 'ana@example.com', token_use: 'id' }))).toEqual({
      customerId: SUB,
      email: 'ana@example.com',
      isAdmin: false,
      groups: [],
    });
  });

  it('reads an administrator from HTTP API JWT claims with "[a b]" groups', () => {
    const caller = callerFromEvent(
      httpWithClaims({ sub: SUB, email: 'admin@example.com', 'cognito:groups': '[Administrators Warehouse]' }),
    );
    expect(caller.isAdmin).toBe(true);
    expect(caller.groups).toEqual(['Administrators', 'Warehouse']);
  });

  it('understands every shape API Gateway gives cognito:groups', () => {
    expect(parseGroups(['Administrators', 'B'])).toEqual(['Administrators', 'B']);
    expect(parseGroups('Administrators,B')).toEqual(['Administrators', 'B']);
    expect(parseGroups('Administrators B')).toEqual(['Administrators', 'B']);
    expect(parseGroups('[Administrators]')).toEqual(['Administrators']);
    expect(parseGroups('["Administrators","B"]')).toEqual(['Administrators', 'B']);
    expect(parseGroups(undefined)).toEqual([]);
    expect(parseGroups('NotAdministrators')).toEqual(['NotAdministrators']);
  });

  it('does not make "NotAdministrators" an admin', () => {
    expect(
      callerFromEvent(restWithClaims({ sub: SUB, email: 'a@example.com', 'cognito:groups': 'NotAdministrators' }))
        .isAdmin,
    ).toBe(false);
  });

  it('rejects requests without claims, sub or email with a 401 problem', () => {
    expect(problemOf(() => callerFromEvent(restEvent())).status).toBe(401);
    expect(problemOf(() => callerFromEvent(restWithClaims({ email: 'a@example.com' }))).status).toBe(401);
    const accessToken = problemOf(() => callerFromEvent(httpWithClaims({ sub: SUB, token_use: 'access' })));
    expect(accessToken.status).toBe(401);
    expect(accessToken.headers).toEqual({ 'www-authenticate': 'Bearer' });
  });
});

describe('requireAdmin', () => {
  it('lets administrators through and refuses customers with a 403 problem', () => {
    const admin = { customerId: SUB, email: 'a@example.com', isAdmin: true, groups: ['Administrators'] };
    expect(requireAdmin(admin)).toBe(admin);
    const problem = problemOf(() => requireAdmin({ ...admin, isAdmin: false, groups: [] }));
    expect(problem.status).toBe(403);
    expect(problem.code).toBe('FORBIDDEN');
  });
});

import { defineSteps } from '@amiceli/vitest-cucumber';
import type { Order, PlacedOrder, Product } from '@tbs/contracts/types';
import type { ApiResponse } from '@tbs/devops-local/harness';
import type { TestContext } from 'vitest';
import { StepFailedError } from './world';

/** What one scenario (with its background) has done so far: who acts, what they created, what they last saw. */
export interface ScenarioState {
  customer?: { email: string; password?: string; name: string };
  products: Map<string, Product>;
  placed?: PlacedOrder;
  order?: Order;
  response?: ApiResponse<unknown>;
  /** Anything else a feature's steps keep between steps. */
  notes: Map<string, unknown>;
}

export function product(state: ScenarioState, name: string): Product {
  const found = state.products.get(name);
  if (!found) throw new StepFailedError(`no product "${name}" was arranged in this scenario`);
  return found;
}

export function customer(state: ScenarioState): NonNullable<ScenarioState['customer']> {
  if (!state.customer) throw new StepFailedError('no customer was arranged in this scenario');
  return state.customer;
}

export function currentOrder(state: ScenarioState): Order {
  if (!state.order) throw new StepFailedError('no order was placed in this scenario');
  return state.order;
}

type StepBody = (state: ScenarioState, ...params: never[]) => unknown;

let state: ScenarioState = { products: new Map(), notes: new Map() };
let failed = false;
let lastSuite: unknown;
let lastWasBackground = false;

/**
 * Every step is defined once for all features (vitest-cucumber's shared steps, matched by expression whatever
 * the keyword). A scenario's state starts fresh with its background, and once a step fails the rest of the
 * scenario is skipped: each step is a vitest test, and steps failing for an earlier step's sake would hide the one
 * message that matters.
 */
export function Step(title: string, body: StepBody): void {
  defineSteps(({ Step: define }) => {
    define(title, async (ctx: TestContext, ...params: unknown[]) => {
      const suite = ctx.task.suite;
      if (suite !== lastSuite) {
        if (!lastWasBackground) {
          state = { products: new Map(), notes: new Map() };
          failed = false;
        }
        lastWasBackground = suite?.name.startsWith('Background') === true;
        lastSuite = suite;
      }
      if (failed) ctx.skip('an earlier step of this scenario failed');
      try {
        await (body as (s: ScenarioState, ...p: unknown[]) => unknown)(state, ...params);
      } catch (error) {
        failed = true;
        throw error;
      }
    });
  });
}

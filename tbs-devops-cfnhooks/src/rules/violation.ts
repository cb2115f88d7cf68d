/** One broken rule on one resource, phrased so the author knows what to change. */
export interface Violation {
  rule: string;
  message: string;
  fix: string;
}

export type ResourceProperties = Record<string, unknown>;

/** A set of rules for some resource types; the same set runs in the deployed hook and in the local checker. */
export interface ResourceRuleSet {
  name: string;
  resourceTypes: readonly string[];
  check(properties: ResourceProperties): Violation[];
}

// The bounded reliability suite that `make test` runs: every check of the full suite, with smaller numbers.
import { defineReliabilitySuite } from './lib/suite';

defineReliabilitySuite({
  title: 'reliability (bounded)',
  fuzzRequests: 600,
  journeys: 4,
  loadShoppers: 3,
  loadSeconds: 8,
  failureRate: 0.35,
  visibilityTimeoutScale: 0.025,
  journeyTimeoutMs: 90_000,
});

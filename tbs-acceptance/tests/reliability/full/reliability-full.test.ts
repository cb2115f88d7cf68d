// The full reliability suite (`make test-reliability`): the bounded suite's checks at full size. Its summary is
// written to .build/reliability-summary.md for docs/reliability.md.
import { defineReliabilitySuite } from '../lib/suite';

defineReliabilitySuite({
  title: 'reliability (full)',
  fuzzRequests: 5000,
  journeys: 24,
  loadShoppers: 6,
  loadSeconds: 60,
  failureRate: 0.35,
  visibilityTimeoutScale: 0.025,
  // Each order has 8 minutes to reach its end: on a busy two-core machine the slowest took 318 s under faults.
  journeyTimeoutMs: 480_000,
  summaryFile: '.build/reliability-summary.md',
});

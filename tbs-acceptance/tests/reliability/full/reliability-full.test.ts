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
  journeyTimeoutMs: 300_000,
  summaryFile: '.build/reliability-summary.md',
});

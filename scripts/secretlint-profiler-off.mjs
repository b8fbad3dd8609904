// Stands in for @secretlint/profiler in our bundles (scripts/esbuild-options.mjs): the same API,
// disabled, as `secretLintProfiler.setEnabled(false)` leaves it, without starting a PerformanceObserver.
export class SecretLintProfiler {
  get isEnabled() {
    return false;
  }
  setEnabled() {}
  mark() {}
  async getEntries() {
    return [];
  }
  async getMeasures() {
    return [];
  }
}

export const secretLintProfiler = new SecretLintProfiler();

/**
 * File sizes for a generated corpus, fitted to a measured profile of a heavy user's Claude Code
 * history: file count, total bytes, median, 99th percentile and largest file.
 *
 * The shape is log-normal-ish. Sizes are the distribution's quantiles at (i + 0.5) / n rather than
 * random draws, so even a small corpus hits the profile instead of wandering around it:
 * - below the median: log-normal with the sigma that puts the p99 where the profile says;
 * - median to p99: the same log-normal bent by a curvature term (zero at both ends), solved so the
 *   total comes out right (a pure log-normal through median and p99 is ~10% too heavy);
 * - above p99: a gentler log-normal tail up to the largest file, which is set exactly.
 */
export interface SizeProfile {
  files: number;
  totalBytes: number;
  medianBytes: number;
  p99Bytes: number;
  maxBytes: number;
}

const KB = 1000;
const MB = 1000 * 1000;
const GiB = 1024 * 1024 * 1024;

/** A real profile measured by ccusage's maintainers (3,142 files, 1.2 GiB, median 105 KB, p99 5.4 MB, largest 87 MB). */
export const HEAVY_USER_PROFILE: SizeProfile = { files: 3142, totalBytes: Math.round(1.2 * GiB), medianBytes: 105 * KB, p99Bytes: 5.4 * MB, maxBytes: 87 * MB };

/** For smoke runs: the same shape, a few dozen MB. */
export const QUICK_PROFILE: SizeProfile = { files: 120, totalBytes: 40 * MB, medianBytes: 105 * KB, p99Bytes: 3 * MB, maxBytes: 8 * MB };

/** Smallest session worth generating: one prompt and one answer. */
export const MIN_FILE_BYTES = 2 * KB;

/**
 * A profile for another file count and total: the median and p99 scale with the mean file size,
 * the largest file with the total, so the shape stays that of the measured history.
 */
export function scaledProfile(files: number, totalBytes: number, base: SizeProfile = HEAVY_USER_PROFILE): SizeProfile {
  const meanRatio = totalBytes / files / (base.totalBytes / base.files);
  const p99Bytes = base.p99Bytes * meanRatio;
  return {
    files,
    totalBytes,
    medianBytes: base.medianBytes * meanRatio,
    p99Bytes,
    maxBytes: Math.max(p99Bytes * 1.5, Math.min(base.maxBytes * (totalBytes / base.totalBytes), totalBytes / 4)),
  };
}

const Z99 = 2.3263478740408408;
/** Tail sigma above the p99 (per unit of z). */
const TAIL_SIGMA = 1.0;

/** Target sizes, ascending; the caller shuffles them. */
export function fileSizes(p: SizeProfile): number[] {
  if (p.files < 1) throw new Error('a corpus needs at least one file');
  const sigma = Math.log(p.p99Bytes / p.medianBytes) / Z99;
  const zs = Array.from({ length: p.files }, (_, i) => inverseNormal((i + 0.5) / p.files));
  const sizesFor = (curve: number): number[] =>
    zs.map((z, i) => {
      if (i === p.files - 1 && p.files > 1) return p.maxBytes;
      let logSize: number;
      if (z <= 0) logSize = Math.log(p.medianBytes) + sigma * z;
      else if (z <= Z99) logSize = Math.log(p.medianBytes) + sigma * z - curve * z * (Z99 - z);
      else logSize = Math.log(p.p99Bytes) + TAIL_SIGMA * (z - Z99);
      return Math.min(p.maxBytes, Math.max(MIN_FILE_BYTES, Math.exp(logSize)));
    });
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  // The total falls as the curvature grows: bisect for the one that gives the requested total.
  let lo = -1.5;
  let hi = 1.5;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (sum(sizesFor(mid)) > p.totalBytes) lo = mid;
    else hi = mid;
  }
  return sizesFor((lo + hi) / 2).map((s) => Math.round(s));
}

export interface SizeStats {
  files: number;
  totalBytes: number;
  medianBytes: number;
  p99Bytes: number;
  maxBytes: number;
}

export function sizeStats(sizes: readonly number[]): SizeStats {
  const sorted = [...sizes].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    files: sorted.length,
    totalBytes: sorted.reduce((a, b) => a + b, 0),
    medianBytes: at(0.5),
    p99Bytes: at(0.99),
    maxBytes: sorted[sorted.length - 1] ?? 0,
  };
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
export function inverseNormal(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * Root reads files whatever their permission bits say (CAP_DAC_OVERRIDE), so "permission denied"
 * cannot happen to a test running as root. Such a test runs its process through `setpriv` with
 * those two capabilities dropped: still uid 0 (it can chmod its own files back), but open() now
 * fails with a real EACCES, exactly as for an ordinary user.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CAPS = '-dac_override,-dac_read_search';

/** True when this process reads a file it has no read permission on (root with its overrides). */
export function ignoresPermissionBits(): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-audit-perm-'));
  const probe = path.join(dir, 'probe');
  try {
    fs.writeFileSync(probe, 'x', { mode: 0o000 });
    fs.chmodSync(probe, 0o000);
    fs.readFileSync(probe);
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The command prefix that makes a child process subject to permission bits (empty when it already is). */
export function honouringPermissions(): string[] {
  return ignoresPermissionBits() ? ['setpriv', `--bounding-set=${CAPS}`, `--inh-caps=${CAPS}`] : [];
}

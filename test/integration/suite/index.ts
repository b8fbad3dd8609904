/**
 * Entry of the integration suite inside the extension host (the payload's extensionTestsPath).
 * Runs every `*.test.js` beside it with mocha and writes the results to the file named by
 * AGENT_AUDIT_TEST_RESULT: the browser-hosted workbench cannot report them any other way.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface Failure {
  title: string;
  error: string;
}

export async function run(): Promise<void> {
  const resultFile = process.env.AGENT_AUDIT_TEST_RESULT;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = process.env.AGENT_AUDIT_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));

  const failures: Failure[] = [];
  const passed: string[] = [];
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => passed.push(t.fullTitle()));
    runner.on('fail', (t, err: Error) => failures.push({ title: t.fullTitle(), error: `${err.message}\n${err.stack ?? ''}`.slice(0, 4000) }));
  });
  const result = { passed: passed.length, failed: failures.length, passedTitles: passed, failures };
  if (resultFile) fs.writeFileSync(resultFile, JSON.stringify(result, null, 2));
  if (failures.length > 0) throw new Error(`${failures.length} integration test(s) failed`);
}

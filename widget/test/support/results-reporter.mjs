/**
 * A web-test-runner reporter that writes `$TESSERA_RESULTS_DIR/widget.json` = {passed, failed} for
 * the workspace test runner (scripts/test-all.mjs). Writes nothing when the variable is unset.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

function count(suite, totals) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) continue;
    if (test.passed) totals.passed++;
    else totals.failed++;
  }
  for (const child of suite?.suites ?? []) count(child, totals);
}

export function resultsReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const dir = process.env.TESSERA_RESULTS_DIR;
      if (!dir) return;
      const totals = { passed: 0, failed: 0 };
      for (const session of sessions) {
        count(session.testResults, totals);
        // A file that failed to load or errored outside a test counts as one failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) totals.failed++;
      }
      writeFileSync(join(dir, 'widget.json'), JSON.stringify(totals));
    },
  };
}

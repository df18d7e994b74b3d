// Read vitest's JSON report and print the plain closing line; fail on any failed or skipped test
// (in CI a skipped Docker, browser or fixture test is a failure: DESIGN.md §7).
import fs from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
if (!fs.existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error(`no test report at ${file}: the test run did not finish`);
  process.exit(1);
}
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
const passed = report.numPassedTests ?? 0;
// Failed tests, plus test files that failed without a failed test (an import or hook error);
// numFailedTestSuites would also count every describe block around a failed test.
const brokenFiles = (report.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((t) => t.status === 'failed')).length;
const failed = (report.numFailedTests ?? 0) + brokenFiles;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
for (const suite of report.testResults ?? []) {
  for (const test of suite.assertionResults ?? []) {
    if (test.status === 'pending' || test.status === 'skipped' || test.status === 'todo') console.error(`skipped: ${suite.name} › ${test.fullName}`);
  }
  if (suite.status === 'failed' && suite.message) console.error(`failed file: ${suite.name}: ${suite.message.split('\n')[0]}`);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || skipped > 0 || passed === 0) process.exit(1);

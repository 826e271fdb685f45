// Writes reports/jest/<project>.json with the counts of one project's run, so that tools/run-tests.js
// can print one summary line for the whole workspace (Nx restores the file on a cache hit).
const fs = require('node:fs');
const path = require('node:path');

class JsonCountsReporter {
  constructor(_globalConfig, options) {
    this.project = options.project;
  }

  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, '..', 'reports', 'jest');
    fs.mkdirSync(dir, { recursive: true });
    const counts = {
      project: this.project,
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      suitesFailed: results.numFailedTestSuites,
      suitesTotal: results.numTotalTestSuites,
    };
    fs.writeFileSync(path.join(dir, `${this.project}.json`), JSON.stringify(counts, null, 2));
  }
}

module.exports = JsonCountsReporter;

// Writes reports/jest/<apps|libs>/<project>.json with the counts of one project's run, so that tools/run-tests.js
// can print one summary line for the whole workspace (Nx restores the file on a cache hit).
const fs = require('node:fs');
const path = require('node:path');

class JsonCountsReporter {
  /**
   * @param {unknown} _globalConfig
   * @param {{ project: string }} options
   */
  constructor(_globalConfig, options) {
    this.project = options.project;
  }

  /**
   * @param {unknown} _contexts
   * @param {import('@jest/test-result').AggregatedResult} results
   */
  onRunComplete(_contexts, results) {
    const file = path.join(__dirname, '..', 'reports', 'jest', `${this.project}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const counts = {
      project: this.project,
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      suitesFailed: results.numFailedTestSuites,
      suitesTotal: results.numTotalTestSuites,
    };
    fs.writeFileSync(file, JSON.stringify(counts, null, 2));
  }
}

module.exports = JsonCountsReporter;

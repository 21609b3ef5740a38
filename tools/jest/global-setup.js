// Creates the folder the test targets write their Jest result files to (see tools/test-summary.mjs).
const fs = require('node:fs');
const path = require('node:path');

module.exports = async () => {
  fs.mkdirSync(path.join(__dirname, '../../.test-results'), { recursive: true });
};

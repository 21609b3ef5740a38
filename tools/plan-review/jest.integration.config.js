// Emulator tier: applies the package's example on the local AWS emulator (see tools/emulator).
module.exports = require('../../tools/jest/integration-config')(__dirname);

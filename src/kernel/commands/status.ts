import type { CliCommand } from './types.js';

export const statusCommand: CliCommand = {
  summary: 'print what works in this build',
  run() {
    console.log('keel: live trading engine (work in progress)');
    console.log('  run the tests: npm test');
  },
};

/**
 * The `keel` command. Sub-commands are added as the front ends land; with no arguments it opens the
 * terminal REPL once that exists, and until then prints what works.
 */
const [command] = process.argv.slice(2);

function status(): void {
  console.log('keel: live trading engine (work in progress)');
  console.log('  works now: exact decimals (Price, Quantity, Money), the model contracts');
  console.log('  run the tests: npm test');
}

switch (command) {
  case undefined:
  case 'status':
    status();
    break;
  default:
    console.error(`keel: unknown command '${command}'. Expected one of: status`);
    process.exitCode = 2;
}

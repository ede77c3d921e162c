// Loaded into every test file's process by scripts/run-tests.mjs, next to --test-force-exit. That flag ends a
// file's process once its tests and hooks are done even if a client library left a timer or socket open, but it
// calls process.exit() as soon as the reporter closes, before all of the file's results have reached the runner
// (nodejs/node#64833: the counts drop from run to run, silently). Here that exit waits until what the file wrote
// to stdout is flushed (at most 5 s).
if (process.env.NODE_TEST_CONTEXT?.startsWith('child')) {
  const exit = process.exit.bind(process);
  let isExiting = false;
  process.exit = (code) => {
    // --test-force-exit calls exit() without a code; a test or the code under test that exits with one means it.
    if (code !== undefined) exit(code);
    if (isExiting) return;
    isExiting = true;
    setTimeout(() => exit(), 5_000).unref();
    // The reporter's last results may still be on their way through its stream pipeline into stdout.
    setTimeout(() => process.stdout.write('', () => exit()), 100);
  };
}

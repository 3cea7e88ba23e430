import { ChildProcess } from 'node:child_process';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Kills `child` when this process exits, crashes or is interrupted, so no DynamoDB Local is
 * left running behind hosp. Node emits 'exit' after an uncaught exception too, so a crash is
 * covered without an exception hook. On a signal that someone else also handles (the server's
 * or a migration's graceful shutdown), the child is left running so in-flight work can finish;
 * that handler closes the app, and the 'exit' hook is the backstop. With no other handler the
 * child is killed and the signal re-raised with its default effect. The signal hooks are
 * prepended so they run before the other handlers: those are usually `once` listeners, which
 * Node removes just before calling them, so a hook running after them would count none and
 * kill the child under the migration that is finishing its batch. Returns a function that
 * removes the hooks (after a normal stop).
 */
export function stopWithHosp(child: ChildProcess): () => void {
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 0) {
      process.prependOnceListener(signal, onSignal);
      return;
    }
    kill();
    release();
    process.kill(process.pid, signal);
  };
  const release = () => {
    process.removeListener('exit', kill);
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
  process.once('exit', kill);
  for (const signal of SIGNALS) process.prependOnceListener(signal, onSignal);
  child.once('exit', release);
  return release;
}

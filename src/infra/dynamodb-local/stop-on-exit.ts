import { ChildProcess } from 'node:child_process';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Kills `child` when this process exits, crashes or is interrupted, so no DynamoDB Local is
 * left running behind hosp. Node emits 'exit' after an uncaught exception too, so a crash is
 * covered without an exception hook (which would also fire for errors someone recovers from). A signal is passed on with its default effect (exit) unless
 * someone else, e.g. the server's graceful shutdown, also listens for it. Returns a function
 * that removes the hooks (after a normal stop).
 */
export function stopOnExit(child: ChildProcess): () => void {
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    kill();
    if (process.listenerCount(signal) === 1) {
      release();
      process.kill(process.pid, signal);
    }
  };
  const release = () => {
    process.removeListener('exit', kill);
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
  process.once('exit', kill);
  for (const signal of SIGNALS) process.once(signal, onSignal);
  child.once('exit', release);
  return release;
}

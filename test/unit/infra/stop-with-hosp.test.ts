import { EventEmitter } from 'node:events';
import { ChildProcess } from 'node:child_process';
import { stopWithHosp } from '../../../src/infra/dynamodb-local/stop-with-hosp';

/** Just enough of a ChildProcess for stopWithHosp: state, kill() and the 'exit' event. */
class FakeChild extends EventEmitter {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly kills: string[] = [];
  kill(signal: NodeJS.Signals): boolean {
    this.kills.push(signal);
    return true;
  }
}

describe('stopWithHosp', () => {
  let release: (() => void) | undefined;
  let selfKills: Array<string | number | undefined>;

  beforeEach(() => {
    selfKills = [];
    // A re-raised signal must not reach the jest worker.
    jest.spyOn(process, 'kill').mockImplementation((pid: number, signal?: string | number) => {
      if (pid === process.pid) selfKills.push(signal);
      return true;
    });
  });

  afterEach(() => {
    release?.();
    release = undefined;
    jest.restoreAllMocks();
  });

  it('leaves the child running for a once-handler registered after it (hosp serve)', () => {
    const child = new FakeChild();
    release = stopWithHosp(child as unknown as ChildProcess);
    let graceful = 0;
    // As `hosp serve` does: its once-handler, registered after the store started.
    const onSigint = () => {
      graceful += 1;
    };
    process.once('SIGINT', onSigint);
    try {
      process.emit('SIGINT', 'SIGINT');
      expect(graceful).toBe(1);
      expect(child.kills).toEqual([]);
      expect(selfKills).toEqual([]);
    } finally {
      process.off('SIGINT', onSigint);
    }
  });

  it('leaves the child running for a once-handler registered before it (hosp migrate finishing its batch)', () => {
    let graceful = 0;
    // As `hosp migrate` does: its once-handler is registered before the store opens, so Node
    // removes it before stopWithHosp's hook runs.
    const onSigterm = () => {
      graceful += 1;
    };
    process.once('SIGTERM', onSigterm);
    const child = new FakeChild();
    release = stopWithHosp(child as unknown as ChildProcess);
    try {
      process.emit('SIGTERM', 'SIGTERM');
      expect(graceful).toBe(1);
      expect(child.kills).toEqual([]);
      expect(selfKills).toEqual([]);
    } finally {
      process.off('SIGTERM', onSigterm);
    }
  });

  it('kills the child and re-raises the signal when nobody else handles it', () => {
    const others = process.listeners('SIGHUP');
    process.removeAllListeners('SIGHUP');
    try {
      const child = new FakeChild();
      release = stopWithHosp(child as unknown as ChildProcess);
      process.emit('SIGHUP', 'SIGHUP');
      expect(child.kills).toEqual(['SIGTERM']);
      expect(selfKills).toEqual(['SIGHUP']);
    } finally {
      for (const listener of others) process.on('SIGHUP', listener);
    }
  });
});

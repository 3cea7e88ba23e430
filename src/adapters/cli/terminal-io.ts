import { createInterface } from 'node:readline';

/** What CLI commands read and write, injected so tests can drive them. */
export interface TerminalIo {
  out(text: string): void;
  err(text: string): void;
  /**
   * A secret: typed at a prompt without echo when stdin is a terminal, otherwise the first
   * line of stdin (`--password-stdin`, pipes). Never taken from argv, never logged.
   */
  readSecret(prompt: string, options?: { fromStdin?: boolean }): Promise<string>;
}

function readFirstLineOfStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve((Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0]) ?? ''));
    process.stdin.on('error', reject);
  });
}

function promptWithoutEcho(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // readline echoes through _writeToOutput; after the prompt, swallow everything it would write.
    let muted = false;
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (!muted) process.stderr.write(s);
    };
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

/** The real terminal: stdout, stderr and stdin. */
export const processIo: TerminalIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readSecret: (prompt, options = {}) =>
    options.fromStdin || !process.stdin.isTTY ? readFirstLineOfStdin() : promptWithoutEcho(prompt),
};

/** Where structured log entries go: one JSON object per line. Injected so tests can read them. */
export type JsonLog = (entry: Record<string, unknown>) => void;

/** Writes each entry as one JSON line to stdout (CloudWatch on Lambda, the terminal locally). */
export const stdoutJsonLog: JsonLog = (entry) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};

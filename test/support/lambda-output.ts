/** One JSON line a Lambda entry point wrote: a log line, or an EMF metrics document (`_aws`). */
export type OutputLine = Record<string, unknown>;

export interface LambdaOutput {
  /** Every JSON line written to stdout or stderr since `captureLambdaOutput()`, in order. */
  readonly lines: OutputLine[];
  /** The log lines (not EMF). */
  logs(): OutputLine[];
  /** The EMF documents. */
  emf(): OutputLine[];
  /** Metric name → the values emitted under it, over every EMF document so far. */
  metrics(): Map<string, number[]>;
  restore(): void;
}

/**
 * Captures what a Lambda entry point writes: Powertools Logger sends errors and warnings to
 * stderr and the rest to stdout, Powertools Metrics writes EMF to stdout. Lambda sends both
 * streams to CloudWatch Logs, so tests read both. Non-JSON text fails the test (`JSON.parse`).
 */
export function captureLambdaOutput(): LambdaOutput {
  const lines: OutputLine[] = [];
  const capture = (chunk: unknown): boolean => {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as OutputLine);
    return true;
  };
  const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
  const isEmf = (line: OutputLine) => typeof line._aws === 'object' && line._aws !== null;
  return {
    lines,
    logs: () => lines.filter((line) => !isEmf(line)),
    emf: () => lines.filter(isEmf),
    metrics: () => {
      const values = new Map<string, number[]>();
      for (const doc of lines.filter(isEmf)) {
        const directives = (doc._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics;
        for (const { Name } of directives.flatMap((directive) => directive.Metrics)) {
          const value = doc[Name];
          values.set(Name, [...(values.get(Name) ?? []), ...(Array.isArray(value) ? (value as number[]) : [value as number])]);
        }
      }
      return values;
    },
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

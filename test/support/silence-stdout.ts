/**
 * Discards what the code under test writes to stdout (hosp's JSON log lines) until `restore()`,
 * so that a test's output shows only jest's report. To read the lines, use captureLambdaOutput.
 */
export function silenceStdout(): { restore(): void } {
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  return { restore: () => spy.mockRestore() };
}

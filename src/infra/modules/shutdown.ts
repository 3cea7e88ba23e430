/**
 * What the running system must release when it stops (connections, a DynamoDB Local
 * process): modules add a closer when they start something; `close()` runs them newest
 * first, every one even if another fails, once however often it is called.
 */
export class Shutdown {
  private readonly closers: (() => void | Promise<void>)[] = [];
  private closing?: Promise<void>;

  onClose(closer: () => void | Promise<void>): void {
    this.closers.push(closer);
  }

  close(): Promise<void> {
    return (this.closing ??= this.runClosers());
  }

  private async runClosers(): Promise<void> {
    let failure: { error: unknown } | undefined;
    for (const closer of [...this.closers].reverse()) {
      try {
        await closer();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}

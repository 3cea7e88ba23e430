import { ConfigError } from './config-error';

/** The raw environment, as `process.env` holds it. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads environment variables for the config sections. Each reader returns a usable value
 * (the default) even when the variable is bad, and records the problem instead of throwing,
 * so `loadConfig` can report every bad variable at once via `assertValid`.
 * An empty or blank variable counts as unset.
 */
export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** The trimmed value, or undefined when unset or blank. */
  optional(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  string(name: string, fallback: string): string {
    return this.optional(name) ?? fallback;
  }

  /** A value that must be present; records a problem when it is missing. */
  required(name: string, why: string): string {
    const value = this.optional(name);
    if (value === undefined) this.problem(name, `is required ${why}`);
    return value ?? '';
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problem(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
    return fallback;
  }

  /** A decimal integer within [min, max]. */
  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    const parsed = /^-?\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      this.problem(name, `must be an integer from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return parsed;
  }

  /** A TCP port; 0 means "any free port". */
  port(name: string, fallback: number): number {
    return this.integer(name, fallback, 0, 65535);
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.optional(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    this.problem(name, `must be true or false (got "${value}")`);
    return fallback;
  }

  /** An absolute http(s) URL, or undefined when unset. */
  url(name: string): URL | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url;
    } catch {
      // reported below
    }
    this.problem(name, 'must be an absolute http:// or https:// URL');
    return undefined;
  }

  /** True when the variable is present with anything at all in it, blanks included. */
  isSet(name: string): boolean {
    return (this.env[name] ?? '').length > 0;
  }

  /** Every comma-separated item of the variable, trimmed, blanks kept (for checks that blanks are errors). */
  rawItems(name: string): string[] {
    return (this.env[name] ?? '').split(',').map((item) => item.trim());
  }

  /** A comma-separated list, items trimmed, empty items dropped. */
  list(name: string): string[] {
    return (this.optional(name) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }

  /** Records a problem found by a section's own checks. Never include the value of a secret. */
  problem(name: string, message: string): void {
    this.problems.push(`${name} ${message}`);
  }

  /** Throws a ConfigError listing every problem recorded so far. */
  assertValid(): void {
    if (this.problems.length > 0) throw new ConfigError([...this.problems]);
  }
}

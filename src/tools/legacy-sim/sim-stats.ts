/** Counters the simulator keeps, read through `stats()` or `GET /__sim/stats`. */
export interface SimStatsSnapshot {
  /** Requests received, by route pattern such as `GET /hospitals/:id`. */
  readonly requests: Record<string, number>;
  readonly totalRequests: number;
  /** Faults injected, by kind: `fail-500`, `commit-then-fail`, `slow`, `reset-before`, … */
  readonly faults: Record<string, number>;
  /** Records created, by resource (`hospitals`, `notes`); commit-then-fail creates count too. */
  readonly created: Record<string, number>;
  readonly unauthorized: number;
}

/** Mutable counters behind the snapshot. */
export class SimStats {
  private readonly requests = new Map<string, number>();
  private readonly faults = new Map<string, number>();
  private readonly created = new Map<string, number>();
  private total = 0;
  private unauthorizedCount = 0;

  request(route: string): void {
    this.total++;
    bump(this.requests, route);
  }

  fault(kind: string): void {
    bump(this.faults, kind);
  }

  create(resource: string): void {
    bump(this.created, resource);
  }

  unauthorized(): void {
    this.unauthorizedCount++;
  }

  snapshot(): SimStatsSnapshot {
    return {
      requests: Object.fromEntries(this.requests),
      totalRequests: this.total,
      faults: Object.fromEntries(this.faults),
      created: Object.fromEntries(this.created),
      unauthorized: this.unauthorizedCount,
    };
  }
}

const bump = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

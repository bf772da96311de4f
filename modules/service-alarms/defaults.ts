/**
 * The alarms 003 (BankApp) lists under "Monitoring & Alerting", as thresholds a config can override,
 * with no construct import.
 */

/** An alarm fires when the metric is past `threshold` for `minutes` one-minute periods in a row. */
export interface AlarmThreshold {
  readonly threshold: number;
  readonly minutes: number;
}

export type Severity = "critical" | "warning";

/** One alarm of a family: its default threshold, severity, and the line of 003 it comes from. */
export interface AlarmDefault extends AlarmThreshold {
  readonly severity: Severity;
  readonly source: string;
}

export const DEFAULTS = {
  ecsService: {
    cpuPercent: { threshold: 90, minutes: 5, severity: "critical", source: "ECS CPU > 90% for 5 minutes" },
    memoryPercent: { threshold: 80, minutes: 5, severity: "warning", source: "ECS memory > 80% for 5 minutes" },
  },
  database: {
    cpuPercent: { threshold: 85, minutes: 5, severity: "critical", source: "RDS CPU > 85% for 5 minutes" },
    freeStoragePercent: { threshold: 10, minutes: 5, severity: "critical", source: "RDS storage < 10% free" },
  },
  loadBalancer: {
    /** ELB's own 5xx and the targets' 5xx together: every 5xx a client receives. */
    http5xxPerMinute: { threshold: 10, minutes: 1, severity: "critical", source: "ALB 5xx errors > 10 in 1 minute" },
    responseTimeP99Seconds: { threshold: 2, minutes: 5, severity: "warning", source: "API latency > 2 seconds (p99)" },
    /**
     * A target counts as unhealthy after `unhealthyThreshold` failed checks in a row (3 in `modules/alb`),
     * so one unhealthy target is 003's "failed health checks > 2 consecutive".
     */
    unhealthyTargets: { threshold: 0, minutes: 1, severity: "warning", source: "Failed health checks > 2 consecutive" },
  },
} as const satisfies Record<string, Record<string, AlarmDefault>>;

export type EcsServiceAlarm = keyof typeof DEFAULTS.ecsService;
export type DatabaseAlarm = keyof typeof DEFAULTS.database;
export type LoadBalancerAlarm = keyof typeof DEFAULTS.loadBalancer;

/** Thresholds given for a family: a field overrides the default, `false` leaves the alarm out. */
export type Thresholds<K extends string> = Partial<Record<K, Partial<AlarmThreshold> | false>>;

/** Longest evaluation CloudWatch allows for one-minute periods: a day. */
export const MAX_MINUTES = 1440;

const BYTES_PER_GIB = 1024 ** 3;

/**
 * RDS publishes free storage in bytes and no metric of the allocated size, so "< 10 % free" becomes an
 * absolute threshold: `percent` of the allocated storage, in bytes.
 */
export function freeStorageThresholdBytes(allocatedStorageGib: number, percent: number): number {
  return Math.round((allocatedStorageGib * BYTES_PER_GIB * percent) / 100);
}

/** Bytes per GiB per percent: the factor of a threshold computed at plan from a token allocation. */
export const FREE_STORAGE_BYTES_PER_GIB_PERCENT = BYTES_PER_GIB / 100;

/** Every problem of one family's thresholds, at `<path>.<alarm>.<field>`. */
export function thresholdIssues(
  path: string,
  family: Readonly<Record<string, AlarmDefault>>,
  given: Readonly<Record<string, Partial<AlarmThreshold> | false | undefined>>,
): string[] {
  const issues: string[] = [];
  for (const [alarm, value] of Object.entries(given)) {
    const at = `${path}.${alarm}`;
    const defaults = family[alarm];
    if (defaults === undefined) {
      issues.push(`${at}: not an alarm of this kind (${Object.keys(family).join(", ")})`);
      continue;
    }
    if (value === false || value === undefined) continue;
    const { threshold, minutes } = { ...defaults, ...value };
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES) {
      issues.push(`${at}.minutes: ${minutes} is outside 1-${MAX_MINUTES}`);
    }
    const percent = alarm.endsWith("Percent");
    if (!Number.isFinite(threshold) || threshold < 0 || (percent && threshold > 100)) {
      issues.push(`${at}.threshold: ${threshold} is outside ${percent ? "0-100 %" : "0 and above"}`);
    }
  }
  return issues;
}

/**
 * Backup (snapshot) and maintenance windows of RDS, DocumentDB and ElastiCache: parsed to minutes
 * so that malformed, short and overlapping windows are caught before AWS rejects them.
 */

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const DAY_MINUTES = 24 * 60;
const WEEK_MINUTES = 7 * DAY_MINUTES;

/** A window as half-open minute ranges, within a day (backup) or a week (maintenance). */
interface Window {
  readonly start: number;
  readonly end: number;
}

/** What a service calls its two windows and the shortest it accepts. */
export interface WindowRules {
  /** Service named in the messages, e.g. `RDS`. */
  readonly service: string;
  /** Prop path and name of the daily window, e.g. `backupWindow` / `backup window`. */
  readonly dailyField: string;
  readonly dailyName: string;
  /** Prop path of the weekly window. */
  readonly maintenanceField: string;
  readonly minimumDailyMinutes: number;
  readonly minimumMaintenanceMinutes: number;
}

/**
 * RDS (and DocumentDB, which shares its API): both windows at least 30 minutes, not overlapping.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
 */
export const RDS_WINDOWS: WindowRules = {
  service: "RDS",
  dailyField: "backupWindow",
  dailyName: "backup window",
  maintenanceField: "maintenanceWindow",
  minimumDailyMinutes: 30,
  minimumMaintenanceMinutes: 30,
};

function minuteOfDay(hhmm: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return match === null ? undefined : Number(match[1]) * 60 + Number(match[2]);
}

/** `hh24:mi-hh24:mi` in UTC, e.g. `02:00-03:00`; may wrap past midnight. */
function parseDailyWindow(text: string): Window | undefined {
  const [from, to, ...rest] = text.split("-");
  const start = minuteOfDay(from ?? "");
  const end = minuteOfDay(to ?? "");
  if (rest.length > 0 || start === undefined || end === undefined) return undefined;
  return { start, end: end > start ? end : end + DAY_MINUTES };
}

/** `ddd:hh24:mi-ddd:hh24:mi` in UTC, e.g. `sun:04:00-sun:05:00`; may wrap past Sunday. */
function parseMaintenanceWindow(text: string): Window | undefined {
  const match = /^([a-z]{3}):(\d\d:\d\d)-([a-z]{3}):(\d\d:\d\d)$/.exec(text);
  if (match === null) return undefined;
  const startDay = DAYS.indexOf(match[1] as (typeof DAYS)[number]);
  const endDay = DAYS.indexOf(match[3] as (typeof DAYS)[number]);
  const startTime = minuteOfDay(match[2]);
  const endTime = minuteOfDay(match[4]);
  if (startDay < 0 || endDay < 0 || startTime === undefined || endTime === undefined) return undefined;
  const start = startDay * DAY_MINUTES + startTime;
  const end = endDay * DAY_MINUTES + endTime;
  return { start, end: end > start ? end : end + WEEK_MINUTES };
}

const overlaps = (a: Window, b: Window): boolean => a.start < b.end && b.start < a.end;

/**
 * Problems with a daily backup (snapshot) window and a weekly maintenance window: format, the
 * service's minimum length of each, and any overlap (the daily window is checked on every day of
 * the week).
 */
export function windowIssues(
  dailyWindow: string,
  maintenanceWindow: string,
  rules: WindowRules = RDS_WINDOWS,
): string[] {
  const issues: string[] = [];
  const daily = parseDailyWindow(dailyWindow);
  const maintenance = parseMaintenanceWindow(maintenanceWindow);
  if (daily === undefined) {
    issues.push(`${rules.dailyField}: "${dailyWindow}" is not hh24:mi-hh24:mi in UTC, e.g. "02:00-03:00"`);
  } else if (daily.end - daily.start < rules.minimumDailyMinutes) {
    issues.push(
      `${rules.dailyField}: "${dailyWindow}" is shorter than the ${rules.minimumDailyMinutes} minutes ${rules.service} requires`,
    );
  }
  if (maintenance === undefined) {
    issues.push(
      `${rules.maintenanceField}: "${maintenanceWindow}" is not ddd:hh24:mi-ddd:hh24:mi in UTC, e.g. "sun:04:00-sun:05:00"`,
    );
  } else if (maintenance.end - maintenance.start < rules.minimumMaintenanceMinutes) {
    issues.push(
      `${rules.maintenanceField}: "${maintenanceWindow}" is shorter than the ${rules.minimumMaintenanceMinutes} minutes ${rules.service} requires`,
    );
  }
  if (daily !== undefined && maintenance !== undefined) {
    // Every daily occurrence of the daily window, over two weeks so that wrapping windows meet.
    const clash = Array.from({ length: 14 }, (_, day) => ({
      start: daily.start + day * DAY_MINUTES,
      end: daily.end + day * DAY_MINUTES,
    })).some((occurrence) =>
      [maintenance, { start: maintenance.start + WEEK_MINUTES, end: maintenance.end + WEEK_MINUTES }].some((m) =>
        overlaps(occurrence, m),
      ),
    );
    if (clash) {
      issues.push(
        `${rules.maintenanceField}: "${maintenanceWindow}" overlaps the daily ${rules.dailyName} "${dailyWindow}"; ${rules.service} rejects overlapping windows`,
      );
    }
  }
  return issues;
}

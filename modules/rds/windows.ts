/** RDS backup and maintenance windows: parsed to minutes so that overlaps are caught before AWS rejects them. */

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const DAY_MINUTES = 24 * 60;
const WEEK_MINUTES = 7 * DAY_MINUTES;

/** A window as half-open minute ranges, within a day (backup) or a week (maintenance). */
interface Window {
  readonly start: number;
  readonly end: number;
}

function minuteOfDay(hhmm: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return match === null ? undefined : Number(match[1]) * 60 + Number(match[2]);
}

/** `hh24:mi-hh24:mi` in UTC, e.g. `02:00-03:00`; may wrap past midnight. */
function parseBackupWindow(text: string): Window | undefined {
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
 * Problems with a backup window and a maintenance window: format, the 30-minute minimum RDS
 * requires of both, and any overlap (the daily backup window is checked on every day of the week).
 */
export function windowIssues(backupWindow: string, maintenanceWindow: string): string[] {
  const issues: string[] = [];
  const backup = parseBackupWindow(backupWindow);
  const maintenance = parseMaintenanceWindow(maintenanceWindow);
  if (backup === undefined) {
    issues.push(`backupWindow: "${backupWindow}" is not hh24:mi-hh24:mi in UTC, e.g. "02:00-03:00"`);
  } else if (backup.end - backup.start < 30) {
    issues.push(`backupWindow: "${backupWindow}" is shorter than the 30 minutes RDS requires`);
  }
  if (maintenance === undefined) {
    issues.push(
      `maintenanceWindow: "${maintenanceWindow}" is not ddd:hh24:mi-ddd:hh24:mi in UTC, e.g. "sun:04:00-sun:05:00"`,
    );
  } else if (maintenance.end - maintenance.start < 30) {
    issues.push(`maintenanceWindow: "${maintenanceWindow}" is shorter than the 30 minutes RDS requires`);
  }
  if (backup !== undefined && maintenance !== undefined) {
    // Every daily occurrence of the backup window, over two weeks so that wrapping windows meet.
    const clash = Array.from({ length: 14 }, (_, day) => ({
      start: backup.start + day * DAY_MINUTES,
      end: backup.end + day * DAY_MINUTES,
    })).some((daily) =>
      [maintenance, { start: maintenance.start + WEEK_MINUTES, end: maintenance.end + WEEK_MINUTES }].some((m) =>
        overlaps(daily, m),
      ),
    );
    if (clash) {
      issues.push(
        `maintenanceWindow: "${maintenanceWindow}" overlaps the daily backup window "${backupWindow}"; RDS rejects overlapping windows`,
      );
    }
  }
  return issues;
}

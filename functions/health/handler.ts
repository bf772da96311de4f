/**
 * Health: `GET /health` of a regional HTTP API answers 200 while API Gateway and Lambda of the
 * region serve, for the Route 53 health checks of the API's latency or geolocation records (which
 * count 2xx and 3xx as healthy). It reads nothing and answers nothing about anyone.
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html
 */
export interface HealthResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export async function handler(): Promise<HealthResult> {
  return {
    statusCode: 200,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
    body: JSON.stringify({ status: "ok" }),
  };
}

import { CloudfrontFunction } from "@cdktf/provider-aws/lib/cloudfront-function";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** CloudFront Functions take at most 10 KB of code. */
export const MAX_CODE_BYTES = 10240;

export interface EdgeRedirectProps {
  /** Function name (1-64 letters, digits, `-`, `_`); changing it replaces the function. */
  readonly name: string;
  /**
   * Regional API host by viewer country (ISO 3166-1 alpha-2, e.g. `CA`), e.g.
   * `{ CA: "api.ca.example.com", US: "api.us.example.com" }`. Host names only: no organization,
   * user or registry data reaches the edge.
   */
  readonly hostsByCountry: Readonly<Record<string, string>>;
  /** Host for every other country and for requests without a country. */
  readonly defaultHost: string;
  /**
   * CloudFront is global; its API answers in us-east-1, which any provider reaches.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A static geolocation redirect at the edge: a CloudFront Function (viewer request) that answers
 * `307` to `https://<regional host><path>` by the `CloudFront-Viewer-Country` header, with
 * `Cache-Control: no-store`. It holds host names only; which region an organization lives in is
 * answered by the regional organization lookup, never here. Associate it with a distribution whose
 * cache or origin request policy includes `CloudFront-Viewer-Country` (CloudFront adds the header
 * only then).
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/example-function-redirect-url.html
 */
export class EdgeRedirect extends Construct {
  readonly functionArn: string;
  /** The generated code, for tests and review. */
  readonly code: string;

  constructor(scope: Construct, id: string, props: EdgeRedirectProps) {
    super(scope, id);
    this.code = redirectCode(props.hostsByCountry, props.defaultHost);
    const issues = edgeRedirectIssues(props, this.code);
    this.node.addValidation({ validate: () => issues });
    const fn = new CloudfrontFunction(this, "resource", {
      name: props.name,
      runtime: "cloudfront-js-2.0",
      comment: "Static redirect to the regional API by viewer country; carries no organization data",
      code: this.code,
      publish: true,
      provider: props.provider,
    });
    this.functionArn = fn.arn;
  }
}

/**
 * The function's source (cloudfront-js-2.0). The table is the only data in it. The path is kept and
 * the query string dropped: this is the app's first contact, and carrying query values across
 * would mean re-encoding what CloudFront hands over.
 */
export function redirectCode(hostsByCountry: Readonly<Record<string, string>>, defaultHost: string): string {
  const table = Object.fromEntries(Object.entries(hostsByCountry).sort(([a], [b]) => a.localeCompare(b)));
  return `var HOSTS = ${JSON.stringify(table)};
var DEFAULT_HOST = ${JSON.stringify(defaultHost)};

function handler(event) {
  var request = event.request;
  var country = request.headers["cloudfront-viewer-country"];
  var host = (country && HOSTS[country.value]) || DEFAULT_HOST;
  return {
    statusCode: 307,
    statusDescription: "Temporary Redirect",
    headers: {
      location: { value: "https://" + host + request.uri },
      "cache-control": { value: "no-store" },
    },
  };
}
`;
}

const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function edgeRedirectIssues(props: EdgeRedirectProps, code: string): string[] {
  const issues: string[] = [];
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(props.name))
    issues.push(`name: "${props.name}" must be 1-64 letters, digits, "-" or "_"`);
  for (const [country, host] of Object.entries(props.hostsByCountry)) {
    if (!/^[A-Z]{2}$/.test(country)) {
      issues.push(`hostsByCountry.${country}: not an ISO 3166-1 alpha-2 country code such as CA`);
    }
    if (!HOST.test(host)) issues.push(`hostsByCountry.${country}: "${host}" is not a lowercase host name`);
  }
  if (!HOST.test(props.defaultHost)) issues.push(`defaultHost: "${props.defaultHost}" is not a lowercase host name`);
  if (Buffer.byteLength(code) > MAX_CODE_BYTES) {
    issues.push(
      `hostsByCountry: the function would be ${Buffer.byteLength(code)} bytes, over CloudFront's ${MAX_CODE_BYTES}`,
    );
  }
  return issues;
}

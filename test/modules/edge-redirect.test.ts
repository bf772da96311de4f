import { runInNewContext } from "node:vm";
import { EdgeRedirect, redirectCode, type EdgeRedirectProps } from "../../modules/edge-redirect";
import { resource, synthModule, type StackJson } from "../helpers/synth";

const base: EdgeRedirectProps = {
  name: "acme-regional-entry",
  hostsByCountry: { US: "api.us.acme.example.com", CA: "api.ca.acme.example.com" },
  defaultHost: "api.us.acme.example.com",
};

const synth = (props: Partial<EdgeRedirectProps> = {}): StackJson =>
  synthModule((s) => new EdgeRedirect(s, "entry", { ...base, ...props }));

interface Redirect {
  statusCode: number;
  headers: Record<string, { value: string }>;
}

/** Runs the generated function on a viewer request, as CloudFront Functions would. */
function redirectFor(country: string | undefined, uri = "/organizations/acme"): Redirect {
  const handler = runInNewContext(`${redirectCode(base.hostsByCountry, base.defaultHost)}; handler`) as (
    event: unknown,
  ) => Redirect;
  const headers = country === undefined ? {} : { "cloudfront-viewer-country": { value: country } };
  return handler({ version: "1.0", request: { method: "GET", uri, headers, querystring: {} } });
}

describe("EdgeRedirect", () => {
  const json = synth();

  test("is a published CloudFront Function on the JavaScript 2.0 runtime", () => {
    expect(resource(json, "aws_cloudfront_function", "entry")).toMatchObject({
      name: "acme-regional-entry",
      runtime: "cloudfront-js-2.0",
      publish: true,
    });
  });

  test.each([
    ["CA", "https://api.ca.acme.example.com/organizations/acme"],
    ["US", "https://api.us.acme.example.com/organizations/acme"],
    ["FR", "https://api.us.acme.example.com/organizations/acme"],
    [undefined, "https://api.us.acme.example.com/organizations/acme"],
  ])("a viewer in %s is sent to its regional host, keeping the path", (country, location) => {
    const redirect = redirectFor(country);
    expect(redirect.statusCode).toBe(307);
    expect(redirect.headers.location.value).toBe(location);
  });

  test("tells caches not to keep the redirect", () => {
    expect(redirectFor("CA").headers["cache-control"].value).toBe("no-store");
  });

  test("the code holds the host table and nothing else: no registry, table, organization or region data", () => {
    const code = String(resource(json, "aws_cloudfront_function", "entry").code);
    expect(code).toContain('var HOSTS = {"CA":"api.ca.acme.example.com","US":"api.us.acme.example.com"};');
    expect(code).not.toMatch(/dynamodb|registry|org_id|home_region|fetch\(|require\(|import /i);
  });

  test.each<[string, Partial<EdgeRedirectProps>, RegExp]>([
    [
      "a country that is not an ISO code",
      { hostsByCountry: { Canada: "api.ca.acme.example.com" } },
      /hostsByCountry\.Canada: not an ISO 3166-1 alpha-2/,
    ],
    [
      "a host with a path",
      { defaultHost: "api.us.acme.example.com/v1" },
      /defaultHost: "api\.us\.acme\.example\.com\/v1" is not a lowercase host name/,
    ],
    ["a bad name", { name: "acme entry" }, /name: "acme entry" must be 1-64 letters/],
  ])("refuses %s", (_, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

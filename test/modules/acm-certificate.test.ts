import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AcmCertificate, type AcmCertificateProps } from "../../modules/acm-certificate";
import { resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const base: AcmCertificateProps = {
  domainName: "bankapp.example.com",
  subjectAlternativeNames: ["*.bankapp.example.com"],
  hostedZoneId: "Z0123456789EXAMPLE",
};

/** The certificate on a provider of `region` (aliased), or on the stack's us-east-1 default provider. */
function synth(props: Partial<AcmCertificateProps> = {}, region?: string): StackJson {
  return synthModule((s) => {
    const provider = region === undefined ? undefined : new AwsProvider(s, "aws_alt", { alias: "alt", region });
    new AcmCertificate(s, "site_cert", { ...base, provider, ...props });
  });
}

describe("AcmCertificate", () => {
  const json = synth();
  const cert = resource(json, "aws_acm_certificate", "site_cert");

  test("requests a DNS-validated certificate for every name, RSA 2048 by default, replaced before destroyed", () => {
    expect(cert).toMatchObject({
      domain_name: "bankapp.example.com",
      subject_alternative_names: ["*.bankapp.example.com"],
      validation_method: "DNS",
      key_algorithm: "RSA_2048",
      lifecycle: { create_before_destroy: true },
    });
  });

  test("writes one validation record per name, keyed by the literal names (known before the certificate exists)", () => {
    const record = resource(json, "aws_route53_record", "site_cert_validation_record");
    expect(record.for_each).toBe('${toset(["bankapp.example.com", "*.bankapp.example.com"])}');
    const option = (field: string) =>
      `\${{ for key, val in { for key, val in tolist(aws_acm_certificate.site_cert.domain_validation_options): val.domain_name => val }: val.domain_name => val }[each.value].${field}}`;
    expect(record).toMatchObject({
      zone_id: "Z0123456789EXAMPLE",
      name: option("resource_record_name"),
      type: option("resource_record_type"),
      records: [option("resource_record_value")],
      allow_overwrite: true,
    });
  });

  test("exposes the ARN of the validation, so users wait until the certificate is issued", () => {
    const validation = resource(json, "aws_acm_certificate_validation", "site_cert_validation");
    expect(validation.certificate_arn).toBe("${aws_acm_certificate.site_cert.arn}");
    expect(validation.validation_record_fqdns).toMatch(/aws_route53_record\.site_cert_validation_record.*fqdn/);
  });

  test("takes the key algorithm from props", () => {
    expect(resource(synth({ keyAlgorithm: "EC_prime256v1" }), "aws_acm_certificate", "site_cert").key_algorithm).toBe(
      "EC_prime256v1",
    );
  });

  describe("for CloudFront", () => {
    test("accepts a us-east-1 provider and checks the provider's real region at plan time", () => {
      const cf = synth({ forCloudFront: true }, "us-east-1");
      expect(resource(cf, "aws_acm_certificate", "site_cert").provider).toBe("aws.alt");
      const check = (cf.data?.aws_region ?? {}).site_cert_region_check as Record<string, unknown>;
      expect(check.provider).toBe("aws.alt");
      expect(JSON.stringify(check.lifecycle)).toContain('self.name == \\"us-east-1\\"');
    });

    test("refuses a provider outside us-east-1, naming the prop", () => {
      expect(() => synth({ forCloudFront: true }, "eu-west-1")).toThrow(
        /provider: a certificate for CloudFront must be created in us-east-1; this provider is configured for eu-west-1/,
      );
    });

    test("accepts the stack's default provider when it is in us-east-1", () => {
      expect(() => synth({ forCloudFront: true })).not.toThrow();
    });

    test("refuses a key CloudFront does not serve", () => {
      expect(() => synth({ forCloudFront: true, keyAlgorithm: "EC_secp384r1" }, "us-east-1")).toThrow(
        /keyAlgorithm: CloudFront serves only RSA_2048 or EC_prime256v1 certificates, not EC_secp384r1/,
      );
    });

    test("a regional certificate has no region check", () => {
      expect(json.data?.aws_region).toBeUndefined();
    });
  });

  describe("validation", () => {
    test("refuses names that are not DNS names, and repeats, with their paths", () => {
      expect(() => synth({ subjectAlternativeNames: ["App.example.com", "bankapp.example.com"] })).toThrow(
        /subjectAlternativeNames\[0\]: "App.example.com" is not a lowercase DNS name[\s\S]*subjectAlternativeNames\[1\]: "bankapp.example.com" is already domainName/,
      );
      expect(() => synth({ domainName: "api.*.example.com" })).toThrow(/domainName: "api.\*.example.com" is not/);
    });

    test("refuses more names than ACM's default quota", () => {
      const many = Array.from({ length: 10 }, (_, i) => `n${i}.example.com`);
      expect(() => synth({ subjectAlternativeNames: many })).toThrow(
        /subjectAlternativeNames: 11 names exceed ACM's default quota of 10/,
      );
    });
  });

  test("creates nothing else", () => {
    expect(Object.keys(json.resource ?? {}).sort()).toEqual([
      "aws_acm_certificate",
      "aws_acm_certificate_validation",
      "aws_route53_record",
    ]);
    expect(Object.keys(resourcesOf(json, "aws_route53_record"))).toEqual(["site_cert_validation_record"]);
  });
});

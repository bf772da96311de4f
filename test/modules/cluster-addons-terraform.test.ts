import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { ClusterAddonsAws } from "../../modules/cluster-addons";
import { EksCluster } from "../../modules/eks";
import { organization } from "../helpers/synth";
import { terraformSkipped } from "../helpers/terraform";
import { validateStack, writeCliConfig } from "../../src/terraform/cli";
import { configureAwsProvider } from "../../src/stacks/aws-provider";
import { BaseStack } from "../../src/stacks/base-stack";

class AddonsValidateStack extends BaseStack {}

/**
 * Argument names and block shapes of the AWS side against provider 5.100.0's schema: every add-on on, next to the
 * cluster it is for, `terraform validate`d offline through the provider mirror. (The Helm side cannot be: there is no
 * Helm provider binary here.)
 */
(terraformSkipped() ? describe.skip : describe)("ClusterAddonsAws under terraform validate", () => {
  test("every add-on's AWS side validates against the AWS provider", async () => {
    const outdir = mkdtempSync(join(tmpdir(), "addons-validate-"));
    const app = new App({ outdir });
    const stack = new AddonsValidateStack(app, "addons");
    configureAwsProvider(stack, organization(), { accountName: "prod", region: "us-east-1", stack: "addons" });
    const eks = new EksCluster(stack, "eks", {
      name: "acme-prod-us-east-1",
      accountId: "555555555555",
      region: "us-east-1",
      network: {
        vpcId: "vpc-0123456789abcdef0",
        cidr: "10.0.0.0/16",
        subnetIds: { application: ["subnet-app-a", "subnet-app-b", "subnet-app-c"] },
        securityGroupIds: { nodes: "sg-nodes" },
        naclIds: { application: "acl-application" },
      },
      adminRoleArns: ["arn:aws:iam::555555555555:role/OrganizationAccountAccessRole"],
    });
    new ClusterAddonsAws(stack, "addons", {
      cluster: eks.ref,
      namespaces: ["backend", "frontend"],
      // A given key: its plan-time lookup is validated too (the provider accepts a key ARN only with a UUID of
      // version 1-5 and variant 8-b, as AWS issues them).
      secretsStore: { kmsKeyArn: "arn:aws:kms:us-east-1:555555555555:key/1234abcd-12ab-34cd-86ef-1234567890ab" },
      fluentBit: {
        logRetentionDays: 90,
        archive: {
          bucketName: "acme-log-archive-222222222222",
          region: "us-east-1",
          kmsKeyArn: "arn:aws:kms:us-east-1:222222222222:key/99999999-8888-7777-6666-555555555555",
        },
      },
      observability: { subnetIds: ["subnet-app-a", "subnet-app-b"], grafanaAdminGroupIds: ["g-0123456789"] },
      vault: {},
      containerInsights: { logRetentionDays: 90, xray: true },
    });
    app.synth();
    const result = await validateStack(join(outdir, "stacks", "addons"), writeCliConfig(outdir));
    expect(result.log).toBe("");
    expect(result.ok).toBe(true);
  }, 120_000);
});

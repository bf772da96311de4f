/**
 * Whatever one stack names by a fixed name or ARN, another stack creates: the namer must come
 * after the creator in the deploy order (a recorded dependency, direct or through others), or a
 * real first `cdktf deploy '*'`, deploy wave or Terraform Cloud run trigger applies it too early.
 */
import type { TerraformStack } from "cdktf";
import { allOrganizations } from "../helpers/examples";
import { synthApp, type StackJson } from "../helpers/synth";

/** The role name of each service-linked role the stacks create. */
const SERVICE_LINKED_ROLES: Readonly<Record<string, string>> = {
  "config.amazonaws.com": "AWSServiceRoleForConfig",
  "autoscaling.amazonaws.com": "AWSServiceRoleForAutoScaling",
};

/** A name or ARN a stack creates, that another stack could name literally. */
interface FixedName {
  readonly producer: string;
  readonly address: string;
  readonly names: readonly string[];
}

type ProviderConfig = { alias?: string; region?: string; allowed_account_ids?: string[] };

/** Where a resource is created: the account and region of its provider. */
function placeOf(stack: StackJson, resource: Record<string, unknown>): { account: string; region: string } {
  const providers = (stack.provider?.aws ?? []) as ProviderConfig[];
  const alias = typeof resource.provider === "string" ? resource.provider.replace(/^aws\./, "") : undefined;
  const provider = providers.find((p) => p.alias === alias) ?? providers[0];
  return { account: provider?.allowed_account_ids?.[0] ?? "", region: provider?.region ?? "" };
}

const literal = (value: unknown): value is string => typeof value === "string" && !value.includes("${");

/** The fixed names and ARNs each resource type is known by, as the stack creates them. */
function fixedNamesOf(id: string, stack: StackJson): FixedName[] {
  const found: FixedName[] = [];
  const add = (type: string, name: string, names: (string | undefined)[]) => {
    const known = names.filter((n): n is string => n !== undefined);
    if (known.length > 0) found.push({ producer: id, address: `${type}.${name}`, names: known });
  };
  for (const [type, resources] of Object.entries(stack.resource ?? {})) {
    for (const [name, resource] of Object.entries(resources)) {
      const { account, region } = placeOf(stack, resource);
      const arn = (service: string, rest: string, global = false) =>
        `arn:aws:${service}:${global ? "" : region}:${account}:${rest}`;
      const value = (key: string) => (literal(resource[key]) ? (resource[key] as string) : undefined);
      if (type === "aws_iam_role" && value("name")) {
        add(type, name, [arn("iam", `role${value("path") ?? "/"}${value("name")}`, true)]);
      } else if (type === "aws_iam_service_linked_role") {
        const service = value("aws_service_name")!;
        const role = SERVICE_LINKED_ROLES[service];
        if (role === undefined) throw new Error(`add ${service}'s role name to SERVICE_LINKED_ROLES`);
        add(type, name, [arn("iam", `role/aws-service-role/${service}/${role}`, true)]);
      } else if (type === "aws_s3_bucket" && value("bucket")) {
        add(type, name, [value("bucket"), `arn:aws:s3:::${value("bucket")}`]);
      } else if (type === "aws_dynamodb_table" && value("name")) {
        add(type, name, [value("name"), arn("dynamodb", `table/${value("name")}`)]);
      } else if (type === "aws_kms_alias" && value("name")) {
        add(type, name, [value("name"), arn("kms", value("name")!)]);
      } else if (type === "aws_cloudtrail" && value("name")) {
        add(type, name, [arn("cloudtrail", `trail/${value("name")}`)]);
      } else if (type === "aws_db_instance" && value("identifier")) {
        add(type, name, [arn("rds", `db:${value("identifier")}`)]);
      } else if (["aws_sns_topic", "aws_sqs_queue"].includes(type) && value("name")) {
        add(type, name, [arn(type === "aws_sns_topic" ? "sns" : "sqs", value("name")!)]);
      } else if (type === "aws_cloudwatch_log_group" && value("name")) {
        add(type, name, [arn("logs", `log-group:${value("name")}`)]);
      } else if (type === "aws_cloudwatch_log_destination" && value("name")) {
        add(type, name, [arn("logs", `destination:${value("name")}`)]);
      } else if (type === "aws_eks_cluster" && value("name")) {
        add(type, name, [value("name"), arn("eks", `cluster/${value("name")}`)]);
      }
    }
  }
  return found;
}

/** Keys whose values name nothing a deploy needs: labels, and the parts of a policy that may name the absent. */
const NAMES_NOTHING = new Set(["//", "tags", "tags_all", "description", "Condition", "Resource", "NotResource"]);

/** Every literal string of a stack that refers to something, with policy documents read as JSON. */
function referringStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") {
    if (value.trimStart().startsWith("{") && value.includes('"Statement"')) {
      referringStrings(JSON.parse(value) as unknown, into);
    } else {
      into.push(value);
    }
  } else if (Array.isArray(value)) {
    value.forEach((item) => referringStrings(item, into));
  } else if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) if (!NAMES_NOTHING.has(key)) referringStrings(child, into);
  }
  return into;
}

/** Whether `text` names `name`: exactly, as an ARN's prefix (`<arn>/*`, `<arn>:*`), or as an ARN inside it. */
function names(text: string, name: string): boolean {
  if (text === name) return true;
  if (!name.startsWith("arn:")) return false;
  return text.startsWith(`${name}/`) || text.startsWith(`${name}:`) || text.includes(name);
}

/** Each literal reference of one stack to a fixed name another stack creates. */
function crossStackNames(json: Record<string, StackJson>): { consumer: string; name: FixedName; text: string }[] {
  const fixed = Object.entries(json).flatMap(([id, stack]) => fixedNamesOf(id, stack));
  return Object.entries(json).flatMap(([consumer, stack]) => {
    const texts = referringStrings(stack);
    return fixed
      .filter((name) => name.producer !== consumer)
      .flatMap((name) =>
        texts
          .filter((text) => name.names.some((n) => names(text, n)))
          .slice(0, 1)
          .map((text) => ({ consumer, name, text })),
      );
  });
}

describe.each(allOrganizations())("fixed names across the stacks of the %s organization", (_, org) => {
  const { app, json } = synthApp(org);
  const stack = (id: string) => app.node.findChild(id) as TerraformStack;
  const references = crossStackNames(json);

  test("every stack that names another stack's resource by a fixed name or ARN deploys after it", () => {
    const early = references
      .filter(({ consumer, name }) => !stack(consumer).dependsOn(stack(name.producer)))
      .map(({ consumer, name, text }) => `${consumer} names ${name.address} of ${name.producer} ("${text}")`);
    expect(early).toEqual([]);
  });

  test("the check sees the names it must: the state bucket, Config's service-linked role in every other region", () => {
    const seen = new Set(references.map(({ consumer, name }) => `${consumer} ${name.producer} ${name.address}`));
    if (org.backend.type === "s3") {
      expect(seen).toContain("organization bootstrap aws_s3_bucket.state_bucket");
    }
    const management = Object.keys(org.accounts).find((a) => org.accounts[a].kind === "management")!;
    // A single-region management account (bankapp, innovate) has no other region to name the role.
    const otherRegions = Object.keys(org.accounts[management].regions).filter((r) => r !== org.homeRegion);
    for (const otherRegion of otherRegions) {
      expect(seen).toContain(
        `${management}-${otherRegion} ${management}-${org.homeRegion} aws_iam_service_linked_role.baseline_config_role`,
      );
    }
    // Subscription filters name their region's central log destination by its ARN.
    if (org.centralLogs?.enabled) {
      expect([...seen].filter((s) => s.endsWith("aws_cloudwatch_log_destination.central_logs")).length).toBeGreaterThan(
        0,
      );
    }
  });
});

describe("the check itself", () => {
  test("a recorder naming another region's service-linked role without depending on it is reported", () => {
    const producer: StackJson = {
      provider: { aws: [{ region: "us-east-1", allowed_account_ids: ["111111111111"] }] },
      resource: { aws_iam_service_linked_role: { config_role: { aws_service_name: "config.amazonaws.com" } } },
    };
    const consumer: StackJson = {
      resource: {
        aws_config_configuration_recorder: {
          recorder: {
            role_arn: "arn:aws:iam::111111111111:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
          },
        },
      },
    };
    expect(crossStackNames({ home: producer, other: consumer }).map((r) => `${r.consumer} ${r.name.address}`)).toEqual([
      "other aws_iam_service_linked_role.config_role",
    ]);
  });

  test("a policy's conditions and resources may name what does not exist yet", () => {
    const producer: StackJson = {
      provider: { aws: [{ region: "us-east-1", allowed_account_ids: ["111111111111"] }] },
      resource: { aws_cloudtrail: { trail: { name: "acme-organization-trail" } } },
    };
    const policy = JSON.stringify({
      Statement: [
        {
          Resource: "arn:aws:cloudtrail:us-east-1:111111111111:trail/acme-organization-trail",
          Condition: {
            StringEquals: {
              "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111111111111:trail/acme-organization-trail",
            },
          },
        },
      ],
    });
    const consumer: StackJson = { resource: { aws_s3_bucket_policy: { policy: { policy } } } };
    expect(crossStackNames({ management: producer, security: consumer })).toEqual([]);
  });
});

import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { Construct } from "constructs";
import { logRetentionIssues } from "../eks/checks";
import { podIdentityRole } from "../eks/pod-identity";
import { policyDocument, type PolicyStatement } from "../iam/policy";
import { ADDONS, namespaceLogGroupName, systemLogGroupName } from "./defaults";
import type { AwsContext } from "./context";

/**
 * Where Fluent Bit also archives every log line: an S3 bucket of the cluster's region (the organization's log
 * archive). Its bucket policy and key policy are the caller's: see the README ("Archive to the log archive").
 */
export interface LogArchive {
  readonly bucketName: string;
  /** The bucket's region: it must be the cluster's, logs stay in their region. */
  readonly region: string;
  /** ARN of the bucket's SSE-KMS key (the role encrypts with it through S3). */
  readonly kmsKeyArn: string;
  /** @default "eks/<cluster>" */
  readonly prefix?: string;
}

/** The AWS side of Fluent Bit: log groups and its Pod Identity role. */
export interface FluentBitAwsProps {
  /**
   * Days the container logs are kept: the cluster's log retention (`EksClusterProps.logRetentionDays`).
   * Ingestion and storage cost per GB.
   */
  readonly logRetentionDays: number;
  /** @default - CloudWatch Logs only */
  readonly archive?: LogArchive;
  /**
   * Namespace of the DaemonSet. Its pods mount the host's `/var/log`: it must be `privileged` for Pod Security.
   * @default "logging"
   */
  readonly namespace?: string;
}

/** Fluent Bit's log group resources, for a subscription that must wait for them. */
export interface FluentBitLogGroups {
  /** Each application namespace's group, by namespace. */
  readonly namespaces: Readonly<Record<string, CloudwatchLogGroup>>;
  /** The group of every other namespace's containers. */
  readonly system: CloudwatchLogGroup;
}

/** What the in-cluster side needs to route logs. */
export interface FluentBitRef {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Log group of each application namespace, by namespace. */
  readonly logGroups: Readonly<Record<string, string>>;
  /** Log group of every other namespace's containers. */
  readonly systemLogGroup: string;
  readonly archive?: { readonly bucketName: string; readonly region: string; readonly prefix: string };
}

export function fluentBitIssues(props: FluentBitAwsProps, region: string): string[] {
  const issues = logRetentionIssues(props.logRetentionDays).map((issue) => `fluentBit.${issue}`);
  if (props.archive !== undefined && props.archive.region !== region) {
    issues.push(
      `fluentBit.archive.region: the bucket is in ${props.archive.region}, the cluster in ${region}; logs stay in their region: archive to a bucket of ${region}`,
    );
  }
  if (props.archive?.prefix !== undefined && !/^[\w!.*'()-]+(\/[\w!.*'()-]+)*$/.test(props.archive.prefix)) {
    issues.push(`fluentBit.archive.prefix: "${props.archive.prefix}" must be an S3 key prefix without a trailing "/"`);
  }
  return issues;
}

/**
 * One log group per application namespace and one for every other namespace, each on the add-ons' logs key with
 * the cluster's retention, created here so that Fluent Bit never creates one (`auto_create_group` off: it would
 * be unencrypted and kept forever); Fluent Bit's role writes to exactly these groups, and to the archive's prefix.
 */
export function fluentBitAws(
  scope: Construct,
  context: AwsContext,
  namespaces: readonly string[],
  props: FluentBitAwsProps,
  logsKeyArn: string,
): { ref: FluentBitRef; roleArn: string; logGroups: FluentBitLogGroups } {
  const { cluster } = context;
  const namespace = props.namespace ?? ADDONS.fluentBit.namespace;
  const logGroup = (key: string, name: string) =>
    new CloudwatchLogGroup(scope, key, {
      name,
      kmsKeyId: logsKeyArn,
      retentionInDays: props.logRetentionDays,
      tags: { ...context.tags, Name: name },
      lifecycle: { preventDestroy: context.deletionProtection },
    });
  const groups = namespaces.map((ns) => ({
    ns,
    group: logGroup(`logs_${ns.replace(/-/g, "_")}`, namespaceLogGroupName(cluster.clusterName, ns)),
  }));
  const system = logGroup("logs_system", systemLogGroupName(cluster.clusterName));
  const groupArns = [...groups.map(({ group }) => group.arn), system.arn];
  const statements: PolicyStatement[] = [
    {
      Sid: "WriteTheseLogGroups",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: groupArns.flatMap((arn) => [arn, `${arn}:*`]),
    },
  ];
  const archive =
    props.archive === undefined
      ? undefined
      : {
          bucketName: props.archive.bucketName,
          region: props.archive.region,
          prefix: props.archive.prefix ?? `eks/${cluster.clusterName}`,
        };
  if (archive !== undefined) {
    statements.push(
      {
        Sid: "ArchiveUnderThisClustersPrefix",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
        Resource: `arn:aws:s3:::${archive.bucketName}/${archive.prefix}/*`,
      },
      {
        // Multipart uploads of SSE-KMS objects need Decrypt as well as GenerateDataKey.
        Sid: "EncryptArchivedLogsThroughS3",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: props.archive!.kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `s3.${archive.region}.amazonaws.com` } },
      },
    );
  }
  const { role } = podIdentityRole(scope, "fluent_bit", {
    clusterName: cluster.clusterName,
    namespace,
    serviceAccount: ADDONS.fluentBit.serviceAccount,
    roleName: `${cluster.clusterName}-fluent-bit`,
    description: `Fluent Bit of ${cluster.clusterName}: container logs to CloudWatch Logs (EKS Pod Identity)`,
    inlinePolicy: policyDocument(...statements),
    tags: context.tags,
  });
  return {
    ref: {
      namespace,
      serviceAccount: ADDONS.fluentBit.serviceAccount,
      logGroups: Object.fromEntries(groups.map(({ ns }) => [ns, namespaceLogGroupName(cluster.clusterName, ns)])),
      systemLogGroup: systemLogGroupName(cluster.clusterName),
      archive,
    },
    roleArn: role.arn,
    logGroups: { namespaces: Object.fromEntries(groups.map(({ ns, group }) => [ns, group])), system },
  };
}

/** Values of the `aws-for-fluent-bit` chart this module sets. */
export interface FluentBitChartValues {
  readonly serviceAccount: { readonly create: boolean; readonly name: string };
  /** The chart's own output: every container of a namespace without a group of its own, to the system group. */
  readonly cloudWatchLogs: {
    readonly enabled: boolean;
    readonly match: string;
    readonly region: string;
    readonly logGroupName: string;
    readonly logStreamPrefix: string;
    readonly logStreamTemplate: string;
    /** Off (the chart then leaves the setting out: the plugin's default is off). */
    readonly autoCreateGroup: boolean;
  };
  /** Retags each application namespace's records `workload.<namespace>`, after the kubernetes filter. */
  readonly additionalFilters?: string;
  /** One `cloudwatch_logs` output per application namespace. */
  readonly additionalOutputs?: string;
  readonly s3: {
    readonly enabled: boolean;
    readonly match?: string;
    readonly bucket?: string;
    readonly region?: string;
    readonly s3KeyFormat?: string;
    readonly compression?: string;
  };
  /** A DaemonSet on every node, the system nodes included. */
  readonly tolerations: readonly { readonly operator: "Exists" }[];
  readonly priorityClassName: string;
}

/** Tag prefix of the records of application namespaces, after the rewrite. */
export const WORKLOAD_TAG = "workload";
const STREAM_TEMPLATE = "$kubernetes['pod_name'].$kubernetes['container_name']";

/**
 * Fluent Bit's routing: the chart's tail input tags every container `kube.*` and its kubernetes filter adds the
 * namespace; a `rewrite_tag` filter re-emits the records of each application namespace as
 * `workload.<namespace>` (dropping the original), so each namespace's output matches its own tag and the chart's
 * output, `kube.*`, gets everything else. The archive matches both.
 * @see https://docs.fluentbit.io/manual/pipeline/filters/rewrite-tag
 * @see https://docs.fluentbit.io/manual/pipeline/outputs/cloudwatch
 */
export function fluentBitValues(ref: FluentBitRef, region: string): FluentBitChartValues {
  const namespaces = Object.keys(ref.logGroups);
  const section = (kind: string, settings: [string, string][]) =>
    [`[${kind}]`, ...settings.map(([key, value]) => `    ${key.padEnd(18)} ${value}`)].join("\n");
  const rewrite =
    namespaces.length === 0
      ? undefined
      : section("FILTER", [
          ["Name", "rewrite_tag"],
          ["Match", "kube.*"],
          [
            "Rule",
            `$kubernetes['namespace_name'] ^(${namespaces.join("|")})$ ${WORKLOAD_TAG}.$kubernetes['namespace_name'] false`,
          ],
          ["Emitter_Name", "workload_namespaces"],
        ]);
  const outputs = namespaces.map((ns) =>
    section("OUTPUT", [
      ["Name", "cloudwatch_logs"],
      ["Match", `${WORKLOAD_TAG}.${ns}`],
      ["region", region],
      ["log_group_name", ref.logGroups[ns]],
      ["log_stream_prefix", "unnamed-"],
      ["log_stream_template", STREAM_TEMPLATE],
      ["auto_create_group", "Off"],
    ]),
  );
  return {
    serviceAccount: { create: true, name: ref.serviceAccount },
    cloudWatchLogs: {
      enabled: true,
      match: "kube.*",
      region,
      logGroupName: ref.systemLogGroup,
      logStreamPrefix: "unnamed-",
      logStreamTemplate: STREAM_TEMPLATE,
      autoCreateGroup: false,
    },
    ...(rewrite === undefined ? {} : { additionalFilters: `${rewrite}\n` }),
    ...(outputs.length === 0 ? {} : { additionalOutputs: `${outputs.join("\n")}\n` }),
    s3:
      ref.archive === undefined
        ? { enabled: false }
        : {
            enabled: true,
            match: "*",
            bucket: ref.archive.bucketName,
            region: ref.archive.region,
            s3KeyFormat: `/${ref.archive.prefix}/%Y/%m/%d/%H/$TAG-%M%S-$UUID.gz`,
            compression: "gzip",
          },
    tolerations: [{ operator: "Exists" }],
    priorityClassName: "system-node-critical",
  };
}

/** What a config layer needs of the `quicksight-source` module, without loading a construct. */

/**
 * Data source permissions: an owner manages the data source, a user builds data sets on it.
 * @see https://docs.aws.amazon.com/quicksight/latest/APIReference/API_ResourcePermission.html
 */
export const DATA_SOURCE_ACTIONS = {
  owner: [
    "quicksight:DescribeDataSource",
    "quicksight:DescribeDataSourcePermissions",
    "quicksight:PassDataSource",
    "quicksight:UpdateDataSource",
    "quicksight:DeleteDataSource",
    "quicksight:UpdateDataSourcePermissions",
  ],
  user: ["quicksight:DescribeDataSource", "quicksight:DescribeDataSourcePermissions", "quicksight:PassDataSource"],
} as const;

export type DataSourceRole = keyof typeof DATA_SOURCE_ACTIONS;

/** QuickSight user and group ARNs: `arn:aws:quicksight:<region>:<account>:(user|group)/<namespace>/<name>`. */
export const QUICKSIGHT_PRINCIPAL =
  /^arn:aws(?:-[a-z]+)*:quicksight:[a-z0-9-]+:\d{12}:(user|group)\/[\w+=,.@-]+\/[\w+=,.@/-]+$/;

/** VPC connection ids: letters, digits, hyphens and underscores, up to 1000 characters (the module keeps to 64). */
export const VPC_CONNECTION_ID = /^[\w-]{1,64}$/;

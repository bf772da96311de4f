"""Copy the configured transactional tables from MariaDB into the PostgreSQL analytics database.

Run by the Glue job of modules/glue-etl, once a day. Each table is read whole through the MariaDB
Glue connection (its Secrets Manager credentials, TLS) and replaces the table of the same name in
the analytics schema: Spark truncates the target and loads it again, so the copy is idempotent and
the target keeps its grants, indexes and views.

Job arguments (set by the module):
  --source_connection  Glue connection name of the MariaDB source
  --tables             comma-separated `schema.table` names in MariaDB
  --target_jdbc_url    jdbc:postgresql://host:port/database?sslmode=require
  --target_secret_arn  Secrets Manager secret of the PostgreSQL user: {"username", "password"}
  --target_schema      schema in PostgreSQL that receives the copies
"""

import json
import re
import sys

import boto3
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

# The module checks table names too; checked again here because they end up in SQL.
SQL_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def table_names(argument):
    """`schema.table` pairs of the --tables argument, refusing anything that is not a plain SQL name."""
    names = []
    for entry in (part.strip() for part in argument.split(",")):
        if not entry:
            continue
        schema, _, table = entry.partition(".")
        if not (SQL_NAME.match(schema) and SQL_NAME.match(table)):
            raise ValueError(f"not a schema.table name: {entry!r}")
        names.append((schema, table))
    if not names:
        raise ValueError("--tables names no table")
    return names


def target_credentials(secret_arn):
    """Username and password of the PostgreSQL user, read from Secrets Manager at run time."""
    secret = json.loads(boto3.client("secretsmanager").get_secret_value(SecretId=secret_arn)["SecretString"])
    return secret["username"], secret["password"]


def main():
    args = getResolvedOptions(
        sys.argv,
        ["JOB_NAME", "source_connection", "tables", "target_jdbc_url", "target_secret_arn", "target_schema"],
    )
    if not SQL_NAME.match(args["target_schema"]):
        raise ValueError(f"not a schema name: {args['target_schema']!r}")
    glue_context = GlueContext(SparkContext.getOrCreate())
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)
    user, password = target_credentials(args["target_secret_arn"])

    for schema, table in table_names(args["tables"]):
        source = glue_context.create_dynamic_frame.from_options(
            connection_type="mysql",
            connection_options={
                "useConnectionProperties": "true",
                "connectionName": args["source_connection"],
                "dbtable": f"{schema}.{table}",
            },
            transformation_ctx=f"read_{schema}_{table}",
        )
        rows = source.toDF()
        (
            rows.write.format("jdbc")
            .option("url", args["target_jdbc_url"])
            .option("driver", "org.postgresql.Driver")
            .option("dbtable", f"{args['target_schema']}.{table}")
            .option("user", user)
            .option("password", password)
            .option("truncate", "true")
            .mode("overwrite")
            .save()
        )
        print(f"copied {schema}.{table} into {args['target_schema']}.{table}")

    job.commit()


if __name__ == "__main__":
    main()

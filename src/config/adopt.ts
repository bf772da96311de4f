import { z } from "zod";

/** Resource types that can be adopted by id, with the id's format and an example. */
export const ADOPTABLE: Readonly<Record<string, { readonly format: RegExp; readonly example: string }>> = {
  aws_vpc: { format: /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/, example: "vpc-0a1b2c3d4e5f67890" },
  aws_subnet: { format: /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/, example: "subnet-0a1b2c3d4e5f67890" },
  aws_kms_key: {
    format: /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/,
    example: "1234abcd-12ab-34cd-56ef-1234567890ab",
  },
  aws_kms_alias: { format: /^alias\/[\w/-]+$/, example: "alias/acme-terraform-state" },
  aws_db_instance: { format: /^[a-z][a-z0-9-]{0,62}$/, example: "acme-prod-us-east-1-postgres" },
  aws_dynamodb_table: { format: /^[A-Za-z0-9_.-]{3,255}$/, example: "acme-terraform-locks" },
  aws_s3_bucket: { format: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, example: "acme-terraform-state-111111111111" },
};

/**
 * Existing resources to adopt, by Terraform address (as the stack's README and the address
 * manifest list them) → cloud id: each becomes an `import` block, so the first plan imports
 * instead of creating. A no-op once the resource is in state.
 */
export const AdoptSchema = z
  .record(
    z.string().regex(/^aws_[a-z0-9_]+\.[a-z0-9_]+$/, "must be a Terraform address such as aws_vpc.vpc"),
    z.string(),
  )
  .superRefine((entries, context) => {
    for (const [address, id] of Object.entries(entries)) {
      const type = address.split(".")[0];
      const adoptable = ADOPTABLE[type];
      if (adoptable === undefined) {
        const types = Object.keys(ADOPTABLE).join(", ");
        context.addIssue({ code: "custom", path: [address], message: `${type} cannot be adopted here (${types} can)` });
      } else if (!adoptable.format.test(id)) {
        context.addIssue({
          code: "custom",
          path: [address],
          message: `"${id}" is not an id of ${type} (${adoptable.example})`,
        });
      }
    }
  });

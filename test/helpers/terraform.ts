/** True when the Terraform suite was skipped on purpose (`SKIP_TERRAFORM=1`). */
export function terraformSkipped(): boolean {
  return process.env.SKIP_TERRAFORM === "1";
}

/**
 * Kubernetes resource quantities, for the arithmetic of quotas against limit ranges. Only the forms a quota or
 * limit range is written in here: decimal numbers with no suffix, `m` (CPU), and the binary (`Ki`...`Ti`) and
 * decimal (`k`...`T`) memory suffixes. Pure, for the config layer too.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const MEMORY_FACTORS: Record<string, number> = {
  "": 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

/** Millicores of a CPU quantity (`"250m"` → 250, `"1.5"` → 1500), or undefined when it is not one. */
export function millicores(quantity: string): number | undefined {
  const match = CPU.exec(quantity);
  if (match === null) return undefined;
  const value = Number(match[1]);
  return match[2] === "m" ? value : value * 1000;
}

/** Bytes of a memory quantity (`"512Mi"` → 536870912), or undefined when it is not one. */
export function bytes(quantity: string): number | undefined {
  const match = MEMORY.exec(quantity);
  return match === null ? undefined : Number(match[1]) * MEMORY_FACTORS[match[2] ?? ""];
}

/** A CPU amount as a quantity a quota accepts: whole cores when it is, else millicores (`"12500m"`). */
export function cpuQuantity(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${Math.ceil(milli)}m`;
}

/** A memory amount as the largest binary unit that keeps it whole (`"25Gi"`, `"1536Mi"`). */
export function memoryQuantity(amount: number): string {
  for (const unit of ["Ti", "Gi", "Mi", "Ki"]) {
    if (amount % MEMORY_FACTORS[unit] === 0) return `${amount / MEMORY_FACTORS[unit]}${unit}`;
  }
  return String(Math.ceil(amount));
}

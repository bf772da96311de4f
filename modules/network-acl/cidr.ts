/** IPv4 CIDR arithmetic, shared by the network modules and the config checks in src/. */

/** An IPv4 block as unsigned 32-bit integers. */
export interface Ipv4Block {
  /** First address of the block. */
  readonly first: number;
  /** Last address of the block. */
  readonly last: number;
  readonly prefix: number;
  /** True when the address part is the block's first address (`10.0.1.0/24`, not `10.0.1.5/24`). */
  readonly aligned: boolean;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; undefined for anything else. */
export function parseCidr(text: string): Ipv4Block | undefined {
  const match = CIDR.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const first = address - (address % size);
  return { first, last: first + size - 1, prefix, aligned: address === first };
}

/** Parses a dotted IPv4 address; undefined for anything else. */
export function parseIp(text: string): number | undefined {
  const block = parseCidr(`${text}/32`);
  return block?.first;
}

export function formatCidr(first: number, prefix: number): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256);
  return `${octets.join(".")}/${prefix}`;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

export function cidrsOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/**
 * The block at `offset` addresses past the start of `base`, with `prefix`:
 * `subnetAt("10.0.0.0/16", 16 * 256, 20)` is `10.0.16.0/20`.
 */
export function blockAt(base: string, offset: number, prefix: number): string {
  const block = parseCidr(base);
  if (block === undefined) throw new Error(`${base} is not an IPv4 CIDR`);
  return formatCidr(block.first + offset, prefix);
}

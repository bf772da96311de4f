import { Slot } from "../capability";

/** An accelerator of an account's home-region stack, as regional endpoint groups and records reach it. */
export interface AcceleratorRef {
  readonly listenerArn: string;
  readonly dnsName: string;
}

/** The accelerators an account's home-region stack holds, by config key. */
export const ACCELERATORS = new Slot<ReadonlyMap<string, AcceleratorRef>>("accelerators");

/** A site of an account-region, as deploy roles reach it (upload, invalidate). */
export interface SiteRef {
  readonly bucketArn: string;
  readonly distributionArn: string;
  readonly distributionDomainName: string;
  readonly kmsKeyArn?: string;
}

/** The account-region's sites by config key. */
export const SITES = new Slot<ReadonlyMap<string, SiteRef>>("sites");

import { deployWaves } from "../src/operators";

/** `npm run deploy-order`: the synthesized stacks in deploy waves; a wave's stacks may run in parallel. */
const outdir = process.argv[2] ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
deployWaves(outdir).forEach((wave, index) => process.stdout.write(`${index + 1}. ${wave.join(" ")}\n`));

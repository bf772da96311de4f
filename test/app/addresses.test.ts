import { addressesOf, synthApp } from "../helpers/synth";

/**
 * The address manifest: every stack's sorted resource addresses. An address change is a
 * destroy-and-create in production, so updating this snapshot is a reviewed decision.
 */
test("no stack's resource addresses changed", () => {
  const { json } = synthApp();
  const manifest = Object.fromEntries(Object.entries(json).map(([id, stack]) => [id, addressesOf(stack)]));
  expect(manifest).toMatchSnapshot();
});

/**
 * Whether a string is (or holds) a cdktf token, a value known only at plan time: cdktf encodes
 * each as `${TfToken[...]}` in the string. The same test as `Token.isUnresolved` for strings,
 * without loading cdktf, so checks that the config runs stay free of constructs.
 */
export function isUnresolved(value: string): boolean {
  return value.includes("${TfToken[");
}

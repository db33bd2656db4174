/** postject ships no types; the CLI uses this one function of its API. */
declare module 'postject' {
  export function inject(file: string, resourceName: string, data: Buffer, options: { sentinelFuse: string }): Promise<void>;
}

import type * as Koffi from 'koffi';

export type KoffiModule = typeof Koffi;

/** A native function as koffi returns it, called with plain JS values. */
export type NativeFunction = (...args: unknown[]) => unknown;

let loaded: KoffiModule | undefined;

/**
 * koffi, the FFI the desktop code calls user32, wtsapi32, libX11 and libXtst through. Loaded
 * on first use, so an agent that never drives a desktop never loads a native module, and a
 * host where it cannot load fails desktop nodes only.
 */
export function loadKoffi(): KoffiModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at import
  loaded ??= require('koffi') as KoffiModule;
  return loaded;
}

/** Binds C prototypes of one library, by name. */
export function bindFunctions<K extends string>(library: Koffi.LibraryHandle, prototypes: Readonly<Record<K, string>>): Readonly<Record<K, NativeFunction>> {
  const bound = {} as Record<K, NativeFunction>;
  for (const name of Object.keys(prototypes) as K[]) bound[name] = library.func(prototypes[name]) as unknown as NativeFunction;
  return bound;
}

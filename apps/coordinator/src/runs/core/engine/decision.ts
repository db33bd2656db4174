import type { Decision, Effect, EngineContext, Patch, Request } from './engine.types';

/** A decision that writes these patches and carries out these effects. */
export function decided(patches: readonly Patch[], effects: readonly Effect[] = [], requests: readonly Request[] = []): Decision {
  return { patches, effects, requests };
}

/** Nothing changes, and why (a fenced-out result, a refused claim, a finished run). */
export function ignored(why: string): Decision {
  return { patches: [], effects: [], requests: [], ignored: why };
}

/** The context of an event that reads no node's options nor a result (a cancel): the clock only. */
export function clockOnly(now: Date): EngineContext {
  return { now, optionsOf: () => undefined, limits: { maxOutputBytes: 0, maxAgentLosses: 0 } };
}

/**
 * Work written as a generator that yields between its steps (validation, a schema parse of long
 * lists, a walk of a large request body) runs either at once or in turns of an event loop that
 * serves others. Each step is short; the caller decides whether anything runs between two.
 */

/** Every step at once: the result, as if the work had never been split. */
export function runAllSteps<T>(steps: Generator<void, T>): T {
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** The steps with `turn()` awaited between two (e.g. a `setImmediate`), so timers, sockets and requests get in. */
export async function runStepsInTurns<T>(steps: Generator<void, T>, turn: () => Promise<void>): Promise<T> {
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await turn();
  }
}

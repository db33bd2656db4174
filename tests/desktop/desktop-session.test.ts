/**
 * Desktop sessions decide where desktop nodes go. A worker without a display (session
 * `none`) and one whose screen is locked make a keyboard node wait, saying why; the node runs
 * as soon as a session unlocks, or an agent with an unlocked session joins.
 *
 *   headless (none) ─┐
 *   desk-1 (locked) ─┼─ keyboard.type: waits ── unlock desk-1 ──▶ runs on desk-1
 *                    └─ a second run waits ──── desk-2 joins ────▶ runs on desk-2
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AgentRecord, NodeRunRecord } from '@runtime-hub/protocol';
import { E2eHub, eventually } from '../e2e/e2e.harness';
import { XDisplay, type TextWindow } from './x-display';

const WAIT_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 120_000;
const REASON = 'no online agent with an unlocked desktop session (labels [desk])';

let lockedDisplay: XDisplay;
let otherDisplay: XDisplay;
let hub: E2eHub;
let scratch: string;
const windows: TextWindow[] = [];

beforeAll(async () => {
  [lockedDisplay, otherDisplay] = await Promise.all([XDisplay.start(), XDisplay.start()]);
  scratch = await mkdtemp(path.join(tmpdir(), 'rh-session-'));
  hub = await E2eHub.boot(0);
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(windows.map((window) => window.close()));
  await hub?.close();
  await Promise.all([lockedDisplay?.close(), otherDisplay?.close()]);
  await rm(scratch, { recursive: true, force: true });
});

const typeRun = (name: string) => ({
  schemaVersion: 1,
  name,
  defaults: { target: { labels: ['desk'] } },
  nodes: [
    { id: 'type', type: 'keyboard.type', config: { text: name } },
    { id: 'save', type: 'keyboard.keys', config: { keys: ['ctrl+d'] } },
  ],
  edges: [{ from: 'type', to: 'save' }],
});

async function waitingNode(runId: string): Promise<NodeRunRecord> {
  return eventually(
    async () => {
      const node = (await hub.run(runId)).nodes.find((candidate) => candidate.nodeId === 'type');
      return node?.status === 'waiting' && node.waitingReason === REASON ? node : undefined;
    },
    WAIT_TIMEOUT_MS,
    () => `node "type" of run ${runId} to wait for an unlocked session`,
    async () => JSON.stringify(await hub.run(runId), null, 2),
  );
}

async function sessionOf(name: string, session: AgentRecord['session']): Promise<AgentRecord> {
  return eventually(
    async () => (await hub.agents()).find((agent) => agent.name === name && agent.status === 'online' && agent.session === session),
    WAIT_TIMEOUT_MS,
    () => `agent ${name} to report session ${session}`,
    async () => JSON.stringify(await hub.agents(), null, 2),
  );
}

describe('desktop sessions', () => {
  it('keeps a desktop node waiting with the reason until a session unlocks, then runs it there', async () => {
    // ARRANGE: one worker without a display, one on a display whose screen is locked
    const file = path.join(scratch, 'desk-1.txt');
    windows.push(await lockedDisplay.openTextWindow('desk-1 window', file));
    lockedDisplay.setScreenSaver(true);
    await hub.addWorker('headless', ['desk'], { DISPLAY: '', RH_WORKER_DESKTOP: 'true' });
    await hub.addWorker('desk-1', ['desk'], { DISPLAY: lockedDisplay.name, RH_WORKER_DESKTOP: 'true' });
    await sessionOf('headless', 'none');
    await sessionOf('desk-1', 'locked');

    // ACT: the run waits; then the screen unlocks
    const started = await hub.startRun(typeRun('unlocked-later'));
    const waiting = await waitingNode(started.id);
    lockedDisplay.setScreenSaver(false);
    const run = await hub.waitForRun(started.id, WAIT_TIMEOUT_MS);

    // ASSERT
    expect(waiting.waitingReason).toBe(REASON);
    expect(run.status).toBe('succeeded');
    const agents = await hub.agents();
    expect(run.nodes.find((node) => node.nodeId === 'type')?.agentId).toBe(agents.find((agent) => agent.name === 'desk-1')?.id);
    expect(await eventually(() => readFile(file, 'utf8').catch(() => undefined), WAIT_TIMEOUT_MS, () => 'the window to save')).toBe('unlocked-later');
  }, TEST_TIMEOUT_MS);

  it('runs a waiting desktop node as soon as an agent with an unlocked session joins', async () => {
    // ARRANGE: desk-1 locked again (over a window: Xvfb saves no screen that shows nothing)
    windows.push(await lockedDisplay.openTextWindow('desk-1 second window', path.join(scratch, 'unused.txt')));
    lockedDisplay.setScreenSaver(true);
    await sessionOf('desk-1', 'locked');
    const file = path.join(scratch, 'desk-2.txt');
    windows.push(await otherDisplay.openTextWindow('desk-2 window', file));

    // ACT
    const started = await hub.startRun(typeRun('joined-later'));
    await waitingNode(started.id);
    await hub.addWorker('desk-2', ['desk'], { DISPLAY: otherDisplay.name, RH_WORKER_DESKTOP: 'true' });
    const run = await hub.waitForRun(started.id, WAIT_TIMEOUT_MS);

    // ASSERT
    expect(run.status).toBe('succeeded');
    expect(await sessionOf('desk-2', 'unlocked')).toMatchObject({ session: 'unlocked' });
    expect(run.nodes.find((node) => node.nodeId === 'type')?.agentId).toBe((await hub.agents()).find((agent) => agent.name === 'desk-2')?.id);
    expect(await eventually(() => readFile(file, 'utf8').catch(() => undefined), WAIT_TIMEOUT_MS, () => 'the window to save')).toBe('joined-later');
  }, TEST_TIMEOUT_MS);
});

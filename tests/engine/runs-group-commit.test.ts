import { bootEngine, setOutput, workflow, type EngineHarness, type FakeAgent } from './engine.harness';

/** Wide enough that results queue on the run's lock and are recorded in batches. */
const WIDTH = 24;
/** Agents of one fan-out node whose cells report together. */
const CELLS = 6;

/**
 * Results of one run that arrive together are recorded together (group commit): every one is
 * acknowledged only once recorded, each node settles once, a copy sent twice in the same burst
 * counts once, and the run's end is planned after them.
 */
describe('run engine: results recorded together', () => {
  let hub: EngineHarness;
  let agent: FakeAgent;

  beforeAll(async () => {
    hub = await bootEngine();
    agent = await hub.agent('host-burst', { concurrency: WIDTH });
  });

  afterAll(async () => {
    await hub?.close();
  });

  it(`records a burst of ${WIDTH} results of one run, and a duplicate among them once`, async () => {
    /*
     *   p0 ──┐
     *   ...  ├──► join
     *   p23 ─┘
     */
    // ARRANGE
    const parallel = Array.from({ length: WIDTH }, (_, index) => `p${index}`);
    const definition = workflow({
      name: 'burst',
      nodes: [...parallel.map((id) => ({ id, type: 'set', config: { values: { id } } })), { id: 'join', type: 'set', config: { values: {} } }],
      edges: parallel.map((id) => ({ from: id, to: 'join' })),
    });
    const started = await hub.startRun({ definition });
    const tasks = [];
    for (let index = 0; index < WIDTH; index += 1) tasks.push(await agent.take(`task ${index + 1} of ${WIDTH}`));
    const [first] = tasks;

    // ACT: every result at once, the first one twice
    const acks = await Promise.all([...tasks, first!].map((task) => agent.report(task, setOutput(task))));
    const join = await agent.take('the join');
    await agent.report(join, setOutput(join));
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the run to succeed');

    // ASSERT
    expect(acks).toEqual([...tasks, first].map(() => ({ ok: true })));
    expect(run.nodes.filter((node) => node.nodeId !== 'join').map((node) => [node.nodeId, node.status, node.attempt, node.output])).toEqual(
      parallel.map((id) => [id, 'succeeded', 1, { id }]),
    );
    expect(run.nodes.find((node) => node.nodeId === 'join')).toMatchObject({ status: 'succeeded', attempt: 1 });
  });

  it(`records the cells of one fan-out node that report together, and settles the node once with all of them`, async () => {
    /*
     *   everywhere(target: labels [cells], each) ──► after
     */
    // ARRANGE
    const hosts = await Promise.all(Array.from({ length: CELLS }, (_, index) => hub.agent(`cell-${index}`, { labels: index === 0 ? ['cells', 'cells-first'] : ['cells'] })));
    const definition = workflow({
      name: 'cells-burst',
      nodes: [
        { id: 'everywhere', type: 'set', config: { values: {} }, target: { labels: ['cells'], each: true } },
        { id: 'after', type: 'set', config: { values: {} }, target: { labels: ['cells-first'] } },
      ],
      edges: [{ from: 'everywhere', to: 'after' }],
    });
    const started = await hub.startRun({ definition });
    const cells = await Promise.all(hosts.map((host) => host.take(`the cell of ${host.name}`)));

    // ACT: every cell's result at once, the first one twice
    const reports = hosts.map((host, index) => host.report(cells[index]!, { output: { host: host.name } }));
    const acks = await Promise.all([...reports, hosts[0]!.report(cells[0]!, { output: { host: hosts[0]!.name } })]);
    const after = await hosts[0]!.take('the node after the fan-out');
    await hosts[0]!.report(after, setOutput(after));
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the fan-out run to succeed');

    // ASSERT
    expect(acks).toEqual([...reports, 'again'].map(() => ({ ok: true })));
    const everywhere = run.nodes.find((node) => node.nodeId === 'everywhere')!;
    expect(everywhere).toMatchObject({ status: 'succeeded', attempt: 1 });
    expect(everywhere.output).toEqual(Object.fromEntries(hosts.map((host) => [host.name, { host: host.name }])));
    expect(everywhere.tasks.map((task) => task.status)).toEqual(hosts.map(() => 'succeeded'));
  });
});

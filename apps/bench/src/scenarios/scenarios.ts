import type { ScenarioName } from '../bench.options';
import type { Scenario } from '../bench.scenario';
import { agentsScenario } from './agents.scenario';
import { bullmqChainScenario } from './bullmq-chain.scenario';
import { chainScenario } from './chain.scenario';
import { fanoutScenario } from './fanout.scenario';
import { floorScenario } from './floor.scenario';
import { scheduleScenario } from './schedule.scenario';
import { soakScenario } from './soak.scenario';
import { throughputScenario } from './throughput.scenario';

/** Every scenario by name; the runner takes them in SCENARIO_NAMES order. */
export const SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  floor: floorScenario,
  'bullmq-chain40': bullmqChainScenario,
  chain40: chainScenario,
  throughput: throughputScenario,
  fanout1000: fanoutScenario,
  agents: agentsScenario,
  schedule: scheduleScenario,
  soak: soakScenario,
};

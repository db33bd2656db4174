import type { ScenarioName } from '../bench.options';
import type { Scenario } from '../bench.scenario';
import { agentsScenario } from './agents.scenario';
import { bullmqChainScenario } from './bullmq-chain.scenario';
import { chainDecidedScenario, chainDispatchedScenario, chainUnbundledScenario } from './chain.scenario';
import { fanout1000Scenario, fanout100DecidedScenario, fanout100Scenario } from './fanout.scenario';
import { fleetFanoutScenario } from './fleet-fanout.scenario';
import { floorScenario } from './floor.scenario';
import { scheduleScenario } from './schedule.scenario';
import { soakScenario } from './soak.scenario';
import { throughputScenario } from './throughput.scenario';

/** Every scenario by name; the runner takes them in SCENARIO_NAMES order. */
export const SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  floor: floorScenario,
  'bullmq-chain40': bullmqChainScenario,
  chain40: chainDispatchedScenario,
  'chain40-unbundled': chainUnbundledScenario,
  'chain40-decided': chainDecidedScenario,
  throughput: throughputScenario,
  fanout100: fanout100Scenario,
  'fanout100-decided': fanout100DecidedScenario,
  fanout1000: fanout1000Scenario,
  agents: agentsScenario,
  schedule: scheduleScenario,
  'fleet-fanout': fleetFanoutScenario,
  soak: soakScenario,
};

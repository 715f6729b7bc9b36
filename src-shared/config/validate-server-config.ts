import type { Inventory } from '../schemas/inventory';
import { flagValueProblem, type ServerConfig } from '../schemas/server-config';
import type { ConfigProblem, ConfigRule, ValidationContext } from './config-problem';
import { containerCpusRule, threadsRule } from './config-rules-cpu';
import { batchRule, flashAttentionRule, headSizeRule, slotContextRule } from './config-rules-kv';
import { spellingOf, type ConfigFlags } from './config-values';
import type { ModelFacts } from './model-facts';

export type { ConfigProblem, ValidationContext } from './config-problem';

/** Each flag's own type and range, as ServerConfig's schema checks it (flagValueProblem). */
const flagValuesRule: ConfigRule = (config) =>
  Object.entries(config.flags).flatMap(([key, value]): ConfigProblem[] => {
    const problem = flagValueProblem(key, value);
    if (problem === null) return [];
    const message = problem.startsWith(`'${key}'`) ? `${problem}.` : `${spellingOf(key)} ${JSON.stringify(value)}: ${problem}.`;
    return [{ severity: 'error', flags: [key], message }];
  });

/** Every rule, in the order their problems are shown. */
const rules: readonly ConfigRule[] = [flagValuesRule, batchRule, slotContextRule, flashAttentionRule, headSizeRule, threadsRule, containerCpusRule];

/**
 * Checks a llama-server configuration as llama-server v0.5.0 will read it, returning every
 * problem at once (errors first): each flag's type and range, `-ub ≤ -b`, the context each slot
 * gets, a quantized V cache without flash attention, cache types against the model's head size,
 * and threads against the CPUs the process and its container may use. Pure and fast enough to
 * run on every keystroke. Interaction rules only run on configurations whose flags are all valid,
 * so one typo gives one message.
 */
export function validateServerConfig(config: ConfigFlags | ServerConfig, context: ValidationContext = {}): ConfigProblem[] {
  const valueProblems = flagValuesRule(config, context);
  if (valueProblems.length > 0) return valueProblems;
  const problems = rules.slice(1).flatMap((rule) => rule(config, context));
  return [...problems.filter((p) => p.severity === 'error'), ...problems.filter((p) => p.severity === 'warning')];
}

/** The validation context an inventory gives (the server's own CPU affinity and cgroup where it was found). */
export function validationContextFromInventory(inventory: Inventory, model?: ModelFacts): ValidationContext {
  const allowed = inventory.server?.allowedCpuCount ?? inventory.cpu.allowedCpus;
  const context: ValidationContext = {
    cpus: { logical: inventory.cpu.threads, physical: inventory.cpu.physicalCores, ...(allowed > 0 ? { allowed } : {}) },
    // The container's effective limit is a cgroup quota too; `container` is left for the options a launch will set.
    cgroup: { quotaCpus: inventory.cgroup?.cpuQuotaCpus ?? inventory.container?.cpuLimit ?? null, cpusetCount: inventory.cgroup?.cpusetCount ?? null },
  };
  return model === undefined ? context : { ...context, model };
}

import { writeServerArgs } from '../../../../src-shared/llama/server-args';
import type { Diagnosis } from '../../../../src-shared/schemas/diagnosis';
import { measureCanary } from '../canary';
import { runClientSelfTest } from '../client-self-test';
import type { DiagnosisContext, StepOutcome } from '../diagnosis-context';
import { withEstimates } from '../diagnosis-steps';
import { estimateSteps } from '../estimate';
import { runPreflight } from '../preflight';
import { readServerConfig } from '../server-config-source';
import { formatDurationS } from '../../../../src-shared/format/numbers';

/** The server's flags as one line, or why they are unknown. */
async function flagsLine(context: DiagnosisContext): Promise<string> {
  const { config, source } = await readServerConfig(context);
  if (config === null) return 'not readable (no launch method, no llama-server process found on the host, no /props)';
  const argv = writeServerArgs(config).argv;
  const line = argv.length === 0 ? 'llama-server defaults (no flags)' : argv.join(' ');
  return source === 'props' ? `${line} (as /props states them; the rest unknown)` : line;
}

/**
 * Step 2: read the server and the host, test the load generator, time a canary request alone
 * and with every slot busy, and estimate each step still to come from it.
 */
export async function preflightStep(diagnosis: Diagnosis, context: DiagnosisContext): Promise<StepOutcome> {
  const { goal } = diagnosis;
  const host = context.host;
  const found = await runPreflight({
    url: context.target.url,
    apiKey: context.apiKey,
    goal,
    flagsLine: () => flagsLine(context),
    host: async () => {
      if (host === null) return null;
      const inventory = await host.inventory();
      // Only what bears on this server: the inventory's other warnings are on the Host page.
      const notes = (inventory?.warnings ?? []).filter((warning) => warning.includes('is not this endpoint'));
      return { label: host.label, hasInventory: inventory !== null, notes };
    },
    selfTest: (users, maxTokens) => runClientSelfTest({ workerEntry: context.workerEntry, users, maxTokens, signal: context.signal }),
  });
  const speed = await measureCanary({ url: context.target.url, workload: goal.workload, slots: found.totalSlots, apiKey: context.apiKey });
  const estimates = estimateSteps({ goal, speed });
  const toGo = estimates.baseline + estimates.capacity + estimates.findings + estimates.recommendations + estimates.verify + estimates.report;
  const notes = speed.failure === undefined ? found.notes : [...found.notes, `The canary request of the workload failed (${speed.failure}); the probes will meet the same answer, and the time estimate is a guess.`];
  const next = withEstimates({ ...diagnosis, preflight: { ...found, notes, estimateS: toGo } }, estimates);
  const slots = found.totalSlots === null ? 'slots unknown' : `${found.totalSlots} slot${found.totalSlots === 1 ? '' : 's'}`;
  return { diagnosis: next, summary: `${slots}; flags ${found.flagsLine}; about ${formatDurationS(toGo)} to go` };
}

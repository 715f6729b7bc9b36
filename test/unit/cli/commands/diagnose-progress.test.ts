import { describe, expect, it } from 'vitest';
import { createDiagnosisPrinter } from '../../../../src-main/cli/commands/diagnose-progress';
import type { CapacityProbe, CapacitySearchState } from '../../../../src-shared/schemas/capacity';
import { DiagnosisGoal, type Diagnosis, type DiagnosisStep } from '../../../../src-shared/schemas/diagnosis';

const probe = (users: number, runId: string, verdict: 'pass' | 'fail' = 'pass'): CapacityProbe => ({
  users,
  stage: 'bracket',
  judgement: { verdict, slos: [], bindingSlo: null, reasons: verdict === 'fail' ? ['e2e p95 6.2 s over 5 s'] : [] },
  requests: 60,
  durationS: 4,
  requestsPerS: 12.5,
  outputTokensPerS: 100,
  goodRequestsPerS: 12.5,
  ttftP50Ms: 20,
  tpotP50Ms: 10,
  errorRate: 0,
  runId,
});

function diagnosisWith(steps: Partial<Record<DiagnosisStep['step'], Partial<DiagnosisStep>>>, probes: CapacityProbe[] = []): Diagnosis {
  const names = ['goal', 'preflight', 'baseline', 'capacity', 'findings', 'recommendations', 'verify', 'report'] as const;
  return {
    id: 'dx-1',
    url: 'http://127.0.0.1:8080',
    createdAt: 1,
    updatedAt: 1,
    status: 'running',
    goal: DiagnosisGoal.parse({ preset: 'seed', slo: 'e2e_p95<5000', workload: {} }),
    steps: names.map((step) => ({ step, state: 'pending', estimateS: null, ...steps[step] })),
    capacity: { search: { probes } as unknown as CapacitySearchState },
  };
}

describe('the diagnose progress lines', () => {
  it('prints a step as it starts, with its estimate, and as it ends, with its summary, each once', () => {
    const lines: string[] = [];
    const printer = createDiagnosisPrinter((line) => lines.push(line), diagnosisWith({}));
    const running = diagnosisWith({ capacity: { state: 'running', estimateS: 120, startedAt: 1_000 } });
    printer.saved(running);
    printer.saved(running);
    printer.saved(diagnosisWith({ capacity: { state: 'done', estimateS: 120, startedAt: 1_000, finishedAt: 91_000, summary: 'Capacity: 4 users' } }));
    expect(lines).toEqual(['step   capacity · about 2 min', 'done   capacity (1 min 30 s): Capacity: 4 users']);
  });

  it('prints each probe once as it ends, under the label it started with, with its verdict, requests and run, and why it failed', () => {
    const lines: string[] = [];
    const printer = createDiagnosisPrinter((line) => lines.push(line), diagnosisWith({}));
    printer.probeStarted({ label: 'seed at 4 users', runId: 'r4' });
    printer.saved(diagnosisWith({}, [probe(4, 'r4', 'fail')]));
    printer.saved(diagnosisWith({}, [probe(4, 'r4', 'fail')]));
    expect(lines).toEqual(['probe  seed at 4 users: started, run r4', 'probe  seed at 4 users: fail · 60 requests · 12.5 req/s · run r4 (e2e p95 6.2 s over 5 s)']);
  });

  it('prints the probes a resumed diagnosis keeps as kept, then only the new ones, and restarts its interrupted step', () => {
    const lines: string[] = [];
    const killed = diagnosisWith({ capacity: { state: 'running', estimateS: 60, startedAt: 1_000 } }, [probe(1, 'r1'), probe(2, 'r2')]);
    const printer = createDiagnosisPrinter((line) => lines.push(line), killed);
    printer.printKept();
    printer.saved(killed);
    printer.saved(diagnosisWith({ capacity: { state: 'running', estimateS: 60, startedAt: 5_000 } }, [probe(1, 'r1'), probe(2, 'r2'), probe(4, 'r4')]));
    expect(lines).toEqual([
      'probe  kept bracket at 1 user: pass · 60 requests · 12.5 req/s · run r1',
      'probe  kept bracket at 2 users: pass · 60 requests · 12.5 req/s · run r2',
      'probe  bracket at 4 users: pass · 60 requests · 12.5 req/s · run r4',
      'step   capacity · about 1 min',
    ]);
  });
});

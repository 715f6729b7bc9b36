import { describe, expect, it } from 'vitest';
import { diagnoseOperations } from '../../../../../src-shared/contract/diagnose.contract';
import { sloPresets } from '../../../../../src-shared/schemas/diagnosis';
import type { EndpointRef } from '../../../../../src-renderer/lib/endpoints';
import { defaultGoalDraft, draftToStart, goalFieldOfPath, sloOfDraft } from '../../../../../src-renderer/pages/diagnose/goal-draft';

const ref = { workspace: { id: 'w1' }, endpoint: { id: 'e1' } } as unknown as EndpointRef;
const startInput = diagnoseOperations['diagnose.start'].input;

describe('the diagnosis goal draft', () => {
  it('sends a preset’s own SLO string, so a probe is judged exactly as the preset says', () => {
    const input = draftToStart({ ...defaultGoalDraft, preset: 'seed', customSlo: 'ttft_p95<1' }, ref);
    expect(input.goal.slo).toBe(sloPresets.seed.slo);
    expect(startInput.parse(input).goal).toMatchObject({ preset: 'seed', slo: 'e2e_p95<5000,error_rate<0.01', fidelity: 'quick', verify: 'none' });
  });

  it('sends the custom SLO as typed, trimmed, and keeps it while a preset is picked', () => {
    const draft = { ...defaultGoalDraft, preset: 'custom' as const, customSlo: '  e2e_p95<800, error_rate<0.01 ' };
    expect(sloOfDraft(draft)).toBe('e2e_p95<800, error_rate<0.01');
    expect(sloOfDraft({ ...draft, preset: 'batch' })).toBe(sloPresets.batch.slo);
  });

  it('reads the budget in minutes and sends seconds; an emptied number leaves the contract’s default', () => {
    const input = draftToStart({ ...defaultGoalDraft, budgetMin: '2.5', maxUsers: '', maxTokens: '16' }, ref);
    const goal = startInput.parse(input).goal;
    expect(goal.budgetS).toBe(150);
    expect(goal.maxUsers).toBe(64);
    expect(goal.workload.maxTokens).toBe(16);
  });

  it('lets the contract refuse what does not read, and routes each message to its field', () => {
    const input = draftToStart({ ...defaultGoalDraft, preset: 'custom', customSlo: 'ttft_p95<<1', maxUsers: 'many' }, ref);
    const issues = startInput.safeParse(input).error?.issues ?? [];
    const fields = issues.map((issue) => goalFieldOfPath(issue.path.join('.')));
    expect(fields).toContain('slo');
    expect(fields).toContain('maxUsers');
  });

  it('sends no ids without an endpoint, so the contract names the endpoint field', () => {
    const issues = startInput.safeParse(draftToStart(defaultGoalDraft, undefined)).error?.issues ?? [];
    expect(issues.map((issue) => goalFieldOfPath(issue.path.join('.')))).toContain('endpoint');
  });
});

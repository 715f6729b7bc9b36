import type { DiagnosisBaseline, DiagnosisPreflight } from '../../../src-shared/schemas/diagnosis';
import { routeHref } from '../../lib/router';

/** Steps 2 and 3 in brief: what runs, what the diagnosis cannot see (with the flag that fixes it), and one user's speed. */
export function PreflightCard({ preflight, baseline }: { preflight: DiagnosisPreflight | undefined; baseline: DiagnosisBaseline | undefined }) {
  if (preflight === undefined && baseline === undefined) return null;
  const off = preflight?.endpoints.filter((check) => !check.isOn) ?? [];
  return (
    <section className="card diagnose-section" aria-labelledby="preflight-title" data-testid="preflight-card">
      <h2 className="card-title" id="preflight-title">
        Server and baseline
      </h2>
      {preflight && (
        <p className="small">
          {preflight.model ?? 'model unknown'} · {preflight.totalSlots === null ? 'slots unknown' : `${preflight.totalSlots} slot${preflight.totalSlots === 1 ? '' : 's'}`} · <code>{preflight.flagsLine}</code>
          {preflight.hostLabel && <span className="muted"> · host {preflight.hostLabel}</span>}
        </p>
      )}
      {off.length > 0 && (
        <ul className="small preflight-off" data-testid="preflight-off">
          {off.map((check) => (
            <li key={check.path}>
              <code>{check.path}</code> is off{check.flagToAdd && <> — add <code>{check.flagToAdd}</code></>}
              {check.missing && <span className="muted">; without it: {check.missing}</span>}
            </li>
          ))}
        </ul>
      )}
      {preflight && preflight.notes.length > 0 && (
        <ul className="small muted diagnose-notes">
          {preflight.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {baseline && (
        <p className="small" data-testid="baseline-sentence">
          <strong>Baseline</strong> {baseline.sentence} <a href={routeHref({ page: 'run-detail', runId: baseline.runId })}>Open its run in History</a>
        </p>
      )}
    </section>
  );
}

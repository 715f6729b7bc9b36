import type { ConfigPreset } from '../../../src-shared/contract/config.contract';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import { ErrorMessage } from '../../components/ui/error-message';
import { type EndpointRef, useConfigPresets } from '../../queries/config';
import { changeSummary } from './argv-diff';

/** The presets computed from the host's inventory and the model, each one click from the editor, with its reasoning. */
export function PresetsPanel({ target, current, onUse }: { target: EndpointRef; current: ServerConfig; onUse: (config: ServerConfig) => void }) {
  const presets = useConfigPresets(target, true);
  return (
    <section className="card presets" aria-labelledby="presets-title" data-testid="config-presets">
      <h2 className="card-title" id="presets-title">
        Presets <span className="muted small">· from this host and model; a click fills the editor, nothing is applied</span>
      </h2>
      {presets.isPending && <p className="muted small">Computing presets from the host’s inventory…</p>}
      <ErrorMessage error={presets.error} testId="presets-error" />
      {presets.data?.length === 0 && <p className="muted small">No preset fits this host.</p>}
      <ul className="preset-list">
        {presets.data?.map((preset) => (
          <PresetItem key={preset.name} preset={preset} current={current} onUse={() => onUse(preset.config)} />
        ))}
      </ul>
    </section>
  );
}

function PresetItem({ preset, current, onUse }: { preset: ConfigPreset; current: ServerConfig; onUse: () => void }) {
  const errors = preset.check.problems.filter((problem) => problem.severity === 'error').length;
  return (
    <li className="preset" data-testid={`preset-${preset.name}`}>
      <div className="preset-head">
        <strong>{preset.title}</strong>
        <button type="button" className="button button-small" onClick={onUse} data-testid={`use-preset-${preset.name}`}>
          Use
        </button>
      </div>
      <code className="preset-change small">{changeSummary(current, preset.config)}</code>
      <details>
        <summary className="small">Why, in {preset.reasons.length} {preset.reasons.length === 1 ? 'point' : 'points'}</summary>
        <ul className="small preset-reasons">
          {preset.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      </details>
      <p className="small muted">
        {preset.check.memory?.sentence ?? preset.check.memoryNote ?? ''}
        {errors > 0 && <span className="memory-bad"> {errors === 1 ? 'One check fails' : `${errors} checks fail`} for it here.</span>}
      </p>
    </li>
  );
}

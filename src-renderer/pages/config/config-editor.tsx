import { useMemo, useState } from 'react';
import type { ConfigProblem, ConfigView } from '../../../src-shared/contract/config.contract';
import { validateServerConfig } from '../../../src-shared/config/validate-server-config';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import { type EndpointRef, useConfigCheck } from '../../queries/config';
import { useDebounced } from '../bench/use-debounced';
import { ApplyPanel } from './apply-panel';
import { draftFromConfig, draftToConfig, flagGroups, isDraftChanged, type ConfigDraft, type DraftConfig } from './config-draft';
import { FlagGroup } from './flag-group';
import { withLinkedChanges, type LinkedChanges } from './linked-changes';
import { MemoryEstimate } from './memory-estimate';
import { ModelAndExtras } from './model-and-extras';
import { PresetsPanel } from './presets-panel';

/** How long typing must pause before the core checks the draft against the host and the model. */
const checkDelayMs = 300;

/**
 * The editor over one read configuration. Each flag's own type and range are checked here as the
 * user types (validateServerConfig is pure, shared with the core); the core's check, debounced,
 * adds what needs the host and the model: the memory estimate, CPU limits, the model file.
 */
export function ConfigEditor({ view, target, linked = null }: { view: ConfigView; target: EndpointRef; linked?: LinkedChanges | null }) {
  const [draft, setDraft] = useState<ConfigDraft>(() => withLinkedChanges(draftFromConfig(view.config), linked));
  const config = useMemo(() => draftToConfig(draft), [draft]);
  const settled = useDebounced(config, checkDelayMs);
  const isChanged = isDraftChanged(draft, view.config);
  const localProblems = useMemo((): ConfigProblem[] => validateServerConfig(config as ServerConfig).map((problem) => ({ ...problem, flags: [...problem.flags] })), [config]);
  const hasLocalErrors = localProblems.some((problem) => problem.severity === 'error');
  const isSettled = settled === config;
  const check = useConfigCheck(target, settled, isChanged && !hasLocalErrors);
  const isCheckCurrent = !isChanged || (isSettled && check.data !== undefined && !check.isPlaceholderData && !check.isFetching);
  const checked = isChanged ? check.data : view;
  const problems: ConfigProblem[] = hasLocalErrors ? localProblems : (checked?.problems ?? localProblems);
  const byFlag = problemsByFlag(problems);
  return (
    <div className="config-layout" data-testid="config-editor" data-changed={isChanged} data-checked={isCheckCurrent && !hasLocalErrors}>
      <div className="config-main">
        <ModelAndExtras draft={draft} onChange={setDraft} modelProblems={byFlag.get('model')} model={view.model} />
        {flagGroups.map((group) => (
          <FlagGroup key={group.section} group={group} draft={draft} read={view.config} problems={byFlag} onChange={(key, text) => setDraft({ ...draft, flags: { ...draft.flags, [key]: text } })} />
        ))}
      </div>
      <aside className="config-side">
        <MemoryEstimate
          // Until the draft is checked, the last estimate there is stays in view, greyed, rather than none at all.
          memory={checked === undefined ? view.memory : checked.memory}
          note={checked === undefined ? view.memoryNote : checked.memoryNote}
          staleness={!isChanged || (isCheckCurrent && !hasLocalErrors) ? null : hasLocalErrors ? 'fix the errors to update it' : 'checking…'}
        />
        <ApplyPanel
          target={target}
          view={view}
          config={settled as DraftConfig}
          problems={problems}
          isChanged={isChanged}
          isReady={isChanged && !hasLocalErrors && isCheckCurrent}
          checkError={check.error}
          onReset={() => setDraft(draftFromConfig(view.config))}
        />
        <PresetsPanel target={target} current={view.config} onUse={(preset) => setDraft(draftFromConfig(preset))} />
      </aside>
    </div>
  );
}

/** Problems by the flag keys they name, so each row shows its own; a problem naming several shows on each. */
function problemsByFlag(problems: readonly ConfigProblem[]): Map<string, ConfigProblem[]> {
  const out = new Map<string, ConfigProblem[]>();
  for (const problem of problems) for (const key of problem.flags) out.set(key, [...(out.get(key) ?? []), problem]);
  return out;
}

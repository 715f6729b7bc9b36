import { profileLevels } from '../../../src-shared/schemas/load-profiles';
import type { ProfileName } from '../../../src-shared/schemas/load-shape';
import type { FieldId, PlanDraft } from './plan-draft';
import { describeProfile, profileChoices, shapeChoices, type LoadDraft, type LoadKind } from './load-draft';
import { NumberField, TextField } from './number-field';
import { Segmented } from './segmented';

interface LoadFieldsProps {
  draft: PlanDraft;
  onChange: (draft: PlanDraft) => void;
  errorFor: (field: FieldId) => string | undefined;
}

function profileLabel(profile: ProfileName, label: string): string {
  if (profile === 'sustained' || profile === 'custom') return label;
  const levels = profileLevels[profile];
  return `${label} ${levels[0]}→${levels.at(-1)}`;
}

/**
 * The load: a named profile in one click, or a shape spelled out (closed loop, or an open loop
 * at a constant, Poisson, gamma or ramping rate), with the fields that shape needs.
 */
export function LoadFields({ draft, onChange, errorFor }: LoadFieldsProps) {
  const load = draft.load;
  const setLoad = (patch: Partial<LoadDraft>) => onChange({ ...draft, load: { ...load, ...patch } });
  // A profile's stages decide its length; a shape needs one, so bring the default back.
  const pickProfile = (profile: ProfileName) => onChange({ ...draft, durationS: '', load: { ...load, kind: 'profile', profile } });
  const pickShape = (kind: LoadKind) => onChange({ ...draft, durationS: draft.durationS === '' ? '30' : draft.durationS, load: { ...load, kind } });
  const text = (field: keyof LoadDraft) => (value: string) => setLoad({ [field]: value });
  return (
    <>
      <Segmented label="Profile" testId="load-profile" options={profileChoices.map((c) => ({ value: c.profile, label: profileLabel(c.profile, c.label) }))} value={load.kind === 'profile' ? load.profile : undefined} onChange={pickProfile} showLabel />
      <Segmented label="Load shape" testId="load-shape" options={shapeChoices.map((c) => ({ value: c.kind, label: c.label, hint: c.hint }))} value={load.kind === 'profile' ? undefined : load.kind} onChange={pickShape} showLabel />
      <div className="field-grid">
        <ShapeFields load={load} text={text} errorFor={errorFor} />
        <NumberField id="plan-duration" label="Duration" unit={load.kind === 'profile' ? 's, blank = the stages' : 's'} value={draft.durationS} onChange={(v) => onChange({ ...draft, durationS: v })} error={errorFor('durationS')} />
        <NumberField id="plan-warmup" label="Warm-up" unit="s" value={draft.warmupS} onChange={(v) => onChange({ ...draft, warmupS: v })} error={errorFor('warmupS')} placeholder="0" />
      </div>
      <p className="muted small" data-testid="load-description">
        {load.kind === 'profile' ? describeProfile(load) : describeShape(load.kind)}
      </p>
    </>
  );
}

function describeShape(kind: LoadKind): string {
  const choice = shapeChoices.find((c) => c.kind === kind);
  return choice ? `${choice.label}: ${choice.hint}.` : '';
}

interface ShapeFieldsProps {
  load: LoadDraft;
  text: (field: keyof LoadDraft) => (value: string) => void;
  errorFor: (field: FieldId) => string | undefined;
}

function ShapeFields({ load, text, errorFor }: ShapeFieldsProps) {
  const users = <NumberField key="vus" id="plan-vus" label={load.kind === 'profile' ? 'Users' : 'Virtual users'} value={load.virtualUsers} onChange={text('virtualUsers')} error={errorFor('virtualUsers')} />;
  const stages = (unit: string) => <TextField key="stages" id="plan-stages" label="Stages" unit={unit} value={load.stages} onChange={text('stages')} error={errorFor('stages')} placeholder="30s:8, 30s:16" />;
  const rate = (label: string) => <NumberField key="rate" id="plan-rate" label={label} unit="req/s" value={load.rateRps} onChange={text('rateRps')} error={errorFor('rateRps')} />;
  const cap = <NumberField key="cap" id="plan-cap" label="In-flight cap" unit="requests" value={load.maxInFlight} onChange={text('maxInFlight')} error={errorFor('maxInFlight')} placeholder="none" />;
  switch (load.kind) {
    case 'profile':
      if (load.profile === 'sustained') return [users, <NumberField key="hold" id="plan-hold" label="Hold" unit="s" value={load.sustainDurationS} onChange={text('sustainDurationS')} error={errorFor('sustainDurationS')} />];
      if (load.profile === 'custom') return [users, stages('s:users')];
      return <NumberField id="plan-step" label="Step length" unit="s per level" value={load.stepDurationS} onChange={text('stepDurationS')} error={errorFor('stepDurationS')} />;
    case 'closed':
      return [users, stages('s:users')];
    case 'open-constant':
    case 'open-poisson':
      return [rate('Rate'), cap];
    case 'open-gamma':
      return [rate('Rate'), <NumberField key="burst" id="plan-burstiness" label="Burstiness" unit="1 = Poisson" value={load.burstiness} onChange={text('burstiness')} error={errorFor('burstiness')} />, cap];
    case 'open-ramping':
      return [rate('Start rate'), stages('s:req/s'), cap];
  }
}

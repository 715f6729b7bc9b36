import { z } from 'zod';

/** Hard ceilings: every run is bounded in time, count, users and rate, whatever the user asks. */
export const runLimits = {
  maxVirtualUsers: 10_000,
  maxDurationS: 24 * 3600,
  maxRequestCount: 10_000_000,
  /** A run planned by request count alone still stops after this long. */
  defaultDurationCapS: 3600,
  maxRateRps: 100_000,
  maxStages: 200,
} as const;

const virtualUsers = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(1, `at least 1 ${what.replace(/^virtual users$/, 'virtual user')}`)
    .max(runLimits.maxVirtualUsers, `at most ${runLimits.maxVirtualUsers} ${what}`);

const stageDurationS = z
  .number({ error: 'a stage duration must be a number of seconds' })
  .nonnegative('a stage duration cannot be negative')
  .max(runLimits.maxDurationS, `a stage lasts at most ${runLimits.maxDurationS} s`);

const rateRps = z
  .number({ error: 'the rate must be a number of requests per second' })
  .positive('the rate must be greater than zero')
  .max(runLimits.maxRateRps, `at most ${runLimits.maxRateRps} requests per second`);

/** k6's ramping-vus stage: move linearly from the previous level to `target` users over `durationS` (0 = a step). */
export const UserStage = z.strictObject({
  durationS: stageDurationS,
  target: z.number({ error: 'a stage target must be a number of users' }).int('a stage target is a whole number of users').min(0).max(runLimits.maxVirtualUsers),
});
export type UserStage = z.infer<typeof UserStage>;

/** k6's ramping-arrival-rate stage: move linearly from the previous rate to `targetRps` over `durationS`. */
export const RateStage = z.strictObject({
  durationS: stageDurationS,
  targetRps: z.number({ error: 'a stage target must be a rate' }).nonnegative().max(runLimits.maxRateRps),
});
export type RateStage = z.infer<typeof RateStage>;

/**
 * What an open loop does when an arrival is due and `maxInFlight` requests are already out:
 * `wait` sends it as soon as one ends (it is late, and its latency still counts from its
 * scheduled instant); `drop` skips it (k6's dropped_iterations). Arrivals still waiting when
 * the run ends are dropped.
 */
export const WhenFull = z.enum(['wait', 'drop']);

/** Fields every open-loop shape has. */
const openFields = {
  /** In-flight cap (k6's maxVUs): the most requests out at once. */
  maxInFlight: virtualUsers('in-flight requests').default(runLimits.maxVirtualUsers),
  whenFull: WhenFull.default('wait'),
};

const seed = z.number({ error: 'the seed must be a number' }).int('the seed is a whole number').min(0).max(2 ** 31 - 1).default(1);

/** Unit-mean gaps between arrivals: evenly spaced, exponential (Poisson), or gamma with a burstiness factor. */
export const ArrivalProcess = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('constant') }),
    z.strictObject({ kind: z.literal('poisson'), seed }),
    z.strictObject({ kind: z.literal('gamma'), burstiness: z.number().positive('burstiness must be greater than zero').max(1000), seed }),
  ],
  { error: 'arrivals are constant, poisson or gamma' },
);
export type ArrivalProcess = z.infer<typeof ArrivalProcess>;

/**
 * Closed loop: virtual users, each sending its next request when the previous one ends.
 * Without stages `virtualUsers` users run for the whole run; with stages it is the level at
 * the start (k6's startVUs) and the stages ramp from there.
 */
export const ClosedLoad = z.strictObject({
  kind: z.literal('closed'),
  virtualUsers: virtualUsers('virtual users'),
  stages: z.array(UserStage).min(1, 'give at least one stage').max(runLimits.maxStages).optional(),
});

/** Open loop, evenly spaced arrivals at `rateRps` (k6's constant-arrival-rate). */
export const OpenConstantLoad = z.strictObject({ kind: z.literal('open-constant'), rateRps, ...openFields });

/** Open loop, the rate moving through stages from `startRateRps` (k6's ramping-arrival-rate). */
export const OpenRampingLoad = z.strictObject({
  kind: z.literal('open-ramping'),
  startRateRps: z.number().nonnegative().max(runLimits.maxRateRps).default(0),
  stages: z.array(RateStage).min(1, 'give at least one stage').max(runLimits.maxStages),
  arrivals: ArrivalProcess.default({ kind: 'constant' }),
  ...openFields,
});

/** Open loop, Poisson arrivals (exponential gaps) at mean `rateRps` (vLLM bench's default). */
export const OpenPoissonLoad = z.strictObject({ kind: z.literal('open-poisson'), rateRps, seed, ...openFields });

/**
 * Open loop, gamma-distributed gaps at mean `rateRps` (vLLM bench's --burstiness): shape =
 * burstiness, so 1 is Poisson, below 1 burstier, above 1 more even.
 */
export const OpenGammaLoad = z.strictObject({
  kind: z.literal('open-gamma'),
  rateRps,
  burstiness: z.number({ error: 'burstiness must be a number' }).positive('burstiness must be greater than zero').max(1000),
  seed,
  ...openFields,
});

export const profileNames = ['light', 'medium', 'heavy', 'saturation', 'sustained', 'custom'] as const;
export const ProfileName = z.enum(profileNames, { error: `a profile is one of ${profileNames.join(', ')}` });
export type ProfileName = z.infer<typeof ProfileName>;

/**
 * A named profile, resolved into a closed-loop shape by resolveLoadShape (load-profiles.ts):
 * light, medium, heavy and saturation step through their user levels, each held
 * `stepDurationS`; sustained holds `virtualUsers` for `sustainDurationS` (10 min by default);
 * custom runs the given `stages` from `virtualUsers`.
 */
export const ProfileLoad = z.strictObject({
  kind: z.literal('profile'),
  profile: ProfileName,
  stepDurationS: z.number().positive('a step lasts more than zero seconds').max(runLimits.maxDurationS).default(30),
  /** sustained: the level held; custom: the level at the start. */
  virtualUsers: virtualUsers('virtual users').optional(),
  sustainDurationS: z.number().positive().max(runLimits.maxDurationS).default(600),
  /** custom only. */
  stages: z.array(UserStage).min(1, 'give at least one stage').max(runLimits.maxStages).optional(),
});

export const loadKinds = ['closed', 'open-constant', 'open-ramping', 'open-poisson', 'open-gamma', 'profile'] as const;

export const LoadShape = z.discriminatedUnion('kind', [ClosedLoad, OpenConstantLoad, OpenRampingLoad, OpenPoissonLoad, OpenGammaLoad, ProfileLoad], {
  error: `load.kind is one of ${loadKinds.join(', ')}`,
});
export type LoadShape = z.infer<typeof LoadShape>;
export type ClosedLoad = z.infer<typeof ClosedLoad>;
export type OpenConstantLoad = z.infer<typeof OpenConstantLoad>;
export type OpenRampingLoad = z.infer<typeof OpenRampingLoad>;
export type OpenPoissonLoad = z.infer<typeof OpenPoissonLoad>;
export type OpenGammaLoad = z.infer<typeof OpenGammaLoad>;
export type ProfileLoad = z.infer<typeof ProfileLoad>;
export type OpenLoad = OpenConstantLoad | OpenRampingLoad | OpenPoissonLoad | OpenGammaLoad;

/** True for the shapes driven by an arrival schedule rather than by users. */
export function isOpenLoad(load: LoadShape): load is OpenLoad {
  return load.kind.startsWith('open-');
}

/** Profile problems zod's per-field checks cannot see (which fields a profile needs). */
export function profileProblems(load: ProfileLoad): Array<{ path: string[]; message: string }> {
  const problems: Array<{ path: string[]; message: string }> = [];
  if (load.profile === 'sustained' && load.virtualUsers === undefined) problems.push({ path: ['virtualUsers'], message: 'the sustained profile needs the level to hold (virtualUsers)' });
  if (load.profile === 'custom' && load.stages === undefined) problems.push({ path: ['stages'], message: 'the custom profile needs stages' });
  if (load.profile !== 'custom' && load.stages !== undefined) problems.push({ path: ['stages'], message: `stages belong to the custom profile, not ${load.profile}` });
  return problems;
}

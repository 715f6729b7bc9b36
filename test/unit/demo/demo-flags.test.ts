import { describe, expect, it } from 'vitest';
import { parseLlamaArgs } from '../../../src-shared/llama/parse-llama-args';
import { demoFlagCatalog, demoFlagProblems, demoOptionsFromFlags } from '../../../src-main/demo/demo-flags';
import { llamaOptionProblems, simOptionProblems } from '../../../src-main/demo/index';

const optionsOf = (argv: readonly string[]) => {
  const parsed = parseLlamaArgs(argv, { env: {}, catalog: demoFlagCatalog });
  expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  expect(demoFlagProblems(parsed.values)).toEqual([]);
  return demoOptionsFromFlags(parsed.values);
};

describe('--keep-alive-streams', () => {
  it('is off unless given, so the demo closes a streamed connection as llama-server does', () => {
    expect(optionsOf(['-np', '4']).keepAliveStreams).toBeUndefined();
  });

  it('turns on keeping streamed connections open', () => {
    expect(optionsOf(['--keep-alive-streams']).keepAliveStreams).toBe(true);
  });

  it('is honoured by both engines, since it changes the HTTP layer only', () => {
    const options = optionsOf(['--keep-alive-streams', '--engine', 'llama']);
    expect(llamaOptionProblems(options)).toEqual([]);
    expect(simOptionProblems(options)).toEqual([]);
  });
});

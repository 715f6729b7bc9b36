import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sectionText, splitTailSections } from '../../../../src-main/core/telemetry/tail-sections';
import { hostFixture } from './fixtures';

describe('splitTailSections', () => {
  it('splits the cgroup v2 fixture into its files', () => {
    const sections = splitTailSections(hostFixture('cgroup-v2-cpu.txt'));
    expect(sections[0]).toEqual({ name: 'stat -fc %T /sys/fs/cgroup', lines: ['cgroup2fs'] });
    expect(sectionText(sections, '/sys/fs/cgroup/system.slice/cpu.max')).toBe('max 100000');
    expect(sectionText(sections, '/nope')).toBeNull();
  });

  it('gives back every file of any dump it is handed, content intact', () => {
    const name = fc.stringMatching(/^\/[a-z0-9/._-]{1,20}$/);
    const line = fc.string({ maxLength: 20 }).filter((text) => !text.includes('\n') && !/^==> .+ <==$/.test(text));
    const files = fc.array(fc.tuple(name, fc.array(line, { maxLength: 5 })), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(files, (entries) => {
        const contents = entries.map(([, lines]) => [...lines].filter((_, i, all) => !(i === all.length - 1 && all[i] === '')));
        const text = entries.map(([file], i) => `==> ${file} <==\n${contents[i]!.join('\n')}`).join('\n\n');
        const sections = splitTailSections(text);
        expect(sections.map((section) => section.name)).toEqual(entries.map(([file]) => file));
        sections.forEach((section, i) => {
          const expected = [...contents[i]!];
          while (expected.length > 0 && expected[expected.length - 1] === '') expected.pop();
          expect(section.lines).toEqual(expected);
        });
      }),
    );
  });
});

/** One file of a `tail -n +1 FILE…` dump: its path as the header named it, and its lines. */
export interface TailSection {
  name: string;
  lines: string[];
}

const headerPattern = /^==> (.+) <==$/;

/**
 * Splits text in the layout `tail -n +1 a b` / `head` print for several files: a
 * `==> name <==` line before each file, a blank line between files. Lines before the first
 * header are dropped; blank lines are kept except the separator before a header.
 */
export function splitTailSections(text: string): TailSection[] {
  return splitTailLines(text.split('\n'));
}

/** splitTailSections for text already split into lines (the telemetry stream's records). */
export function splitTailLines(lines: readonly string[]): TailSection[] {
  const sections: TailSection[] = [];
  let current: TailSection | null = null;
  for (const line of lines) {
    const header = headerPattern.exec(line);
    if (header?.[1] !== undefined) {
      if (current !== null) dropTrailingBlank(current);
      current = { name: header[1], lines: [] };
      sections.push(current);
    } else if (current !== null) {
      current.lines.push(line);
    }
  }
  if (current !== null) dropTrailingBlank(current);
  return sections;
}

function dropTrailingBlank(section: TailSection): void {
  while (section.lines.length > 0 && section.lines[section.lines.length - 1] === '') section.lines.pop();
}

/** The content of the first section with this name, or null. */
export function sectionText(sections: readonly TailSection[], name: string): string | null {
  const found = sections.find((section) => section.name === name);
  return found === undefined ? null : found.lines.join('\n');
}

import { describe, expect, it } from 'vitest';
import { blockStrayFileDrops } from '../../../../src-renderer/lib/file-drops';

/** A drag event as the browser makes it: cancelable, with a dataTransfer whose dropEffect the page may set. */
function dragEvent(type: 'dragover' | 'drop'): Event & { dataTransfer: { dropEffect: string } } {
  return Object.assign(new Event(type, { cancelable: true, bubbles: true }), { dataTransfer: { dropEffect: 'copy' } });
}

describe('a file dragged over the page', () => {
  it('is turned away where nothing takes it: no drop cursor, and the drop opens nothing', () => {
    const page = new EventTarget();
    blockStrayFileDrops(page);
    const over = dragEvent('dragover');
    page.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true);
    expect(over.dataTransfer.dropEffect).toBe('none');
    const drop = dragEvent('drop');
    page.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
  });

  it('is left to a drop zone that accepted it first', () => {
    const page = new EventTarget();
    blockStrayFileDrops(page);
    const over = dragEvent('dragover');
    over.preventDefault();
    over.dataTransfer.dropEffect = 'copy';
    page.dispatchEvent(over);
    expect(over.dataTransfer.dropEffect).toBe('copy');
  });

  it('is no longer handled once the guard is removed', () => {
    const page = new EventTarget();
    blockStrayFileDrops(page)();
    const drop = dragEvent('drop');
    page.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(false);
  });
});

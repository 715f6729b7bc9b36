/**
 * A file dropped where nothing takes it would make the browser open that file in place of the
 * app (in Electron, a navigation to its file:// URL, which main also refuses). This turns such
 * drops away at the document: the cursor shows "no drop" and nothing is opened. A real drop
 * zone keeps working, because it handles dragover/drop (calling preventDefault) before the
 * event bubbles up to the document.
 */
export function blockStrayFileDrops(target: EventTarget): () => void {
  const onDragOver = (event: Event) => {
    if (event.defaultPrevented) return;
    event.preventDefault();
    // Structural, not DragEvent: node-side tests type-check this file without the DOM library.
    const transfer = (event as Event & { dataTransfer?: { dropEffect: string } | null }).dataTransfer;
    if (transfer) transfer.dropEffect = 'none';
  };
  const onDrop = (event: Event) => {
    if (!event.defaultPrevented) event.preventDefault();
  };
  target.addEventListener('dragover', onDragOver);
  target.addEventListener('drop', onDrop);
  return () => {
    target.removeEventListener('dragover', onDragOver);
    target.removeEventListener('drop', onDrop);
  };
}

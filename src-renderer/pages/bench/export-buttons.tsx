import { useState } from 'react';

/** Copy or download the comparison's markdown table (what the core wrote: every row, the method stated under it). */
export function ExportButtons({ markdown, isFiltered }: { markdown: string; isFiltered: boolean }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(markdown);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied('idle'), 2_000);
  }

  function download() {
    const url = URL.createObjectURL(new Blob([markdown], { type: 'text/markdown' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'llama-bench-comparison.md';
    link.click();
    URL.revokeObjectURL(url);
  }

  return (
    <div className="export-buttons" title={isFiltered ? 'The markdown holds every row; filters only change the view.' : undefined}>
      <button type="button" className="button button-small" onClick={() => void copy()} data-testid="bench-copy-markdown">
        {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy markdown'}
      </button>
      <button type="button" className="button button-small" onClick={download} data-testid="bench-download-markdown">
        Download .md
      </button>
    </div>
  );
}

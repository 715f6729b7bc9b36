/** What the per-second rates need of one successful request (epoch ms). */
export interface StreamedRequest {
  firstTokenMs: number | null;
  endMs: number;
  outputTokens: number;
}

/** The seconds to rate: whole seconds from `startMs`, none reaching past `endMs`. */
export interface RateWindow {
  startMs: number;
  endMs: number;
}

export interface SecondRates {
  requestsPerS: number[];
  outputTokensPerS: number[];
}

/**
 * The request and output-token rate of each whole second of the window. A request counts in the
 * second it ended; its output tokens are spread evenly over the time they streamed (first token
 * to end), so a long answer adds to every second it was streaming rather than all at once to
 * the second it ended (as series.jsonl counts them), which would make per-second token rates
 * jump with the completions and hide a real difference in noise. Pure.
 */
export function secondRates(requests: readonly StreamedRequest[], window: RateWindow): SecondRates {
  const lengthMs = window.endMs - window.startMs;
  // A run with no requests has no start: no seconds to rate.
  const seconds = Number.isFinite(lengthMs) ? Math.max(0, Math.floor(lengthMs / 1000)) : 0;
  const rates: SecondRates = { requestsPerS: new Array<number>(seconds).fill(0), outputTokensPerS: new Array<number>(seconds).fill(0) };
  const secondOf = (ms: number) => Math.floor((ms - window.startMs) / 1000);
  for (const request of requests) {
    const ended = secondOf(request.endMs);
    if (ended >= 0 && ended < seconds) rates.requestsPerS[ended]! += 1;
    spreadTokens(rates.outputTokensPerS, request, window.startMs);
  }
  return rates;
}

function spreadTokens(bins: number[], request: StreamedRequest, startMs: number): void {
  const fromMs = Math.min(request.firstTokenMs ?? request.endMs, request.endMs);
  const spanMs = request.endMs - fromMs;
  if (spanMs <= 0) {
    const second = Math.floor((request.endMs - startMs) / 1000);
    if (second >= 0 && second < bins.length) bins[second]! += request.outputTokens;
    return;
  }
  const first = Math.max(0, Math.floor((fromMs - startMs) / 1000));
  const last = Math.min(bins.length - 1, Math.floor((request.endMs - startMs) / 1000));
  for (let second = first; second <= last; second += 1) {
    const overlapMs = Math.min(request.endMs, startMs + (second + 1) * 1000) - Math.max(fromMs, startMs + second * 1000);
    if (overlapMs > 0) bins[second]! += (request.outputTokens * overlapMs) / spanMs;
  }
}

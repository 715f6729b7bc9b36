import { describe, expect, it } from 'vitest';
import { RequestTiming } from '../../../../../src-main/core/loadgen/client/request-timing';

describe('the times of a request sent again after a stale connection', () => {
  it('keeps TTFT and E2E from the scheduled instant and the send lag from the first send, and takes the queue time from the retry', () => {
    const timing = new RequestTiming();
    timing.reset(1000);
    timing.sentMs = 1001;
    timing.retrySentMs = 1025;
    timing.isStaleRetried = true;
    timing.onContent(1125);
    timing.timingsPromptMs = 60;
    timing.endMs = 1200;
    expect(timing.ttftMs).toBe(125);
    expect(timing.e2eMs).toBe(200);
    expect(timing.sendLagMs).toBe(1);
    expect(timing.attemptSentMs).toBe(1025);
    expect(timing.queueMs).toBe(1125 - 1025 - 60);
  });

  it('forgets the retry when the timing is reused for the next request', () => {
    const timing = new RequestTiming();
    timing.reset(0);
    timing.retrySentMs = 30;
    timing.isStaleRetried = true;
    timing.reset(500);
    timing.sentMs = 501;
    expect(timing.isStaleRetried).toBe(false);
    expect(timing.attemptSentMs).toBe(501);
  });
});

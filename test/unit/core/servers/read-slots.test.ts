import { describe, expect, it } from 'vitest';
import { readSlotsText, readTotalSlots } from '../../../../src-main/core/servers/read-slots';
import { mutatedJson } from '../telemetry/parser-properties';
import { httpBody, serverFixture, serverFixturesMatching } from './fixtures';
import { expectOnlyServerParseErrors } from './properties';

describe('readSlotsText', () => {
  it('reads the live busy capture: next_token as an array, tokens held and decoded so far', () => {
    expect(readSlotsText(serverFixture('slots-busy.json'))).toEqual([
      { id: 0, nCtx: 2048, isProcessing: true, taskId: 45, cachedTokens: 301, decoded: 276 },
      { id: 1, nCtx: 2048, isProcessing: true, taskId: 44, cachedTokens: 301, decoded: 276 },
    ]);
  });

  it('reads slots that never ran (four keys only) with nulls', () => {
    expect(readSlotsText(serverFixture('slots-idle.json'))[0]).toEqual({ id: 0, nCtx: 2048, isProcessing: false, taskId: null, cachedTokens: null, decoded: null });
  });

  it('reads every /slots fixture', () => {
    const files = serverFixturesMatching(/^(\d+-)?slots-.*\.(json|body)$/);
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) expect(readSlotsText(serverFixture(file)).length, file).toBeGreaterThan(0);
    expect(readSlotsText(serverFixture('captured/42-slots-queued.body')).every((slot) => slot.isProcessing && slot.nCtx === 256)).toBe(true);
  });

  it('accepts the 2024 forms: a numeric state and next_token as an object', () => {
    expect(readSlotsText('[{"id":0,"n_ctx":512,"state":1,"task_id":7,"n_past":40,"next_token":{"n_decoded":12,"stopping_word":""}},{"id":1,"state":0}]')).toEqual([
      { id: 0, nCtx: 512, isProcessing: true, taskId: 7, cachedTokens: 40, decoded: 12 },
      { id: 1, nCtx: null, isProcessing: false, taskId: null, cachedTokens: null, decoded: null },
    ]);
  });

  it('says what is wrong with a body that is not a slot list', () => {
    expect(() => readSlotsText(httpBody('slots-fail-on-no-slot.txt'))).toThrowError('cannot read /slots output (not an array of slots); first line: "{"error":{"code":503,"message":"no slot available","type":"unavailable_error"}}"');
    expect(() => readSlotsText('<html>')).toThrowError(/\(not JSON\)/);
    expect(() => readSlotsText('[{"id":0}]')).toThrowError(/slot 0: neither "is_processing" nor "state"/);
    expect(() => readSlotsText('[{"is_processing":true}]')).toThrowError(/slot 0: no numeric "id"/);
  });

  it('never throws anything but a parse_error on arbitrary text or mutated captures', () => {
    expectOnlyServerParseErrors(readSlotsText, '/slots');
    expectOnlyServerParseErrors(readSlotsText, '/slots', mutatedJson(serverFixture('slots-busy.json')));
    expectOnlyServerParseErrors(readSlotsText, '/slots', mutatedJson(serverFixture('captured/42-slots-queued.body')));
  });
});

describe('readTotalSlots', () => {
  it('reads total_slots from /props, and null from anything else', () => {
    expect(readTotalSlots(JSON.parse(serverFixture('props.json')))).toBe(2);
    expect(readTotalSlots(JSON.parse(serverFixture('props-auto-slots-excerpt.json')))).toBe(4);
    expect(readTotalSlots(JSON.parse(serverFixture('captured/02-props.body')))).toBe(4);
    expect(readTotalSlots({ total_slots: 0 })).toBeNull();
    expect(readTotalSlots('nope')).toBeNull();
  });
});

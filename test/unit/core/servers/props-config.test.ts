import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configFromProps } from '../../../../src-main/core/servers/props-config';
import { RecordedServerConfig } from '../../../../src-shared/schemas/server-config';
import { mutatedJson } from '../telemetry/parser-properties';
import { serverFixture } from './fixtures';

const readAt = 1_760_000_000_000;

describe('configFromProps', () => {
  it('reads the captured llama-server /props: model, alias, slots and endpoints, with each field named', () => {
    const recorded = configFromProps(JSON.parse(serverFixture('props.json')), readAt);
    expect(recorded).toEqual({
      source: 'props',
      readAt,
      config: { model: '../model/tiny-llama-f16.gguf', flags: { parallel: 2, slots: true, metrics: true, props: false, ui: true, alias: ['tiny-llama'] } },
      origins: {
        model: { from: 'props', field: 'model_path' },
        parallel: { from: 'props', field: 'total_slots' },
        slots: { from: 'props', field: 'endpoint_slots' },
        metrics: { from: 'props', field: 'endpoint_metrics' },
        props: { from: 'props', field: 'endpoint_props' },
        ui: { from: 'props', field: 'ui' },
        alias: { from: 'props', field: 'model_alias' },
      },
      reported: { isDemo: false, buildInfo: 'b1-de3ff81', totalSlots: 2, nCtxPerSlot: 2048 },
    });
  });

  it('records no alias when llama-server reports the model path as its alias (no -a given)', () => {
    const recorded = configFromProps(JSON.parse(serverFixture('captured/02-props.body')), readAt);
    expect(recorded.config?.flags).not.toHaveProperty('alias');
    expect(recorded.reported).toMatchObject({ totalSlots: 4, nCtxPerSlot: 256 });
  });

  it("reads the demo's stated settings as flags and its launch method as demo", () => {
    const body = { total_slots: 3, default_generation_settings: { n_ctx: 2048 }, demo: true, demo_settings: { n_ctx_total: 6144, kv_unified: false, threads: 2, batch_size: 512, ubatch_size: 128, cont_batching: true, flash_attn: 'sideways' } };
    const recorded = configFromProps(body, readAt);
    expect(recorded.config).toEqual({ flags: { parallel: 3, ctxSize: 6144, kvUnified: false, threads: 2, batchSize: 512, ubatchSize: 128, contBatching: true }, launch: { kind: 'demo' } });
    expect(recorded.origins.ctxSize).toEqual({ from: 'props', field: 'demo_settings.n_ctx_total' });
  });

  it('says plainly that the configuration is unknown when the body is not /props', () => {
    expect(configFromProps({ object: 'list', data: [] }, readAt)).toEqual({
      source: 'unknown',
      readAt,
      origins: {},
      note: "GET /props did not answer llama-server's /props object, so the server's configuration is unknown.",
    });
  });

  it('never throws on a mangled /props, and always gives a valid record', () => {
    fc.assert(
      fc.property(fc.oneof(mutatedJson(serverFixture('props.json')), fc.json()), (text) => {
        expect(RecordedServerConfig.safeParse(configFromProps(JSON.parse(text), readAt)).success).toBe(true);
      }),
    );
  });
});

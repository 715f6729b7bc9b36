import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePrometheusText, samplesNamed } from '../../../../src-main/core/servers/prometheus-text';
import { mutatedLines } from '../telemetry/parser-properties';
import { serverFixture, serverFixturesMatching } from './fixtures';
import { expectOnlyServerParseErrors } from './properties';

describe('parsePrometheusText', () => {
  it('reads every llama.cpp and vLLM /metrics fixture', () => {
    const files = serverFixturesMatching(/\.prom$|metrics.*\.body$/);
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      const prom = parsePrometheusText(serverFixture(file));
      expect(prom.samples.length, file).toBeGreaterThan(0);
      expect(prom.samples.every((sample) => typeof sample.value === 'number'), file).toBe(true);
    }
  });

  it('keeps the colon in llama.cpp names and reads C++ six-digit floats', () => {
    const prom = parsePrometheusText(serverFixture('metrics-llamacpp-busy.prom'));
    expect(samplesNamed(prom, 'llamacpp:requests_deferred')).toEqual([{ name: 'llamacpp:requests_deferred', labels: {}, value: 1 }]);
    expect(samplesNamed(prom, 'llamacpp:n_busy_slots_per_decode')[0]!.value).toBe(1.90823);
    expect(prom.types['llamacpp:prompt_tokens_total']).toBe('counter');
  });

  it('reads vLLM labels, exponents and histogram buckets', () => {
    const prom = parsePrometheusText(serverFixture('vllm-metrics.prom'));
    expect(samplesNamed(prom, 'vllm:prompt_tokens_total')[0]).toEqual({ name: 'vllm:prompt_tokens_total', labels: { engine: '0', model_name: 'meta-llama/Llama-3.1-8B-Instruct' }, value: 7379072 });
    expect(prom.samples.some((sample) => sample.name.endsWith('_bucket') && sample.labels.le === '+Inf')).toBe(true);
  });

  it('reads escaped label values, special values and timestamps', () => {
    const prom = parsePrometheusText('m{a="x\\"y",b="back\\\\slash",c="new\\nline",} +Inf 1700000000000\nn NaN\no -inf\np 1.5e-3\n');
    expect(prom.samples[0]).toEqual({ name: 'm', labels: { a: 'x"y', b: 'back\\slash', c: 'new\nline' }, value: Infinity });
    expect(prom.samples.slice(1).map((sample) => sample.value)).toEqual([Number.NaN, -Infinity, 0.0015]);
  });

  it('names the line that is not a sample', () => {
    expect(() => parsePrometheusText('# HELP x\nx 1\n<html>oops</html>\n')).toThrowError('cannot read /metrics output (line 3: not a metric sample); first line: "# HELP x"');
    expect(() => parsePrometheusText('x{a="1" 2')).toThrowError(/line 1: labels are not closed/);
    expect(() => parsePrometheusText('x one')).toThrowError(/line 1: "one" is not a number/);
    expect(() => parsePrometheusText('x')).toThrowError(/line 1: no value after x/);
    expect(() => parsePrometheusText('{"error": {"code": 501}}')).toThrowError(/line 1: not a metric sample/);
  });

  it('returns nothing for an empty body', () => {
    expect(parsePrometheusText('')).toEqual({ samples: [], types: {} });
  });

  it('never throws anything but a parse_error on arbitrary or mutated text', () => {
    expectOnlyServerParseErrors(parsePrometheusText, '/metrics');
    expectOnlyServerParseErrors(parsePrometheusText, '/metrics', mutatedLines(serverFixture('vllm-metrics.prom').split('\n').slice(0, 40).join('\n')));
    expectOnlyServerParseErrors(parsePrometheusText, '/metrics', mutatedLines(serverFixture('metrics-llamacpp.prom')));
  });

  it('reads back any sample it could have printed', () => {
    const name = fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,20}$/);
    const labels = fc.dictionary(fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/), fc.string({ maxLength: 12 }), { maxKeys: 3 });
    const value = fc.double({ noNaN: true });
    fc.assert(
      fc.property(name, labels, value, (metric, labelSet, number) => {
        const escaped = Object.entries(labelSet).map(([key, text]) => `${key}="${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
        const line = `${metric}${escaped.length > 0 ? `{${escaped.join(',')}}` : ''} ${Number.isFinite(number) ? String(number) : number > 0 ? '+Inf' : '-Inf'}`;
        const [sample] = parsePrometheusText(line).samples;
        expect(sample).toEqual({ name: metric, labels: labelSet, value: Object.is(number, -0) ? 0 : number });
      }),
    );
  });
});

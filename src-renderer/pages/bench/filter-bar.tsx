import type { BenchComparison } from '../../../src-shared/schemas/bench-result';
import { filterChoices, noFilters, type ComparisonFilters } from './comparison-filters';

interface FilterBarProps {
  comparison: BenchComparison;
  filters: ComparisonFilters;
  onChange: (filters: ComparisonFilters) => void;
}

/** Narrow the view by model, by test and by one parameter's value; only what differs is offered. */
export function FilterBar({ comparison, filters, onChange }: FilterBarProps) {
  const choices = filterChoices(comparison);
  const toggleTest = (test: string) => onChange({ ...filters, tests: filters.tests.includes(test) ? filters.tests.filter((t) => t !== test) : [...filters.tests, test] });
  return (
    <div className="filter-bar" role="group" aria-label="Filters">
      {choices.models.length > 1 && (
        <label className="inline-field">
          Model
          <select value={filters.model} onChange={(e) => onChange({ ...filters, model: e.target.value })} data-testid="bench-filter-model">
            <option value="">all</option>
            {choices.models.map((model) => (
              <option key={model}>{model}</option>
            ))}
          </select>
        </label>
      )}
      {choices.params.length > 0 && <ParamFilter params={choices.params} filters={filters} onChange={onChange} />}
      <div className="test-chips" role="group" aria-label="Tests">
        {choices.tests.map((test) => (
          <button key={test} type="button" className="chip" aria-pressed={filters.tests.includes(test)} onClick={() => toggleTest(test)}>
            {test}
          </button>
        ))}
      </div>
      {filters !== noFilters && (
        <button type="button" className="button button-quiet button-small" onClick={() => onChange(noFilters)}>
          Clear filters
        </button>
      )}
    </div>
  );
}

interface ParamFilterProps {
  params: Array<{ name: string; values: string[] }>;
  filters: ComparisonFilters;
  onChange: (filters: ComparisonFilters) => void;
}

function ParamFilter({ params, filters, onChange }: ParamFilterProps) {
  const param = params.find((candidate) => candidate.name === filters.param);
  return (
    <label className="inline-field">
      Parameter
      <select value={filters.param} onChange={(e) => onChange({ ...filters, param: e.target.value, value: '' })} data-testid="bench-filter-param">
        <option value="">any</option>
        {params.map((choice) => (
          <option key={choice.name}>{choice.name}</option>
        ))}
      </select>
      {param && (
        <select value={filters.value} onChange={(e) => onChange({ ...filters, value: e.target.value })} aria-label={`${param.name} value`} data-testid="bench-filter-value">
          <option value="">all</option>
          {param.values.map((value) => (
            <option key={value}>{value}</option>
          ))}
        </select>
      )}
    </label>
  );
}

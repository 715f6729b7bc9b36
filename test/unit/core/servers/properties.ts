/** The shared "any text gives a result or a parse_error" property, under the name the server tests use. */
export { expectOnlyParseErrors as expectOnlyServerParseErrors } from '../telemetry/parser-properties';

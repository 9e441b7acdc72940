// The module that stands in for Ink's build/output.js: Ink's own tokenizer, slicer and width (resolved from
// Ink's directory) handed to dockdash's row-cached Output (source/ui/render/row-cached-output.ts, issue 8).
// scripts/build.mjs puts it in the bundle, and test/support/ink-output-hooks.mjs serves the same text to the
// component tests (ink-testing-library), so they render through the Output users run (issue 15).
export function inkOutputModule(rowCachedOutputPath, extra = '') {
	return [
		"import sliceAnsi from 'slice-ansi';",
		"import stringWidth from 'string-width';",
		"import {ansiCodesToString, diffAnsiCodes, reduceAnsiCodesIncremental, styledCharsFromTokens, tokenize} from '@alcalzone/ansi-tokenize';",
		`import {createRowCachedOutput} from ${JSON.stringify(rowCachedOutputPath)};`,
		'export default createRowCachedOutput({sliceAnsi, stringWidth, tokenize, styledCharsFromTokens, reduceAnsiCodesIncremental, diffAnsiCodes, ansiCodesToString});',
		extra,
	].join('\n');
}

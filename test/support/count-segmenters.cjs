// Preloaded by test/e2e/dashboard.test.ts (node --require): counts the Intl.Segmenters the process makes until it
// writes its hint bar, and writes the count to DOCKDASH_TEST_SEGMENTERS_OUT then (issue 16: the first one loads ICU's
// break rules, ~9 ms of a start). It makes one itself first, so a count of 1 shows the counting worked and the
// dashboard made none.
'use strict';
const fs = require('node:fs');

const Real = Intl.Segmenter;
let made = 0;
Intl.Segmenter = class Segmenter extends Real {
	constructor(...parameters) {
		super(...parameters);
		made++;
	}
};
new Intl.Segmenter();
const write = process.stdout.write.bind(process.stdout);
let counted = false;
process.stdout.write = (chunk, ...rest) => {
	if (!counted && String(chunk).includes('q quit')) {
		counted = true;
		fs.writeFileSync(process.env.DOCKDASH_TEST_SEGMENTERS_OUT, String(made));
	}
	return write(chunk, ...rest);
};

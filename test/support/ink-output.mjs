// `node --import` this (scripts/test.mjs does) to give Ink the Output dist/cli.js uses: see ./ink-output-hooks.mjs.
import {register} from 'node:module';

register('./ink-output-hooks.mjs', import.meta.url);

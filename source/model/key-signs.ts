/**
 * The terminal title that says the keys settled (KeyRouterOptions.onKeysSettled): `dockdash-keys-settled N MS` once
 * no key has come for MS milliseconds, in the run's Nth pause. Written under the test runner only (commands/dashboard.tsx), so
 * the end-to-end tests press a key on that sign, not after a sleep (issue 15). Here, with no imports, so the
 * dashboard names it before Ink is loaded.
 */
export const KEYS_SETTLED_TITLE = 'dockdash-keys-settled';

// Writes oclif.manifest.json: the commands' ids, summaries, flags and args, so that `--help`,
// `--version` and the choice of command read one JSON file instead of importing every command module
// (and, through them, the AWS SDK). This is what `oclif manifest` does, with @oclif/core's own Plugin
// loader: the `oclif` package would add a large dev dependency tree for these few lines.
// Runs after tsc (it reads the compiled commands in dist/); the file is generated, not committed.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Plugin } from '@oclif/core';

const root = fileURLToPath(new URL('..', import.meta.url));
// ignoreManifest: never read a stale manifest back; errorOnManifestCreate: a command that fails to
// load fails the build instead of silently vanishing from the manifest.
const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true });
await plugin.load();
writeFileSync(new URL('../oclif.manifest.json', import.meta.url), `${JSON.stringify(plugin.manifest, null, 2)}\n`);

#!/usr/bin/env node
// Builds the GitHub Action's entry point: the whole CLI and its production dependencies in one
// committed file, so that `uses: OWNER/gatewarden@REF` runs without an install step or a build in
// the consumer's job. `npm run bundle` writes dist-action/; test/unit/action-bundle.test.ts fails
// when the committed files differ from what this produces.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = 'dist-action';
const ENTRY = 'gatewarden.mjs';

function commandFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? commandFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .filter((file) => file.endsWith('.ts'))
    .sort();
}

/** The entry module: every command under src/commands, by oclif id (`github:drift-issue`), then oclif. */
function entrySource() {
  const commandsDir = join(ROOT, 'src', 'commands');
  const commands = commandFiles(commandsDir).map((file, index) => ({
    id: relative(commandsDir, file).replace(/\.ts$/, '').split(sep).join(':'),
    file: relative(ROOT, file).split(sep).join('/'),
    name: `Command${index}`,
  }));
  return [
    "import { execute } from '@oclif/core';",
    ...commands.map((command) => `import ${command.name} from './${command.file}';`),
    `export const COMMANDS = { ${commands.map((command) => `'${command.id}': ${command.name}`).join(', ')} };`,
    // Not awaited: oclif imports this module again to read COMMANDS, and an import of a module
    // still waiting on a top-level await would never settle.
    'void execute({ dir: import.meta.url });',
    '',
  ].join('\n');
}

/** dist-action/package.json: the root package's oclif settings, with commands read from the bundle. */
function packageJson() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  // Plugins, hooks and the help class are files under node_modules/ and dist/, which the action does
  // not ship; workflows need none of them (help, completion, did-you-mean are for people at a shell).
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- taken out, not used
  const { plugins, hooks, helpClass, ...oclif } = pkg.oclif;
  const action = {
    name: pkg.name,
    version: pkg.version,
    private: true,
    type: 'module',
    oclif: { ...oclif, commands: { strategy: 'explicit', target: `./${ENTRY}`, identifier: 'COMMANDS' } },
  };
  return `${JSON.stringify(action, null, 2)}\n`;
}

/** The files of dist-action/, by name, as strings; deterministic for one lockfile. */
export async function bundleAction() {
  const result = await build({
    stdin: { contents: entrySource(), resolveDir: ROOT, sourcefile: 'action-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    minify: true,
    legalComments: 'none',
    write: false,
    outfile: join(ROOT, OUT_DIR, ENTRY),
    logLevel: 'silent',
    // CommonJS dependencies (oclif, the AWS SDK) call require() for Node's built-ins.
    banner: { js: "import { createRequire as __gatewardenRequire } from 'node:module'; const require = __gatewardenRequire(import.meta.url);" },
  });
  const [output] = result.outputFiles;
  return { [ENTRY]: output.text, 'package.json': packageJson() };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = await bundleAction();
  mkdirSync(join(ROOT, OUT_DIR), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(ROOT, OUT_DIR, name), text);
  console.log(`wrote ${Object.keys(files).map((name) => `${OUT_DIR}/${name}`).join(', ')}`);
}

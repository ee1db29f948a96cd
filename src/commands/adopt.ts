import { Args, Flags } from '@oclif/core';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { awsFlags, BaseCommand, envFlag, requirePaths } from '../cli/base-command.js';
import { adoptUnmanaged, writeAdopted } from '../services/adopt.js';
import { checkUnsupported } from '../services/export.js';

export default class Adopt extends BaseCommand {
  static override summary = 'Add the unmanaged authorizers of the declared APIs to the manifests that declare them.';
  static override description =
    "Edits each file in place, keeping its comments, formatting and key order: the authorizers are appended to the document's spec.authorizers. " +
    'Afterwards plan on the same paths reports no unmanaged authorizers and no changes. --dry-run prints a unified diff instead of writing.';
  static override strict = false;
  static override args = { paths: Args.string({ description: 'Manifest files or directories (searched for *.yaml, *.yml).' }) };
  static override flags = {
    ...awsFlags,
    ...envFlag,
    'dry-run': Flags.boolean({ summary: 'Print a unified diff of the files instead of writing them.' }),
    'skip-unsupported': Flags.boolean({ summary: 'Leave out authorizers a manifest cannot declare, with a warning, instead of failing.' }),
  };
  static override examples = ['<%= config.bin %> adopt manifests/', '<%= config.bin %> adopt manifests/prod --dry-run', '<%= config.bin %> adopt manifests/ --env prod'];

  async run() {
    const { argv, flags } = await this.parse(Adopt);
    const paths = requirePaths(argv, 'adopt');
    const environment = await this.environment(flags.env, paths);
    const result = await this.withAws(flags, (aws) => adoptUnmanaged(paths, { aws, output: this.output, ...(environment && { environment }) }), environment);
    checkUnsupported(result.unsupported, flags['skip-unsupported'], this.output);
    if (flags['dry-run']) {
      if (!this.jsonEnabled()) {
        for (const file of result.files) process.stdout.write(createTwoFilesPatch(diffName('a', file.file), diffName('b', file.file), file.before, file.after, '', '', { context: 3 }).replace(/^=+\n/, ''));
      }
    } else {
      await writeAdopted(result.files);
    }
    if (!this.jsonEnabled()) {
      const verb = flags['dry-run'] ? 'would add' : 'added';
      // A dry run's stdout is the diff alone, so that it can be piped to git apply.
      const say = (line: string) => (flags['dry-run'] ? process.stderr : process.stdout).write(`${line}\n`);
      for (const file of result.files) {
        for (const api of file.apis) {
          say(`${file.file}: ${verb} ${api.names.map((name) => `"${name}"`).join(', ')} to API "${api.target.apiName}" (${api.target.apiId})`);
        }
      }
      if (result.files.length === 0) say('No unmanaged authorizers: nothing to adopt.');
    }
    return {
      dryRun: flags['dry-run'] === true,
      files: result.files.map((file) => ({ file: file.file, apis: file.apis, ...(flags['dry-run'] ? { after: file.after } : {}) })),
      unsupported: result.unsupported,
    };
  }
}

/** git's a/ and b/ prefixes, for relative names only: `a//tmp/x` would name no file. */
function diffName(side: 'a' | 'b', file: string): string {
  return path.isAbsolute(file) ? file : `${side}/${file}`;
}

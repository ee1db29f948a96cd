import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { liveApiFlags, manifestPathsArgs, requirePaths, skipUnsupportedFlag } from '../cli/flags.js';
import { adoptedLines, renderAdoptDiff } from '../render/export-text.js';
import { adoptToJson } from '../render/json.js';
import { adoptUnmanaged, writeAdopted } from '../services/adopt.js';
import { checkUnsupported } from '../services/export.js';

export default class Adopt extends BaseCommand {
  static override summary = 'Add the unmanaged authorizers of the declared APIs to the manifests that declare them.';
  static override description =
    "Edits each file in place, keeping its comments, formatting and key order: the authorizers are appended to the document's spec.authorizers. " +
    'Afterwards plan on the same paths reports no unmanaged authorizers and no changes. --dry-run prints a unified diff instead of writing.';
  static override strict = false;
  static override args = { ...manifestPathsArgs };
  static override flags = {
    ...liveApiFlags,
    'dry-run': Flags.boolean({ summary: 'Print a unified diff of the files instead of writing them.' }),
    ...skipUnsupportedFlag,
  };
  static override examples = ['<%= config.bin %> adopt manifests/', '<%= config.bin %> adopt manifests/prod --dry-run', '<%= config.bin %> adopt manifests/ --env prod'];

  async run() {
    const { argv, flags } = await this.parse(Adopt);
    const paths = requirePaths(argv, 'adopt');
    const environment = await this.environment(flags.env, paths);
    const result = await this.withAws(flags, (aws) => adoptUnmanaged(paths, { aws, output: this.output, ...(environment && { environment }) }), environment);
    checkUnsupported(result.unsupported, flags['skip-unsupported'], this.output);
    const dryRun = flags['dry-run'] === true;
    if (dryRun) {
      if (!this.jsonEnabled()) process.stdout.write(renderAdoptDiff(result.files));
    } else {
      await writeAdopted(result.files);
    }
    if (!this.jsonEnabled()) {
      // A dry run's stdout is the diff alone, so that it can be piped to git apply.
      const said = adoptedLines(result.files, dryRun).map((line) => `${line}\n`).join('');
      (dryRun ? process.stderr : process.stdout).write(said);
    }
    return adoptToJson(result, dryRun);
  }
}

import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { manifestPathsArgs, requirePaths } from '../cli/flags.js';
import { plural } from '../render/format.js';
import { validateToJson } from '../render/json.js';
import { findEnvironments, requireEnvironment, validateForEnvironments } from '../services/environments.js';

export default class Validate extends BaseCommand {
  static override summary = 'Check manifests offline: schema and cross-document rules. No AWS access, no credentials.';
  static override description =
    'With --env (repeatable) or --all-envs, the manifests are checked once per environment, with its variables: one run proves them valid everywhere.';
  static override strict = false;
  static override args = { ...manifestPathsArgs };
  static override flags = {
    env: Flags.string({ multiple: true, multipleNonGreedy: true, summary: 'Check with this environment (a file, or NAME for environments/NAME.yaml); repeatable.' }),
    'all-envs': Flags.boolean({ summary: 'Check with every environment file found (environments/*.yaml in or beside the manifests directory).', exclusive: ['env'] }),
  };
  static override examples = [
    '<%= config.bin %> validate manifests/',
    '<%= config.bin %> validate orders.yaml --json',
    '<%= config.bin %> validate manifests/ --env dev --env prod',
    '<%= config.bin %> validate manifests/ --all-envs',
  ];

  async run() {
    const { argv, flags } = await this.parse(Validate);
    const paths = requirePaths(argv, 'validate');
    const environments = flags['all-envs']
      ? await findEnvironments(paths, this.output)
      : await Promise.all((flags.env ?? []).map((reference) => requireEnvironment(reference, paths, this.output)));
    const { documents } = await validateForEnvironments(paths, environments, this.output);
    const authorizers = documents.reduce((total, document) => total + document.authorizers.length, 0);
    const names = environments.map((environment) => environment.name);
    this.log(`Valid: ${documents.length} ${plural(documents.length, 'document', 'documents')}, ${authorizers} ${plural(authorizers, 'authorizer', 'authorizers')}${names.length > 0 ? ` in ${names.length} ${plural(names.length, 'environment', 'environments')}: ${names.join(', ')}` : ''}.`);
    return validateToJson({ documents: documents.length, authorizers, environments: names });
  }
}

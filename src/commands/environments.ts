import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { environmentsToJson } from '../render/json.js';
import { environmentRows, findEnvironments } from '../services/environments.js';

export default class Environments extends BaseCommand {
  static override summary = 'List the environments (name, account, region, file) found in or beside the manifests directory.';
  static override description =
    'The --json output is {"include": [...]}, a GitHub Actions matrix as it is: matrix: ${{ fromJSON(needs.environments.outputs.matrix) }}. No AWS access.';
  static override strict = false;
  static override args = { paths: Args.string({ description: 'Manifest files or directories (default: the working directory).' }) };
  static override examples = ['<%= config.bin %> environments manifests/', '<%= config.bin %> environments manifests/ --json'];

  async run() {
    const { argv } = await this.parse(Environments);
    const paths = argv.length > 0 ? argv.map(String) : ['.'];
    const rows = environmentRows(await findEnvironments(paths, this.output));
    if (!this.jsonEnabled()) {
      if (rows.length === 0) this.log('No environment files found.');
      for (const row of rows) this.log(`${row.name}\t${row.account}\t${row.region ?? '-'}\t${row.file}`);
    }
    return environmentsToJson(rows);
  }
}

import { Args } from '@oclif/core';
import { BaseCommand, requirePaths } from '../cli/base-command.js';
import { loadValidManifests } from '../services/plan.js';
import { plural } from '../render/format.js';

export default class Validate extends BaseCommand {
  static override summary = 'Check manifests offline: schema and cross-document rules. No AWS access, no credentials.';
  static override strict = false;
  static override args = { paths: Args.string({ description: 'Manifest files or directories (searched for *.yaml, *.yml).' }) };
  static override examples = ['<%= config.bin %> validate manifests/', '<%= config.bin %> validate orders.yaml --json'];

  async run() {
    const { argv } = await this.parse(Validate);
    const documents = await loadValidManifests(requirePaths(argv), this.output);
    const authorizers = documents.reduce((total, document) => total + document.authorizers.length, 0);
    this.log(`Valid: ${documents.length} ${plural(documents.length, 'document', 'documents')}, ${authorizers} ${plural(authorizers, 'authorizer', 'authorizers')}.`);
    return { formatVersion: 1, valid: true, documents: documents.length, authorizers };
  }
}

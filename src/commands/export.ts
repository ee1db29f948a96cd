import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { liveApiFlags, skipUnsupportedFlag } from '../cli/flags.js';
import type { ApiType } from '../core/model.js';
import { API_TYPE_IDS } from '../families/registry.js';
import { renderManifestStream } from '../render/export-yaml.js';
import { renderExportedFiles } from '../render/export-text.js';
import { exportToJson } from '../render/json.js';
import { environmentReference } from '../services/environments.js';
import { checkUnsupported, exportedDocuments, exportLive, writeExportFiles } from '../services/export.js';

const API_TYPES = [...API_TYPE_IDS];

export default class Export extends BaseCommand {
  static override summary = 'Write manifests for the authorizers that exist in AWS, so that the first plan is empty.';
  static override description =
    'Reads every API of the chosen types in each region (or the --api ones) and writes one AuthorizerSet document per API: ' +
    'a YAML stream on stdout, or one file per API with --out. Authorizers a manifest cannot declare are listed with why, ' +
    'and nothing is written unless --skip-unsupported.';
  static override flags = {
    ...liveApiFlags,
    type: Flags.option({ options: API_TYPES, multiple: true, summary: 'API types to export (default: all).' })(),
    region: Flags.string({ multiple: true, summary: 'Regions to read (default: --profile, AWS_REGION or the profile region).' }),
    api: Flags.string({ multiple: true, summary: 'Only these APIs, by id or name.' }),
    out: Flags.string({ summary: 'Write one file per API into this directory instead of printing a YAML stream.' }),
    force: Flags.boolean({ summary: 'With --out: overwrite existing files.', dependsOn: ['out'] }),
    ...skipUnsupportedFlag,
  };
  static override examples = [
    '<%= config.bin %> export --region eu-west-1 --out manifests/prod',
    '<%= config.bin %> export --type rest --api legacy-api > legacy.yaml',
    '<%= config.bin %> export --json',
  ];

  async run() {
    const { flags } = await this.parse(Export);
    const request = { types: (flags.type ?? []) as ApiType[], regions: flags.region ?? [], apis: flags.api ?? [] };
    // A name is looked up from the working directory (or --out's parent), as export reads no manifests.
    const environment = await this.environment(flags.env, [flags.out ?? '.']);
    const result = await this.withAws(
      { ...flags, region: flags.region?.[0] },
      (aws) => exportLive(request, { aws, output: this.output, ...(environment && { environment }) }),
      environment,
    );
    checkUnsupported(result.unsupported, flags['skip-unsupported'], this.output);
    const documents = exportedDocuments(result.apis);
    if (flags.out) {
      const written = await writeExportFiles(result.apis, flags.out, flags.force);
      if (!this.jsonEnabled()) {
        // Manifests exported with --env hold ${vars.…}: the check needs an --env that finds it from --out.
        const env = flags.env !== undefined && environment ? await environmentReference(flags.env, environment, [flags.out]) : undefined;
        process.stdout.write(renderExportedFiles(written, flags.out, env));
      }
      return exportToJson(documents, result.unsupported, written.map((file) => file.file));
    }
    if (!this.jsonEnabled()) process.stdout.write(renderManifestStream(documents));
    return exportToJson(documents, result.unsupported);
  }
}

import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { planToJson } from '../render/json.js';
import { renderPlanMarkdown } from '../render/markdown.js';
import { renderPlanText } from '../render/text.js';
import { readSavedPlan } from '../services/saved-plan.js';

export default class Show extends BaseCommand {
  static override summary = 'Render a saved plan without contacting AWS.';
  static override args = { plan: Args.string({ required: true, description: 'A plan file written by plan --out.' }) };
  static override flags = {
    format: Flags.option({ options: ['text', 'markdown', 'json'] as const, default: 'text', summary: 'Output format.' })(),
    environment: Flags.string({ summary: 'Environment named in the Markdown heading and digest marker, e.g. production.' }),
  };
  static override examples = ['<%= config.bin %> show plan.json', '<%= config.bin %> show plan.json --format markdown > plan.md'];

  async run() {
    const { args, flags } = await this.parse(Show);
    const saved = await readSavedPlan(args.plan);
    const json = { ...planToJson(saved.plan), digest: saved.digest, createdAt: saved.createdAt, toolVersion: saved.toolVersion };
    if (!this.jsonEnabled()) {
      if (flags.format === 'json') process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      else if (flags.format === 'markdown') {
        const environment = flags.environment ? { environment: flags.environment } : {};
        process.stdout.write(renderPlanMarkdown(saved.plan, { digest: saved.digest, ...environment }));
      }
      else process.stdout.write(renderPlanText(saved.plan, { style: this.style }));
    }
    return json;
  }
}

import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { savedPlansJson } from '../render/json.js';
import { renderSavedPlansMarkdown } from '../render/markdown.js';
import { renderPlanText } from '../render/text.js';
import { readSavedPlan } from '../services/saved-plan.js';

export default class Show extends BaseCommand {
  static override summary = 'Render a saved plan without contacting AWS.';
  static override description =
    'Several plan files (one per environment, e.g. plan-*.json) give one document with a summary line and a section per environment.';
  static override strict = false;
  static override args = { plan: Args.string({ required: true, description: 'Plan files written by plan --out.' }) };
  static override flags = {
    format: Flags.option({ options: ['text', 'markdown', 'json'] as const, default: 'text', summary: 'Output format.' })(),
    environment: Flags.string({ summary: 'Environment named in the Markdown heading and digest marker, e.g. production.' }),
  };
  static override examples = [
    '<%= config.bin %> show plan.json',
    '<%= config.bin %> show plan.json --format markdown > plan.md',
    '<%= config.bin %> show --format markdown plan-*.json',
  ];

  async run() {
    const { argv, flags } = await this.parse(Show);
    const files = argv.map(String);
    const saved = await Promise.all(files.map((file) => readSavedPlan(file)));
    const json = savedPlansJson(saved);
    if (!this.jsonEnabled()) {
      if (flags.format === 'json') process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      else if (flags.format === 'markdown') {
        const plans = saved.map((plan, index) => ({ plan: plan.plan, digest: plan.digest, fallbackName: files[index] ?? '' }));
        process.stdout.write(renderSavedPlansMarkdown(plans, flags.environment));
      } else process.stdout.write(saved.map((plan) => renderPlanText(plan.plan, { style: this.style })).join('\n'));
    }
    return json;
  }
}

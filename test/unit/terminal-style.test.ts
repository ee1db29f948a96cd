/** Colour decisions and the coloured, element-wise plan text. */
import { describe, expect, it } from 'vitest';
import { colourEnabled, terminalStyle } from '../../src/cli/colour.js';
import type { Plan } from '../../src/core/model.js';
import { renderPlanText } from '../../src/render/text.js';

// eslint-disable-next-line no-control-regex -- matching the escape sequences is the point
const ANSI = /\u001b\[\d+m/g;
const TARGET = { apiType: 'http', apiId: 'a1b2c3d4e5', apiName: 'orders', region: 'eu-west-1' } as const;

function planOf(actions: Plan['apis'][number]['actions']): Plan {
  return { apis: [{ target: TARGET, actions, unmanaged: [], postActions: [], usage: [] }] };
}

const UPDATE = planOf([
  {
    kind: 'update',
    name: 'jwt-main',
    authorizerId: 'jw0001',
    fields: [{ path: 'jwtConfiguration.audience', before: ['aud-a', 'aud-b'], after: ['aud-b', 'aud-c'] }],
    before: { 'jwtConfiguration.audience': ['aud-a', 'aud-b'] },
    after: { 'jwtConfiguration.audience': ['aud-b', 'aud-c'] },
  },
  { kind: 'create', name: 'new', after: { name: 'new' } },
]);

describe('colourEnabled', () => {
  const decide = (env: Record<string, string>, isTTY: boolean, noColorFlag = false) => colourEnabled({ env, isTTY, noColorFlag });

  it('colours a terminal and not a pipe or file', () => {
    expect(decide({}, true)).toBe(true);
    expect(decide({}, false)).toBe(false);
    expect(decide({ TERM: 'dumb' }, true)).toBe(false);
  });

  it('turns colour off for --no-color and NO_COLOR, and on for FORCE_COLOR', () => {
    expect(decide({}, true, true)).toBe(false);
    expect(decide({ NO_COLOR: '1' }, true)).toBe(false);
    // no-color.org: an empty NO_COLOR does not count.
    expect(decide({ NO_COLOR: '' }, true)).toBe(true);
    expect(decide({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(decide({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(decide({ FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(false);
    expect(decide({ FORCE_COLOR: '1' }, false, true)).toBe(false);
  });
});

describe('plan text', () => {
  it('shows a set change by element: removed, added, and the kept ones hidden', () => {
    expect(renderPlanText(UPDATE)).toContain(
      [
        '      ~ jwtConfiguration.audience = [',
        '          - "aud-a",',
        '          + "aud-c",',
        '            # (1 unchanged element hidden)',
        '        ]',
      ].join('\n'),
    );
  });

  it('is plain text by default and takes Terraform colours from a style', () => {
    const plain = renderPlanText(UPDATE);
    expect(plain).not.toContain('\u001b[');
    const coloured = renderPlanText(UPDATE, { style: terminalStyle(true) });
    const green = '\u001b[32m';
    const yellow = '\u001b[33m';
    const red = '\u001b[31m';
    expect(coloured).toContain(`  ${yellow}~\u001b[39m authorizer "jwt-main" {`);
    expect(coloured).toContain(`  ${green}+\u001b[39m authorizer "new" {`);
    expect(coloured).toContain(`${red}-\u001b[39m "aud-a",`);
    expect(coloured).toContain('\u001b[1mPlan: 1 to add, 1 to change, 0 to destroy. 0 unchanged, 0 unmanaged.\u001b[22m');
    // Without the escapes, the coloured text is the plain text.
    expect(coloured.replace(ANSI, '')).toBe(plain);
  });

  it('names the targets in the header of a targeted plan', () => {
    const text = renderPlanText({ ...UPDATE, targets: ['orders', 'legacy-*'] });
    expect(text.split('\n')[0]).toBe('Targeting is in effect: only the APIs matching "orders", "legacy-*" are planned.');
  });
});

/** oclif's help, with the one exit-code table of every command at the end of the root help. */
import { Help } from '@oclif/core';
import { EXIT_CODE_MEANINGS } from './exit-codes.js';

export default class GatewardenHelp extends Help {
  protected override async showRootHelp(): Promise<void> {
    await super.showRootHelp();
    const width = Math.max(...EXIT_CODE_MEANINGS.map(([code]) => String(code).length));
    const rows = EXIT_CODE_MEANINGS.map(([code, meaning]) => `${String(code).padEnd(width)}  ${meaning}`);
    this.log(this.section('EXIT CODES', rows.join('\n')));
    this.log('');
  }
}

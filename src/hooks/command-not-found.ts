/**
 * oclif's not-found plugin (did-you-mean, and on a terminal the offer to run the suggestion), with
 * gatewarden's exit code: an unknown command is a usage error, 64, where the plugin exits 127.
 */
import { Errors, toConfiguredId, type Hook } from '@oclif/core';
import notFound from '@oclif/plugin-not-found';
import { ExitCode } from '../errors.js';
import { closestName } from '../manifest/schema-messages.js';

const hook: Hook.CommandNotFound = async function (options) {
  try {
    return await notFound.call(this, options);
  } catch (error) {
    if (error instanceof Errors.CLIError && error.oclif.exit === 127) {
      // The plugin suggests only in its prompt, on a terminal; scripts and CI logs get the suggestion too.
      const commands = this.config.commands.filter((command) => !command.hidden).map((command) => toConfiguredId(command.id, this.config));
      const suggestion = closestName(toConfiguredId(options.id, this.config), commands);
      const hint = suggestion ? `Did you mean "${this.config.bin} ${suggestion}"? ` : '';
      throw new Errors.CLIError(`${hint}${error.message}`, { exit: ExitCode.usage });
    }
    throw error;
  }
};

export default hook;

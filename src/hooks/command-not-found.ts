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
      const suggestion = suggestCommand(options.id, commands, this.config);
      const hint = suggestion ? `Did you mean "${this.config.bin} ${suggestion}"? ` : '';
      throw new Errors.CLIError(`${hint}${error.message}`, { exit: ExitCode.usage });
    }
    throw error;
  }
};

/**
 * The command meant by an unknown id. With the space topic separator oclif joins the words before the
 * first flag into the id (`gatewarden pla examples/manifests` arrives as `pla:examples/manifests`), so
 * the arguments are dropped from the end, one word at a time, down to the first word, until a
 * command is close to what is left.
 */
function suggestCommand(id: string, commands: readonly string[], config: Parameters<typeof toConfiguredId>[1]): string | undefined {
  const words = id.split(':');
  for (let count = words.length; count > 0; count--) {
    const suggestion = closestName(toConfiguredId(words.slice(0, count).join(':'), config), commands);
    if (suggestion) return suggestion;
  }
  return undefined;
}

export default hook;

/**
 * What a command prints when it fails: our errors as a message and a next step (or the error object
 * with --json), oclif's parsing errors with a suggested flag, and anything else as a bug, never with a
 * stack unless asked for.
 */
import type { Command } from '@oclif/core';
import { BugError, ExitCode, GatewardenError, UsageError } from '../errors.js';
import { InvalidManifestError } from '../manifest/issues.js';
import { closestName } from '../manifest/schema-messages.js';
import { errorToJson } from '../render/json.js';

/** Where the failed command's error goes, and what it knows of itself. */
export interface ErrorOutput {
  readonly command: Command.Class;
  /** oclif's id (`github:drift-issue`), when the command was found by one. */
  readonly id: string | undefined;
  /** --json was given: the error object goes to stdout. */
  readonly json: boolean;
  logJson(json: unknown): void;
  stderr(text: string): void;
  setExitCode(code: ExitCode): void;
  /** DEBUG names gatewarden: a bug's stack is printed. */
  readonly debug: boolean;
}

/**
 * Reports `error` and sets the exit code; returns the error oclif should print itself (its own parsing
 * errors without --json, with a flag suggested), or undefined when it was reported here.
 */
export function reportCommandError(error: Error, out: ErrorOutput): Error | undefined {
  if (error instanceof GatewardenError) {
    out.setExitCode(error.exitCode);
    if (out.json) out.logJson(gatewardenErrorJson(error));
    else out.stderr(`Error: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`);
    return undefined;
  }
  if (isOclifError(error)) {
    const refused = withFlagSuggestion(error, out.command);
    // oclif prints its own internals as JSON; a script asking for --json gets our error object instead.
    if (isUsageError(refused) && out.json) {
      out.setExitCode(ExitCode.usage);
      const command = (out.id ?? '').replaceAll(':', ' ');
      out.logJson(errorToJson(new UsageError('USAGE_INVALID', usageMessage(refused), { hint: `Run gatewarden ${command} --help for the flags and arguments.` })));
      return undefined;
    }
    return refused;
  }
  // Anything else is our bug: say so plainly; the stack only on request.
  out.setExitCode(ExitCode.error);
  const hint = 'This is a bug in gatewarden; run with DEBUG=gatewarden to see the stack.';
  if (out.json) out.logJson(errorToJson(new BugError(`internal error: ${error.message}`, { hint })));
  else out.stderr(`Error: internal error: ${error.message}\n  ${hint}\n`);
  if (out.debug) out.stderr(`${error.stack ?? ''}\n`);
  return undefined;
}

/** The --json error object, with an invalid manifest's problems. */
export function gatewardenErrorJson(error: GatewardenError): unknown {
  return errorToJson(error, error instanceof InvalidManifestError ? error.issues : undefined);
}

/** oclif names an unknown flag but does not suggest one; a typo like --detailed-exitcodes deserves the fix. */
function withFlagSuggestion<E extends Error>(error: E, command: Command.Class): E {
  const unknown = (error as { flags?: unknown }).flags;
  if (!Array.isArray(unknown) || !error.message.startsWith('Nonexistent flag')) return error;
  const known = Object.keys({ ...command.baseFlags, ...command.flags, ...(command.enableJsonFlag ? { json: true } : {}) }).map((name) => `--${name}`);
  const suggestions = unknown.flatMap((flag) => {
    const suggestion = closestName(String(flag).replace(/=.*$/, ''), known);
    return suggestion ? [`did you mean ${suggestion}?`] : [];
  });
  if (suggestions.length === 0) return error;
  const [first, ...rest] = error.message.split('\n');
  error.message = [`${first ?? ''}. ${suggestions.map((line) => line[0]?.toUpperCase() + line.slice(1)).join('. ')}`, ...rest].join('\n');
  return error;
}

function isOclifError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'oclif' in error;
}

/** package.json maps every oclif parsing failure (unknown flag, bad or missing value, extra argument) to 64. */
function isUsageError(error: Error & { oclif?: { exit?: number } }): boolean {
  return error.oclif?.exit === ExitCode.usage;
}

/** oclif's message without its "See more help with --help" line, which the hint replaces. */
function usageMessage(error: Error): string {
  return error.message
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^See more help with/.test(line.trim()))
    .join(' ');
}

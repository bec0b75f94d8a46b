import { readFileSync } from 'node:fs';
import { writeJsonAtomic } from './atomic-write.js';
import type { InjectRule } from './types.js';

function isRule(value: unknown): value is InjectRule {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { command?: unknown }).command === 'string'
  );
}

function readRules(file: string): InjectRule[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter(isRule) : [];
}

function matches(rule: InjectRule, argv: readonly string[]): boolean {
  if (rule.command !== argv[0]) return false;
  return rule.match === undefined || argv.join(' ').includes(rule.match);
}

/**
 * Finds the first rule of `inject.json` matching this command, consumes one use of it
 * (removing it at zero) and writes the file back atomically. Returns the rule as it was.
 */
export function takeInjectedRule(file: string, argv: readonly string[]): InjectRule | null {
  const rules = readRules(file);
  const index = rules.findIndex((rule) => matches(rule, argv));
  const rule = rules[index];
  if (rule === undefined) return null;
  const left = (rule.times ?? 1) - 1;
  if (left > 0) rules[index] = { ...rule, times: left };
  else rules.splice(index, 1);
  writeJsonAtomic(file, rules);
  return rule;
}

/** takeInjectedRule for the daemon: an unreadable inject.json is reported and ignored. */
export function takeInjectedRuleOrNull(file: string, argv: readonly string[]): InjectRule | null {
  try {
    return takeInjectedRule(file, argv);
  } catch (error) {
    process.stderr.write(`launchd: ignoring unreadable inject.json: ${(error as Error).message}\n`);
    return null;
  }
}

/** Appends a rule (used by the test support). */
export function appendInjectedRule(file: string, rule: InjectRule): void {
  const rules = readRules(file);
  rules.push(rule);
  writeJsonAtomic(file, rules);
}

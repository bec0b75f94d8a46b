/**
 * Redaction for diagnostics that leave the machine (a bug report, the clipboard): anything that
 * looks like a credential is replaced by REDACTED. Pure and deliberately greedy: a false positive
 * costs a line of a report, a miss leaks a bot token.
 */

export const REDACTED = '[redacted]';

/** Names (environment variables, config keys) whose value is a secret, whatever it looks like. */
const SECRET_NAME = /token|secret|passw(?:or)?d|passphrase|credential|api[_-]?key|private[_-]?key|access[_-]?key|(?:^|_)(?:key|auth|pat)(?:_|$)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A name as it appears in text: the secret-looking words above inside an identifier. */
const NAME_IN_TEXT = String.raw`[A-Za-z0-9_.-]*(?:token|secret|passw(?:or)?d|passphrase|credential|api[_-]?key|apikey|private[_-]?key|access[_-]?key)[A-Za-z0-9_.-]*`;

interface Rule {
  pattern: RegExp;
  replace: string | ((match: string, ...groups: string[]) => string);
}

/** A run of base64 or base64url at least this long, mixing cases and digits, is taken for a key. */
const MIN_OPAQUE = 32;

function looksOpaque(candidate: string): boolean {
  return /[a-z]/.test(candidate) && /[A-Z]/.test(candidate) && /[0-9]/.test(candidate);
}

const RULES: readonly Rule[] = [
  // A plist's <key>NAME</key><string>value</string> with a secret-looking name.
  {
    pattern: new RegExp(String.raw`(<key>\s*${NAME_IN_TEXT}\s*</key>\s*<string>)[^<]*(</string>)`, 'gi'),
    replace: `$1${REDACTED}$2`,
  },
  // Credentials inside a URL: scheme://user:password@host.
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, replace: `$1${REDACTED}@` },
  // HTTP authorization schemes.
  { pattern: /\b(Bearer|Basic|Token|Bot)\s+[A-Za-z0-9._~+/=:-]{8,}/gi, replace: `$1 ${REDACTED}` },
  // NAME=value, NAME: value, "name": "value", NAME => value (launchctl print's environment).
  {
    pattern: new RegExp(String.raw`(${NAME_IN_TEXT}["']?\s*(?:=>|[:=])\s*["']?)(?!\[redacted\])[^\s"',;&<]+`, 'gi'),
    replace: `$1${REDACTED}`,
  },
  // Telegram bot tokens: <bot id>:<35 characters>.
  { pattern: /\b\d{5,}:[A-Za-z0-9_-]{20,}/g, replace: REDACTED },
  // Discord bot tokens: <base64 user id>.<timestamp>.<HMAC>.
  { pattern: /\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,40}\b/g, replace: REDACTED },
  // Well-known token shapes: OpenAI/Anthropic-style sk-, GitHub, Slack, AWS, Google, Hugging Face, GitLab, JWTs.
  {
    pattern:
      /\b(?:(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|hf_[A-Za-z0-9]{20,}|glpat-[A-Za-z0-9_-]{20,}|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/g,
    replace: REDACTED,
  },
  // Long hex strings (keys, hashes of secrets).
  { pattern: /\b[0-9a-fA-F]{32,}\b/g, replace: REDACTED },
  // Long base64/base64url runs. Not one that starts after "/" or inside a word, so paths survive.
  {
    pattern: new RegExp(String.raw`(?<![\w/+=.-])[A-Za-z0-9+_-][A-Za-z0-9+/_-]{${MIN_OPAQUE - 1},}={0,2}`, 'g'),
    replace: (match) => (looksOpaque(match) ? REDACTED : match),
  },
];

/** Every secret-looking part of a text replaced; the rest kept as it was. */
export function redactText(text: string): string {
  let out = text;
  for (const { pattern, replace } of RULES) {
    out = typeof replace === 'string' ? out.replace(pattern, replace) : out.replace(pattern, replace);
  }
  return out;
}

/** An environment: values of secret-named variables replaced outright, the others redacted as text. */
export function redactEnvironment(env: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, isSecretName(name) ? REDACTED : redactText(value)]));
}

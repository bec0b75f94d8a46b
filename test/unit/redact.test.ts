import { describe, expect, it } from 'vitest';
import { isSecretName, REDACTED, redactEnvironment, redactText } from '../../electron/service/redact.js';

const TELEGRAM = '7312456789:AAHk3xQ-9zLmN0pQrStUvWxYz_ABCdefGhI';
const BASE64 = 'q8Rz2LmN5pQ7sT9vW1xY3zA6bC8dE0fG2hJ4kM6nP8rS0tU2';
const HEX = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

describe('redactText', () => {
  it.each([
    ['a Telegram bot token', `bot ${TELEGRAM} connected`, TELEGRAM],
    ['a Discord bot token', 'discord MTA5ODc2NTQzMjEwOTg3NjU0Mw.GxYzAb.c3RhbmRpbi1kaXNjb3JkLXRva2VuLXZhbHVl up', 'c3RhbmRpbi1kaXNjb3JkLXRva2VuLXZhbHVl'],
    ['a bearer token', 'Authorization: Bearer abc.def-GHI_jkl123456', 'abc.def-GHI_jkl123456'],
    ['a URL with credentials', 'proxy https://alice:s3cr3t-pass@proxy.example:8080/x', 's3cr3t-pass'],
    ['a URL user alone', 'git clone https://ghuser@example.org/repo', 'ghuser'],
    ['NAME=value', 'TELEGRAM_BOT_TOKEN=hunter2', 'hunter2'],
    ['NAME: value (YAML)', 'discord_token: "plainvalue"', 'plainvalue'],
    ['a JSON key', '{"api_key": "k-123", "name": "x"}', 'k-123'],
    ['launchctl print environment', '\t\tOPENAI_API_KEY => sk-proj-abcdefghijklmnopqrstuvwx', 'sk-proj-abcdefghijklmnopqrstuvwx'],
    ['a password option', '--password=correct-horse', 'correct-horse'],
    ['a plist key/string pair', '<key>SLACK_TOKEN</key>\n\t\t<string>xoxb-1-2-3</string>', 'xoxb-1-2-3'],
    ['an sk- key in prose', 'used key sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv today', 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv'],
    ['a GitHub token', 'token ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 'ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'],
    ['a long hex string', `digest ${HEX}`, HEX],
    ['a long base64 string', `secret=${BASE64}`, BASE64],
    ['a bare long base64 string', `value ${BASE64} here`, BASE64],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'eyJhbGciOiJIUzI1NiJ9'],
  ])('hides %s', (_what, text, secret) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });

  it.each([
    '/Users/alice/Library/LaunchAgents/ai.hermes.gateway.plist',
    '/Users/u501/.hermes/profiles/work2/logs/gateway.error.log',
    'PATH=/Users/alice/.hermes/bin:/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin',
    'gui/501/ai.hermes.gateway-3f2a9c1d = {',
    'last exit code = 78: EX_CONFIG',
    '2026-03-01 12:34:56,789 INFO telegram: connected (retry 3 of 10)',
    'HERMES_HOME=/Users/alice/.hermes',
    'state = running',
  ])('keeps %j', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = redactText(`TOKEN=${TELEGRAM} and Bearer abcdefghijkl`);
    expect(redactText(once)).toBe(once);
  });
});

describe('redactEnvironment', () => {
  it('hides values of secret-named variables whatever they look like, and secret-looking values of others', () => {
    const env = redactEnvironment({
      TELEGRAM_BOT_TOKEN: 'short',
      DISCORD_SECRET: 'x',
      DB_PASSWORD: 'p',
      OPENAI_API_KEY: 'k',
      MY_KEY: 'v',
      GH_PAT: 'y',
      HERMES_HOME: '/Users/alice/.hermes',
      PATH: '/Users/alice/.hermes/bin:/usr/bin',
      HERMES_SUPERVISED_CHILD: '1',
      NOTE: `backup bot ${TELEGRAM}`,
    });
    for (const name of ['TELEGRAM_BOT_TOKEN', 'DISCORD_SECRET', 'DB_PASSWORD', 'OPENAI_API_KEY', 'MY_KEY', 'GH_PAT']) expect(env[name]).toBe(REDACTED);
    expect(env.HERMES_HOME).toBe('/Users/alice/.hermes');
    expect(env.PATH).toBe('/Users/alice/.hermes/bin:/usr/bin');
    expect(env.HERMES_SUPERVISED_CHILD).toBe('1');
    expect(env.NOTE).toBe(`backup bot ${REDACTED}`);
  });

  it.each(['KEYCHAIN_PATH', 'MONKEY', 'HOTKEYS', 'AUTHOR', 'HERMES_HOME'])('does not take %s for a secret name', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

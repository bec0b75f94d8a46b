/** What a gateway's exit statuses mean to Hermes (HERMES.md). */

export const EXIT_PLANNED_RESTART = 75;
export const EXIT_CONFIG_ERROR = 78;

/** What a gateway's exit status means to Hermes. */
export function exitMeaning(code: number | null): string | null {
  if (code === null) return null;
  if (code === 0) return 'stopped cleanly';
  if (code === EXIT_PLANNED_RESTART) return 'planned restart';
  if (code === EXIT_CONFIG_ERROR) return 'configuration error (for example a bot token already in use): restarting will not help';
  return 'crashed';
}

import { Fragment } from 'react';
import { tildify } from '../format.js';

/** Commands the engine writes in `backticks`, as code. */
export function codeSpans(text: string): string[] {
  return text.split('`').filter((_, i) => i % 2 === 1);
}

/** A path may break after any slash, never inside a name. */
function breakable(text: string) {
  const parts = text.split('/');
  return parts.map((part, i) => (
    <Fragment key={i}>
      {part}
      {i < parts.length - 1 && (
        <>
          /<wbr />
        </>
      )}
    </Fragment>
  ));
}

/**
 * A sentence from the engine as people should read it: `code` as code, home paths as `~/…`, and
 * long paths broken only at their slashes.
 */
export function MessageText({ text, userHome }: { text: string; userHome: string | null }) {
  return (
    <>
      {tildify(text, userHome)
        .split('`')
        .map((part, i) => (i % 2 === 1 ? <code key={i}>{breakable(part)}</code> : <Fragment key={i}>{breakable(part)}</Fragment>))}
    </>
  );
}

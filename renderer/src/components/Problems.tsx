import { guiNextStep } from '../../../electron/health.js';
import type { Problem } from '../types.js';
import { MessageText } from './MessageText.js';
import { StatusSymbol } from './StatusSymbol.js';

const SYMBOL = { error: 'error', warning: 'warning', info: 'info' } as const;

/** What is wrong, each with what Repair will do about it, or what the user can do instead. */
export function Problems({ problems, userHome }: { problems: Problem[]; userHome: string | null }) {
  if (problems.length === 0) return null;
  return (
    <section className="section" aria-labelledby="problems-title">
      <h2 id="problems-title" className="section-title">
        {problems.length === 1 ? 'Problem' : 'Problems'}
      </h2>
      <ul className="card rows" aria-label="Problems">
        {problems.map((problem) => (
          <li key={problem.code} className="row problem" data-code={problem.code} data-severity={problem.severity}>
            <StatusSymbol tone={SYMBOL[problem.severity]} />
            <div className="row-text">
              <p>
                <MessageText text={problem.message} userHome={userHome} />
              </p>
              {problem.fix ? (
                <p className="secondary">
                  Repair will: <MessageText text={problem.fix} userHome={userHome} />
                </p>
              ) : (
                problem.nextStep && (
                  <p className="secondary">
                    <MessageText text={guiNextStep(problem.nextStep)} userHome={userHome} />
                  </p>
                )
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

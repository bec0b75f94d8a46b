import type { Problem } from '../types.js';

/** What is wrong, each with what Repair will do about it (or what the user can do instead). */
export function Problems({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <section className="section">
      <h2 className="section-title">Problems</h2>
      <ul className="problems" aria-label="Problems">
        {problems.map((problem) => (
          <li key={problem.code} className={`problem problem-${problem.severity}`} data-code={problem.code}>
            <span className="problem-message">{problem.message}</span>
            {problem.fix ? (
              <span className="problem-fix">Repair will: {problem.fix}</span>
            ) : (
              problem.nextStep && <span className="problem-next">Next step: {problem.nextStep}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

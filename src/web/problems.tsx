/**
 * The summary at the top of a refused form: every problem at once, each a link to the field it is
 * about, announced and focused so a screen reader reads it first.
 */
export function ProblemSummary({
  title,
  problems,
}: {
  title: string;
  problems: { id: string; text: string }[];
}) {
  if (problems.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="problems-title" tabindex={-1} autofocus>
      <h2 id="problems-title">{title}</h2>
      <ul>
        {problems.map((p) => (
          <li key={p.id + p.text}>
            <a href={`#${p.id}`}>{p.text}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

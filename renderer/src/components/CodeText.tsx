/** The engine writes commands in `backticks`; show them as code. */
export function codeSpans(text: string): string[] {
  return text.split('`').filter((_, i) => i % 2 === 1);
}

export function CodeText({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}
    </>
  );
}

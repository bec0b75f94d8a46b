/** A short success note (announced politely by screen readers); renders nothing without one. */
export function Notice({ message }: { message: string | null }) {
  if (message === null) return null;
  return (
    <p role="status" className="notice">
      {message}
    </p>
  );
}

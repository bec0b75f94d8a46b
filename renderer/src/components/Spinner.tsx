/** macOS's indeterminate progress indicator: eight spokes fading in turn (still under reduced motion). */
export function Spinner({ label }: { label?: string }) {
  return (
    <span className="spinner" role={label ? 'img' : undefined} aria-label={label} aria-hidden={label ? undefined : true}>
      {Array.from({ length: 8 }, (_, i) => (
        <span key={i} className="spinner-spoke" />
      ))}
    </span>
  );
}

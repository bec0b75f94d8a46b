/** macOS's indeterminate progress indicator: eight spokes fading in turn (still under reduced motion). Decorative: the headline beside it says what happens. */
export function Spinner() {
  return (
    <span className="spinner" aria-hidden="true">
      {Array.from({ length: 8 }, (_, i) => (
        <span key={i} className="spinner-spoke" />
      ))}
    </span>
  );
}

/** A sub-view's bar: Back on the left, the view's title in the middle. */
export function NavBar({ title, onBack }: { title: string; onBack(): void }) {
  return (
    <header className="nav">
      <button type="button" className="back" onClick={onBack}>
        <span aria-hidden="true">‹</span> Back
      </button>
      <h1 className="nav-title">{title}</h1>
    </header>
  );
}

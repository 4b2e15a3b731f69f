/** Marks a metric, rule or surge rule the demo seeded (PULSEBOARD_DEMO=on); it is edited and deleted like any other. */
export function DemoBadge() {
  return (
    <span
      className="badge badge-demo"
      data-testid="demo-badge"
      title="An example seeded by the demo traffic simulator; edit or delete it like any other"
    >
      Demo
    </span>
  );
}

import type { ReactNode } from 'react';

/**
 * A page's title and subtitle; `notice` (a status line under them) and `children` (what stands beside
 * them: a New button, a range picker) only where the page has them.
 */
export function PageHeader({
  title,
  subtitle,
  notice,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  notice?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        <h1 className="page-title">{title}</h1>
        {subtitle !== undefined && <p className="page-subtitle">{subtitle}</p>}
        {notice}
      </div>
      {children}
    </header>
  );
}

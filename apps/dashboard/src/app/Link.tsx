import type { MouseEvent, ReactNode } from 'react';
import { navigate } from './navigation';
import { routePath, type Route } from './router';

/** An anchor that navigates in place; modified clicks (new tab) stay the browser's. */
export function Link({ to, className, children, title }: { to: Route; className?: string; children: ReactNode; title?: string }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={routePath(to)} className={className} onClick={onClick} title={title}>
      {children}
    </a>
  );
}

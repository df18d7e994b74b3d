// The left navigation: the main pages, then grouped ones (Docker, System).
import { hrefFor, type RouteId } from '../state/route';
import { pages, type PageEntry } from './pages';

export function Nav({ current }: { current: RouteId }) {
  const groups = new Map<string, PageEntry[]>();
  for (const page of pages) {
    const key = page.group ?? '';
    groups.set(key, [...(groups.get(key) ?? []), page]);
  }
  return (
    <nav className="app-nav" aria-label="Main">
      <a className="app-brand" href={hrefFor('dashboard')}>
        <span className="app-brand__mark" aria-hidden="true">◆</span> Vigil
      </a>
      {[...groups.entries()].map(([group, entries]) => (
        <div className="nav-group" key={group || 'main'}>
          {group ? <div className="nav-group__title">{group}</div> : null}
          <ul>
            {entries.map((page) => (
              <li key={page.id}>
                <a
                  href={hrefFor(page.id)}
                  className={page.id === current ? 'nav-link nav-link--active' : 'nav-link'}
                  aria-current={page.id === current ? 'page' : undefined}
                  data-testid={`nav-${page.id}`}
                >
                  {page.label}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

// One image's findings grouped by package: a header per package (installed version, the
// version that fixes it, how many findings), then its findings with Ignore / Undo. Findings
// come from vulnerabilities.list sorted by package; the list is virtualized.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { FindingRow } from '../../../shared/contracts/vulnerabilities';
import { MAX_PAGE_SIZE } from '../../../shared/model/paging';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SeverityBadge } from '../../components/Severity';
import { useDebouncedValue } from '../../components/data-table/use-debounced-value';
import { hrefFor } from '../../state/route';
import { useCall } from '../../state/use-call';
import { client } from '../../transport/client';
import { FixStateCell, IgnoreAction, VulnLink } from './finding-bits';
import { groupFindings, summaryText, type FindingGroup } from './group-findings';
import { IgnoreDialog, type IgnoreTarget } from './IgnoreDialog';
import './vulnerabilities.css';

/** Findings loaded for the grouped view; beyond this the flat, paged Vulnerabilities page is the tool. */
export const GROUPED_LIMIT = 5000;
const HEADER_HEIGHT = 46;
const ROW_HEIGHT = 36;

type Item = { kind: 'group'; group: FindingGroup } | { kind: 'finding'; finding: FindingRow; group: FindingGroup };

async function loadFindings(imageId: string, includeIgnored: boolean, filter: string): Promise<{ rows: FindingRow[]; total: number }> {
  const rows: FindingRow[] = [];
  let total = 0;
  do {
    const page = await client().call('vulnerabilities.list', {
      imageId,
      includeIgnored,
      filter: filter || undefined,
      sort: { field: 'package', direction: 'asc' },
      offset: rows.length,
      limit: Math.min(MAX_PAGE_SIZE, GROUPED_LIMIT - rows.length),
    });
    total = page.total;
    rows.push(...page.rows);
    if (page.rows.length === 0) break;
  } while (rows.length < Math.min(total, GROUPED_LIMIT));
  return { rows, total };
}

export function GroupedFindings({ imageId, imageName, version }: { imageId: string; imageName: string; version: string | number }) {
  const [showIgnored, setShowIgnored] = useState(true);
  const [filterText, setFilterText] = useState('');
  const filter = useDebouncedValue(filterText.trim(), 300);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [ignoring, setIgnoring] = useState<IgnoreTarget | null>(null);
  const state = useCall(() => loadFindings(imageId, showIgnored, filter), [imageId, showIgnored, filter, version]);
  const groups = useMemo(() => groupFindings(state.data?.rows ?? []), [state.data]);
  const items = useMemo(() => {
    const out: Item[] = [];
    for (const group of groups) {
      out.push({ kind: 'group', group });
      if (!collapsed.has(group.key)) for (const finding of group.findings) out.push({ kind: 'finding', finding, group });
    }
    return out;
  }, [groups, collapsed]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // A new key function whenever the items change makes the virtualizer measure them again
  // (a group header and a finding row differ in height).
  const getItemKey = useCallback((index: number) => {
    const item = items[index];
    return item ? (item.kind === 'group' ? `g:${item.group.key}` : `f:${item.finding.id}`) : index;
  }, [items]);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (items[index]?.kind === 'group' ? HEADER_HEIGHT : ROW_HEIGHT),
    getItemKey,
    overscan: 10,
  });

  const toggle = (key: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const data = state.data;
  const active = data ? data.rows.filter((f) => !f.ignored).length : 0;
  return (
    <div className="grouped" data-testid="grouped-findings">
      <div className="dt-toolbar">
        <input
          type="search"
          className="dt-filter"
          placeholder="Filter by ID, package or title"
          value={filterText}
          onChange={(e) => setFilterText(e.target.value)}
          aria-label="Filter findings"
          data-testid="grouped-filter"
          maxLength={500}
        />
        <label className="check-field">
          <input type="checkbox" checked={showIgnored} onChange={(e) => setShowIgnored(e.target.checked)} data-testid="grouped-show-ignored" />
          Show ignored
        </label>
        <button type="button" className="button button--small" onClick={() => setCollapsed(collapsed.size ? new Set() : new Set(groups.map((g) => g.key)))} disabled={!groups.length}>
          {collapsed.size ? 'Expand all' : 'Collapse all'}
        </button>
        <span className="dt-spacer" />
        <span className={state.loading ? 'dt-loading dt-loading--on' : 'dt-loading'}>Loading…</span>
        <span className="dt-total" data-testid="grouped-total">
          {data ? summaryText(data.total, data.rows.length, groups.length, showIgnored ? data.rows.length - active : null) : '…'}
        </span>
      </div>
      {data && data.total > data.rows.length ? (
        <div className="notice notice--small" data-testid="grouped-truncated">
          Showing the first {data.rows.length.toLocaleString()} of {data.total.toLocaleString()} findings, by package name. The{' '}
          <a href={hrefFor('vulnerabilities', null, { image: imageId })}>Vulnerabilities page</a> pages through all of them with filters.
        </div>
      ) : null}
      {state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      <div className="grouped__scroll" ref={scrollRef} data-testid="grouped-scroll">
        {data && data.total === 0 ? (
          <p className="grouped__empty muted" data-testid="grouped-empty">
            {filter ? `No finding matches “${filter}”.` : 'No known vulnerabilities in the last scan.'}
          </p>
        ) : null}
        <div className="grouped__body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((v) => {
            const item = items[v.index]!;
            const style = { transform: `translateY(${v.start}px)`, height: v.size };
            if (item.kind === 'group') {
              const g = item.group;
              const open = !collapsed.has(g.key);
              return (
                <div key={`g:${g.key}`} className="group-head" style={style} data-testid="package-group" data-package={g.packageName}>
                  <button type="button" className="group-head__toggle" onClick={() => toggle(g.key)} aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} ${g.packageName}`}>
                    {open ? '▾' : '▸'}
                  </button>
                  <span className="group-head__name mono" title={`${g.packageType} · ${g.packagePath}`}>
                    {g.packageName}
                  </span>
                  <span className="group-head__version mono" title="Installed version">
                    {g.packageVersion}
                  </span>
                  <span className="pill">{g.packageType}</span>
                  <span className="group-head__fix" data-testid="group-fix">
                    {g.fixedIn ? (
                      <>
                        Upgrade to <span className="mono">{g.fixedIn}</span> or later
                        {g.withoutFix ? <span className="muted"> · {g.withoutFix} without a fix</span> : null}
                      </>
                    ) : g.active ? (
                      <span className="muted">No fixed version yet</span>
                    ) : (
                      <span className="muted">All findings ignored</span>
                    )}
                  </span>
                  <span className="dt-spacer" />
                  <span className="group-head__count muted">
                    {g.findings.length} {g.findings.length === 1 ? 'finding' : 'findings'}
                  </span>
                  <SeverityBadge severity={g.worst} />
                </div>
              );
            }
            const f = item.finding;
            return (
              <div
                key={`f:${f.id}`}
                className={f.ignored ? 'finding-row finding-row--ignored' : 'finding-row'}
                style={style}
                data-testid="finding-row"
                data-vuln-id={f.vulnId}
                data-ignored={f.ignored ? 'true' : 'false'}
              >
                <VulnLink finding={f} />
                <SeverityBadge severity={f.severity} />
                <span className="num" title={f.cvss.map((c) => `${c.type} ${c.score ?? '?'} ${c.vector}${c.source ? ` (${c.source})` : ''}`).join('\n') || 'No CVSS score'}>
                  {f.cvssScore === null ? <span className="muted">—</span> : f.cvssScore.toFixed(1)}
                </span>
                <FixStateCell state={f.fixState} />
                <span className="mono cell-clip" title={f.fixedVersion ?? undefined}>
                  {f.fixedVersion ?? <span className="muted">—</span>}
                </span>
                <span className="cell-clip" title={f.title ?? undefined}>
                  {f.title ?? <span className="muted">—</span>}
                </span>
                <span className="num muted" title={`Layer ${f.layerIndex}: ${f.layerDiffId}`}>
                  L{f.layerIndex}
                </span>
                <span className="cell-clip">
                  <IgnoreAction finding={f} onIgnore={(finding) => setIgnoring({ vulnId: finding.vulnId, imageId, imageName, packageName: finding.packageName })} />
                </span>
              </div>
            );
          })}
        </div>
      </div>
      {ignoring ? <IgnoreDialog target={ignoring} onClose={() => setIgnoring(null)} /> : null}
    </div>
  );
}

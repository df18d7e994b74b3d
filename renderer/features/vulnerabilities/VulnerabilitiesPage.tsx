// Every finding of every image's last scan, filtered and sorted on the server and paged as
// the user scrolls (100,000 findings move one page at a time). Filters live in the address
// (#/vulnerabilities?severity=critical,high&image=…) so the dashboard can link to them.
import { useCallback, useMemo, useState } from 'react';
import type { FindingRow } from '../../../shared/contracts/vulnerabilities';
import { fixStates, type FixState } from '../../../shared/model/finding';
import { packageTypes, type PackageType } from '../../../shared/model/package';
import type { PageQuery } from '../../../shared/model/paging';
import { severities, type Severity } from '../../../shared/model/severity';
import { DataTable } from '../../components/data-table/DataTable';
import { MultiSelect } from '../../components/MultiSelect';
import { severityLabels } from '../../components/Severity';
import { useFindings } from '../../state/findings-store';
import { hrefFor, queryList, routeQuery } from '../../state/route';
import { useFinishedCount } from '../../state/tasks-store';
import { useCall } from '../../state/use-call';
import { useHash } from '../../state/use-route';
import { client } from '../../transport/client';
import { fixStateLabels } from './finding-bits';
import { findingColumns, type FindingSortField } from './finding-columns';
import { IgnoreDialog, type IgnoreTarget } from './IgnoreDialog';
import { IgnoreRulesPanel } from './IgnoreRulesPanel';
import './vulnerabilities.css';

export interface FindingFilters {
  severities: Severity[];
  fixStates: FixState[];
  packageTypes: PackageType[];
  imageId: string;
  includeIgnored: boolean;
}

export function filtersFromHash(hash: string): FindingFilters {
  const query = routeQuery(hash);
  return {
    severities: queryList(query, 'severity', severities),
    fixStates: queryList(query, 'fix', fixStates),
    packageTypes: queryList(query, 'type', packageTypes),
    imageId: query.get('image') ?? '',
    includeIgnored: query.get('ignored') === '1',
  };
}

export function hashForFilters(f: FindingFilters): string {
  return hrefFor('vulnerabilities', null, { severity: f.severities, fix: f.fixStates, type: f.packageTypes, image: f.imageId || null, ignored: f.includeIgnored ? '1' : null });
}

const severityChoices = severities.map((s) => ({ value: s, label: severityLabels[s] }));
const fixChoices = fixStates.map((s) => ({ value: s, label: fixStateLabels[s] }));
const typeChoices = packageTypes.map((t) => ({ value: t, label: t }));

export function VulnerabilitiesPage() {
  const hash = useHash();
  const filters = useMemo(() => filtersFromHash(hash), [hash]);
  const setFilters = (patch: Partial<FindingFilters>) => {
    // replaceState: filter changes are not worth a Back step each; hashchange is fired by hand.
    const next = hashForFilters({ ...filters, ...patch });
    window.history.replaceState(null, '', next);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  };
  const [ignoring, setIgnoring] = useState<IgnoreTarget | null>(null);
  const [showRules, setShowRules] = useState(false);
  const findingsVersion = useFindings((s) => s.version);
  const scansFinished = useFinishedCount('images.scan', 'images.scanRepository');
  const images = useCall(() => client().call('images.list', { offset: 0, limit: 1000, sort: { field: 'name', direction: 'asc' } }), [scansFinished]);
  const scanned = (images.data?.rows ?? []).filter((r) => r.lastScan);
  const unknownImage = filters.imageId && images.data && !scanned.some((r) => r.id === filters.imageId);

  const fetchPage = useCallback(
    (query: PageQuery<FindingSortField>) =>
      client().call('vulnerabilities.list', {
        ...query,
        severities: filters.severities.length ? filters.severities : undefined,
        fixStates: filters.fixStates.length ? filters.fixStates : undefined,
        packageTypes: filters.packageTypes.length ? filters.packageTypes : undefined,
        imageId: filters.imageId || undefined,
        includeIgnored: filters.includeIgnored,
      }),
    [filters],
  );
  const columns = useMemo(() => findingColumns((f: FindingRow) => setIgnoring({ vulnId: f.vulnId, imageId: f.imageId, imageName: f.imageName, packageName: f.packageName })), []);
  const filtered = filters.severities.length + filters.fixStates.length + filters.packageTypes.length > 0 || filters.imageId !== '' || filters.includeIgnored;

  return (
    <div className="page page--table">
      <p className="page__intro">Known vulnerabilities in the packages of every scanned image (from each image’s last scan). Ignored findings are hidden unless you ask for them.</p>
      <div className="vuln-filters" data-testid="vuln-filters">
        <MultiSelect label="Severity" choices={severityChoices} selected={filters.severities} onChange={(v) => setFilters({ severities: v })} testId="filter-severity" />
        <MultiSelect label="Fix" choices={fixChoices} selected={filters.fixStates} onChange={(v) => setFilters({ fixStates: v })} testId="filter-fix" />
        <MultiSelect label="Type" choices={typeChoices} selected={filters.packageTypes} onChange={(v) => setFilters({ packageTypes: v })} testId="filter-type" />
        <label className="form-row">
          <span className="muted">Image</span>
          <select className="image-select" value={filters.imageId} onChange={(e) => setFilters({ imageId: e.target.value })} data-testid="filter-image">
            <option value="">All images</option>
            {unknownImage ? <option value={filters.imageId}>{filters.imageId}</option> : null}
            {scanned.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label className="check-field">
          <input type="checkbox" checked={filters.includeIgnored} onChange={(e) => setFilters({ includeIgnored: e.target.checked })} data-testid="filter-ignored" />
          Include ignored
        </label>
        {filtered ? (
          <button type="button" className="button button--link" onClick={() => setFilters({ severities: [], fixStates: [], packageTypes: [], imageId: '', includeIgnored: false })} data-testid="filter-clear">
            Clear filters
          </button>
        ) : null}
        <span className="dt-spacer" />
        <button type="button" className="button" onClick={() => setShowRules((v) => !v)} aria-expanded={showRules} data-testid="toggle-ignore-rules">
          {showRules ? 'Hide ignore rules' : 'Ignore rules'}
        </button>
      </div>
      <div className={showRules ? 'vuln-layout vuln-layout--panel' : 'vuln-layout'}>
        <DataTable
          name="vulnerabilities"
          label="Vulnerabilities"
          columns={columns}
          fetchPage={fetchPage}
          rowKey={(f) => String(f.id)}
          defaultSort={{ field: 'severity', direction: 'desc' }}
          queryKey={JSON.stringify(filters)}
          version={`${findingsVersion}:${scansFinished}`}
          filterPlaceholder="Filter by ID, alias, package or title"
          emptyText={filtered ? 'No finding matches these filters.' : 'No findings: scan an image, or nothing known is vulnerable.'}
        />
        {showRules ? <IgnoreRulesPanel onClose={() => setShowRules(false)} /> : null}
      </div>
      {ignoring ? <IgnoreDialog target={ignoring} onClose={() => setIgnoring(null)} /> : null}
    </div>
  );
}

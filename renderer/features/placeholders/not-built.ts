// What each page that is not built yet will do, in one sentence from SPEC.md.
export type PendingFeature = 'policies' | 'alerts' | 'clusters' | 'reports';

export const pendingFeatures: Record<PendingFeature, { title: string; specSection: string; will: string }> = {
  policies: {
    title: 'Policies',
    specSection: '§2 Security policies',
    will: 'Per-image process whitelists and file protection (directories under watch), created, edited, applied to images and pushed to every agent.',
  },
  alerts: {
    title: 'Runtime alerts',
    specSection: '§3 Runtime security',
    will: 'Alerts from the detection agent on every node and on the local Docker engine — malware, escape exploits, reverse shells, privilege escalation, processes off the whitelist, changes to protected files, abnormal container starts — pulled from its event stream.',
  },
  clusters: {
    title: 'Clusters',
    specSection: '§4 Cluster protection',
    will: 'Clusters from your kubeconfig: deploy or remove the detection agent (namespace, service account, least-privilege RBAC, DaemonSet), diagnose agents that do not start or connect, and check and configure API server audit logging.',
  },
  reports: {
    title: 'Reports',
    specSection: '§5 Operations, reports, access',
    will: 'Compliance reports in PDF, HTML, CSV and JSON for a cluster or an image set — vulnerabilities, baseline, runtime alerts — mapped to MLPS 2.0 (等保) and CIS benchmarks.',
  },
};

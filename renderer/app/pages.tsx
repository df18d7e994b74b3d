// Every page of the app, by route: its label in the navigation and what renders it.
import type { ComponentType } from 'react';
import { ContainersPage } from '../features/containers/ContainersPage';
import { DockerHostPage } from '../features/containers/DockerHostPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { ImagesPage } from '../features/images/ImagesPage';
import { NotBuiltPage } from '../features/placeholders/NotBuiltPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { TrailPage } from '../features/trail/TrailPage';
import { VulnerabilitiesPage } from '../features/vulnerabilities/VulnerabilitiesPage';
import type { RouteId } from '../state/route';

export interface PageEntry {
  id: RouteId;
  label: string;
  /** Navigation group heading; undefined for the main list. */
  group?: string;
  component: ComponentType;
}

export const pages: PageEntry[] = [
  { id: 'dashboard', label: 'Dashboard', component: DashboardPage },
  { id: 'images', label: 'Images', component: ImagesPage },
  { id: 'vulnerabilities', label: 'Vulnerabilities', component: VulnerabilitiesPage },
  { id: 'policies', label: 'Policies', component: () => <NotBuiltPage feature="policies" /> },
  { id: 'alerts', label: 'Alerts', component: () => <NotBuiltPage feature="alerts" /> },
  { id: 'clusters', label: 'Clusters', component: () => <NotBuiltPage feature="clusters" /> },
  { id: 'reports', label: 'Reports', component: () => <NotBuiltPage feature="reports" /> },
  { id: 'containers', label: 'Containers', group: 'Docker', component: ContainersPage },
  { id: 'docker-host', label: 'Docker host', group: 'Docker', component: DockerHostPage },
  { id: 'settings', label: 'Settings', group: 'System', component: SettingsPage },
  { id: 'trail', label: 'Operation trail', group: 'System', component: TrailPage },
];

export function pageFor(id: RouteId): PageEntry {
  return pages.find((p) => p.id === id) ?? pages[0]!;
}

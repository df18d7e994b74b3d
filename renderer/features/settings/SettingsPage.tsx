import { BackupForm } from './BackupForm';
import { DockerFacts } from './DockerFacts';
import { DoctorChecks } from './DoctorChecks';
import { SessionFacts } from './SessionFacts';
import { ThemePicker } from './ThemePicker';
import './settings.css';

export function SettingsPage() {
  return (
    <div className="page settings">
      <ThemePicker />
      <SessionFacts />
      <DoctorChecks />
      <DockerFacts />
      <BackupForm />
    </div>
  );
}

import { BackupForm } from './BackupForm';
import { DockerFacts } from './DockerFacts';
import { DoctorChecks } from './DoctorChecks';
import { RegistriesSection } from './RegistriesSection';
import { MalwareSection } from './MalwareSection';
import { ScanSchedule } from './ScanSchedule';
import { SessionFacts } from './SessionFacts';
import { ThemePicker } from './ThemePicker';
import { VulnDbSection } from './VulnDbSection';
import '../../components/dialog.css';
import './settings.css';

export function SettingsPage() {
  return (
    <div className="page settings">
      <ThemePicker />
      <VulnDbSection />
      <MalwareSection />
      <ScanSchedule />
      <RegistriesSection />
      <SessionFacts />
      <DoctorChecks />
      <DockerFacts />
      <BackupForm />
    </div>
  );
}

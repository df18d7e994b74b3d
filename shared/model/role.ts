// Who is calling: roles decide which operations run (SPEC §5 "Roles").
import { z } from 'zod';

export const roles = ['administrator', 'full-access', 'read-only'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const roleLabels: Record<Role, string> = {
  administrator: 'Administrator',
  'full-access': 'Full access',
  'read-only': 'Read-only (auditor)',
};

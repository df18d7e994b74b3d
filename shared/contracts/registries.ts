// Saved private-registry credentials. Passwords go in (registries.save) and never come out:
// the list shows hosts and users only, and scans look the password up inside the core.
import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../model/paging';
import { defineOperation } from './operation';

export const secretBoxKinds = ['os-keychain', 'passphrase'] as const;
export const secretBoxKindSchema = z.enum(secretBoxKinds);
export type SecretBoxKind = z.infer<typeof secretBoxKindSchema>;

/** What seals the passwords in this process, and whether it can seal or open one right now. */
export const secretBoxStateSchema = z.object({
  kind: secretBoxKindSchema,
  /** False when nothing can encrypt here (no OS keychain, no database): credentials cannot be saved. */
  available: z.boolean(),
  /** A passphrase box before its passphrase is given; always false for the OS keychain. */
  locked: z.boolean(),
  /** A passphrase box whose passphrase was chosen once (false: the first unlock chooses it). */
  configured: z.boolean(),
  /** Why it is unavailable or locked, in a sentence the UI can show. */
  message: z.string().nullable(),
});
export type SecretBoxState = z.infer<typeof secretBoxStateSchema>;

export const savedRegistrySchema = z.object({
  /** Normalised: lower case host[:port], Docker Hub's aliases as docker.io. */
  host: z.string(),
  username: z.string(),
  insecure: z.boolean(),
  /** Which kind of box sealed the password (the desktop app and `vigil serve` differ). */
  sealedBy: secretBoxKindSchema,
  /** False when this process's box cannot open it (another kind of box sealed it). */
  usable: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedRegistry = z.infer<typeof savedRegistrySchema>;

export const registriesList = defineOperation({
  name: 'registries.list',
  kind: 'query',
  summary: 'Saved registry credentials (hosts and users, never passwords) and the state of the box that seals them',
  input: z
    .object({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(100),
    })
    .default({ offset: 0, limit: 100 }),
  output: z.object({ box: secretBoxStateSchema, rows: z.array(savedRegistrySchema), total: z.number().int().min(0) }),
});

const hostField = z.string().trim().min(1, 'host: name the registry, e.g. registry.example.com:5000').max(300, 'host: at most 300 characters');

export const registriesSave = defineOperation({
  name: 'registries.save',
  kind: 'mutation',
  writes: 'local',
  adminOnly: true,
  summary: 'Save (or replace) the credentials of one registry; the password is encrypted before it is stored',
  input: z
    .object({
      host: hostField,
      username: z.string().trim().min(1, 'username: give the registry user').max(300, 'username: at most 300 characters'),
      // The field is named password so that the operation trail redacts it (main/core/rpc/redact.ts).
      password: z.string().min(1, 'password: give the password or token').max(10_000, 'password: at most 10,000 characters'),
      insecure: z.boolean().default(false),
    })
    .strict(),
  output: savedRegistrySchema,
});

export const registriesRemove = defineOperation({
  name: 'registries.remove',
  kind: 'mutation',
  writes: 'local',
  adminOnly: true,
  summary: 'Forget the saved credentials of one registry',
  input: z.object({ host: hostField }).strict(),
  output: z.object({ removed: z.boolean() }),
});

export const registriesUnlock = defineOperation({
  name: 'registries.unlock',
  kind: 'mutation',
  // The first unlock stores the passphrase's salt and verifier; later ones only change memory.
  writes: 'local',
  summary: 'Give the passphrase that opens saved registry passwords (the first time, choose it); kept in memory only',
  input: z
    .object({
      passphrase: z.string().min(1, 'passphrase: give the passphrase').max(1000, 'passphrase: at most 1,000 characters'),
    })
    .strict(),
  output: secretBoxStateSchema,
});

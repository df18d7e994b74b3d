// The runtime alerts of SPEC §3 "abnormal container start" that container checks raise.
import type { CheckAlert } from './check-result';

export const containerAlerts = {
  securityOptions: { name: '容器安全选项', label: 'Container security options' },
  mounts: { name: '容器挂载目录', label: 'Container mount directories' },
  namespaces: { name: '容器命名空间', label: 'Container namespaces' },
  imageBlock: { name: '容器镜像阻断', label: 'Blocked container image' },
} as const satisfies Record<string, CheckAlert>;

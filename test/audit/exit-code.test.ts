import { describe, expect, test } from 'vitest';
import { auditExitCode } from '../../server/src/cli/auditRun.js';
import type { AuditReport } from '../../server/src/audit/types.js';

type Status = AuditReport['checks'][number]['status'];
const report = (statuses: Status[], stopped?: AuditReport['stopped']) =>
  ({ ...(stopped ? { stopped } : {}), checks: statuses.map((status) => ({ status })) }) as unknown as Pick<AuditReport, 'stopped' | 'checks'>;

describe('auditExitCode', () => {
  test('0 when nothing is flagged, 1 when a check is flagged', () => {
    expect(auditExitCode(report(['ok', 'ok']))).toBe(0);
    expect(auditExitCode(report(['ok', 'flagged']))).toBe(1);
  });

  test('a check that could not be measured gives 2, also beside a flagged check (as an I/O error wins over findings in lint)', () => {
    expect(auditExitCode(report(['error']))).toBe(2);
    expect(auditExitCode(report(['flagged', 'error']))).toBe(2);
    expect(auditExitCode(report(['error', 'flagged', 'ok']))).toBe(2);
  });

  test('a cancelled run gives 130 whatever its checks say', () => {
    expect(auditExitCode(report(['flagged', 'error'], 'cancelled'))).toBe(130);
    expect(auditExitCode(report(['ok'], 'cancelled'))).toBe(130);
  });
});

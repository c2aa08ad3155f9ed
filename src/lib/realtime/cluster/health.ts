/** What `GET /api/health` answers; nginx and load balancers read the status, people the body. */
export interface HealthReport {
  ok: boolean;
  instance: string;
  backplane: { kind: 'memory' | 'redis'; healthy: boolean };
  /** Seconds since this process started. */
  uptimeSeconds: number;
}

/** The health of one instance: healthy exactly when its backplane is (a process without one cannot serve its feeds). */
export function healthReport(instance: string, backplane: HealthReport['backplane']): { status: 200 | 503; body: HealthReport } {
  const ok = backplane.healthy;
  return {
    status: ok ? 200 : 503,
    body: { ok, instance, backplane, uptimeSeconds: Math.round(process.uptime()) },
  };
}

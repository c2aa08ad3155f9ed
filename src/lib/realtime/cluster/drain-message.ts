/** What an instance sends its runner over IPC to drain one instance of the cluster (CLUSTER_DEMO only). */
export interface DrainRequest {
  type: 'drain';
  instance: string;
}

/** True for a well-formed drain request; anything else on the channel is ignored. */
export function isDrainRequest(message: unknown): message is DrainRequest {
  if (typeof message !== 'object' || message === null) return false;
  const candidate = message as Record<string, unknown>;
  return candidate.type === 'drain' && typeof candidate.instance === 'string';
}
